import { decidingHead, whenMissing } from '../support'

/** Art. 31: issued (published) with no report to the Party committee before it. */
export const partyReportMissing = whenMissing('party_report', 'party-report-missing', { who: decidingHead })
