import { whenMissing } from '../support'

/**
 * Art. 31: issued (published) with no report to the Party committee before it. The organ head
 * answers as of the publication's date (rules.md §4: the directory "as of the event's date"): who
 * led the organ when it issued the decision without reporting.
 */
export const partyReportMissing = whenMissing('party_report', 'party-report-missing')
