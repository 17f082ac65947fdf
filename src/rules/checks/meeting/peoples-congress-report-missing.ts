import { decidingHead, whenMissing } from '../support'

/** Art. 8: a matter for the people's congress issued without reporting to its standing committee. */
export const peoplesCongressReportMissing = whenMissing('peoples_congress_report', 'peoples-congress-report-missing', {
  who: decidingHead,
})
