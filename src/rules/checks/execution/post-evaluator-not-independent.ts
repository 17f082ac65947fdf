import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 36(2): the post-evaluation may not go to a body that carried the main argumentation or
 * assessment before the decision: the risk assessor, the organization of a panel expert (by
 * directory position at the panel's date, or by the affiliation named on the panel), or an
 * institution that gave the expert argumentation itself (Art. 19: 专业机构), i.e. an opinion
 * commissioned or stamped whose expertName is the organization's registered name. Names are
 * matched as panel affiliations are: equal to the directory's name of the organization.
 */
export const postEvaluatorNotIndependent: Check = (c) =>
  ofType(c.cycle.events, 'PostEvaluationCompleted').flatMap((ev) => {
    const org = ev.data.evaluatorOrgId
    const before = c.ctx.events.filter((e) => e.order < ev.order)
    const assessments = ofType(before, 'RiskAssessmentCompleted').filter((a) => a.data.assessorOrgId === org)
    const orgName = c.ctx.directory.orgName(org)
    const isOrg = (name: string) => orgName !== undefined && name === orgName
    const panels = ofType(before, 'ExpertPanelFormed').filter((p) =>
      p.data.experts.some(
        (x) =>
          isOrg(x.affiliation) ||
          (x.personId !== undefined &&
            c.ctx.directory.positionsAt(org, c.ctx.date(p.occurredAt)).some((pos) => pos.personId === x.personId)),
      ),
    )
    const opinions = ofType(before, 'ExpertOpinionSubmitted').filter(
      (o) => (o.data.form === 'commissioned' || o.data.stamped === true) && isOrg(o.data.expertName),
    )
    const roles = [
      assessments.length ? 'risk_assessment' : undefined,
      panels.length || opinions.length ? 'expert_argumentation' : undefined,
    ].filter((x): x is string => x !== undefined)
    if (!roles.length) return []
    return [
      draft(c, 'post-evaluator-not-independent', {
        anchor: ev,
        events: [...assessments, ...panels, ...opinions, ev],
        detail: { evaluatorOrgId: org, roles },
      }),
    ]
  })
