import { ofType } from '../../engine/events'
import { instantMs } from '../../time'
import { type Check, draft } from '../support'

/** Art. 16(3): the list of hearing participants not published before the hearing. */
export const hearingParticipantsNotPublished: Check = (c) =>
  ofType(c.cycle.events, 'HearingHeld').flatMap((held) => {
    const heldMs = instantMs(held.data.heldAt) ?? held.ms
    const published = ofType(c.ctx.events, 'HearingParticipantsPublished').some(
      (p) => p.order < held.order && p.ms < heldMs,
    )
    return published
      ? []
      : [
          draft(c, 'hearing-participants-not-published', {
            anchor: held,
            events: [held],
            detail: { heldAt: held.data.heldAt },
          }),
        ]
  })
