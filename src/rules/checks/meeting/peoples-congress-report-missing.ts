import { whenMissing } from '../support'

/**
 * Art. 8: a matter for the people's congress issued without reporting to its standing committee.
 * The organ head answers as of the publication's date, as for the Party report.
 */
export const peoplesCongressReportMissing = whenMissing('peoples_congress_report', 'peoples-congress-report-missing')
