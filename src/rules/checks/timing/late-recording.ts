import { OVERSIGHT_TYPES } from '../../engine/events'
import { type Check, draft } from '../support'

// Inspection, accountability and public feedback are not procedure steps of the decision.
const EXEMPT = new Set<string>([...OVERSIGHT_TYPES, 'PublicFeedbackReceived'])

/** Policy (Art. 39 弄虚作假 risk): a step recorded more than lateRecordingWorkingDays after it happened. */
export const lateRecording: Check = (c) => {
  const max = c.ctx.params.lateRecordingWorkingDays
  return c.cycle.events.flatMap((e) => {
    if (EXEMPT.has(e.type)) return []
    const workingDays = c.ctx.cal.workingDays(e.occurredAt, e.recordedAt)
    if (workingDays === undefined || workingDays <= max) return []
    return [
      draft(c, 'late-recording', {
        anchor: e,
        events: [e],
        detail: { workingDays, max, type: e.type, occurredAt: e.occurredAt, recordedAt: e.recordedAt },
        who: { orgId: e.actor.orgId },
      }),
    ]
  })
}
