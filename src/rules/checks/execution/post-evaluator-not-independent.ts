import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 36(2): the post-evaluation may not go to a body that carried the main argumentation or
 * assessment before the decision: the risk assessor, or the organization of a panel expert
 * (by directory position at the panel's date, or by the affiliation named on the panel).
 */
export const postEvaluatorNotIndependent: Check = (c) =>
  ofType(c.cycle.events, 'PostEvaluationCompleted').flatMap((ev) => {
    const org = ev.data.evaluatorOrgId
    const before = c.ctx.events.filter((e) => e.order < ev.order)
    const assessments = ofType(before, 'RiskAssessmentCompleted').filter((a) => a.data.assessorOrgId === org)
    const orgName = c.ctx.directory.orgName(org)
    const panels = ofType(before, 'ExpertPanelFormed').filter((p) =>
      p.data.experts.some(
        (x) =>
          (orgName !== undefined && x.affiliation === orgName) ||
          (x.personId !== undefined &&
            c.ctx.directory.positionsAt(org, c.ctx.date(p.occurredAt)).some((pos) => pos.personId === x.personId)),
      ),
    )
    const roles = [
      assessments.length ? 'risk_assessment' : undefined,
      panels.length ? 'expert_argumentation' : undefined,
    ].filter((x): x is string => x !== undefined)
    if (!roles.length) return []
    return [
      draft(c, 'post-evaluator-not-independent', {
        anchor: ev,
        events: [...assessments, ...panels, ev],
        detail: { evaluatorOrgId: org, roles },
      }),
    ]
  })
