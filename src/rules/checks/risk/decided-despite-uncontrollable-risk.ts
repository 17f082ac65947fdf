import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/** Art. 24: approved while the last assessment before the meeting judged the risk uncontrollable. */
export const decidedDespiteUncontrollableRisk: Check = (c) =>
  ofType(c.cycle.discussions, 'CollectiveDiscussionHeld').flatMap((m) => {
    if (m.data.outcome !== 'approve' && m.data.outcome !== 'amend') return []
    const last = ofType(c.ctx.events, 'RiskAssessmentCompleted')
      .filter((a) => a.order < m.order)
      .at(-1)
    if (!last || last.data.controllable) return []
    return [
      draft(c, 'decided-despite-uncontrollable-risk', {
        anchor: m,
        events: [last, m],
        detail: {
          assessmentEventId: last.eventId,
          controllable: false,
          level: last.data.level ?? null,
          outcome: m.data.outcome,
        },
        who: { headId: m.data.headId },
      }),
    ]
  })
