import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/** Art. 23(2): the report lacks risk points, prevention measures, a contingency plan or department opinions. */
export const riskReportIncomplete: Check = (c) =>
  ofType(c.cycle.events, 'RiskAssessmentCompleted').flatMap((e) => {
    const d = e.data
    const missing = [
      d.riskPoints.length ? undefined : 'riskPoints',
      d.preventionMeasures.length ? undefined : 'preventionMeasures',
      d.contingencyPlan ? undefined : 'contingencyPlan',
      d.departmentOpinions.length ? undefined : 'departmentOpinions',
    ].filter((x): x is string => x !== undefined)
    if (!missing.length) return []
    return [
      draft(c, 'risk-report-incomplete', {
        anchor: e,
        events: [e],
        detail: { missing },
        who: { orgId: d.assessorOrgId },
      }),
    ]
  })
