import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 37: the head may suspend first only on an Art. 35 situation (an ExecutionIssueReported)
 * AND in urgency. The ground is the event named by groundEventId, else any issue reported before.
 */
export const suspensionWithoutGround: Check = (c) =>
  ofType(c.cycle.events, 'DecisionSuspended').flatMap((s) => {
    const issues = ofType(c.ctx.events, 'ExecutionIssueReported').filter((i) => i.order < s.order)
    const ground =
      s.data.groundEventId === undefined ? issues.at(-1) : issues.find((i) => i.eventId === s.data.groundEventId)
    const lacking = [ground ? undefined : 'ground', s.data.urgent ? undefined : 'urgency'].filter(
      (x): x is string => x !== undefined,
    )
    if (!lacking.length) return []
    return [
      draft(c, 'suspension-without-ground', {
        anchor: s,
        events: [ground, s],
        detail: { lacking, urgent: s.data.urgent, groundEventId: s.data.groundEventId ?? null },
        who: { headId: s.data.byHead },
      }),
    ]
  })
