import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/** Art. 37: stopping a decision needs the statutory procedure — a collective discussion deciding `terminate`. */
export const terminationWithoutProcedure: Check = (c) =>
  ofType(c.cycle.events, 'DecisionTerminated').flatMap((t) => {
    const meetings = ofType(c.ctx.events, 'CollectiveDiscussionHeld').filter(
      (m) => m.order < t.order && m.data.outcome === 'terminate',
    )
    const named = t.data.meetingEventId
    const meeting = named === undefined ? meetings.at(-1) : meetings.find((m) => m.eventId === named)
    if (meeting) return []
    return [
      draft(c, 'termination-without-procedure', { anchor: t, events: [t], detail: { meetingEventId: named ?? null } }),
    ]
  })
