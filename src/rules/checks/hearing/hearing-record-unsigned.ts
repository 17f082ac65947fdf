import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/** Art. 17(3): participants did not all confirm and sign the hearing record. */
export const hearingRecordUnsigned: Check = (c) =>
  ofType(c.cycle.events, 'HearingHeld')
    .filter((h) => !h.data.recordSignedByAll)
    .map((h) =>
      draft(c, 'hearing-record-unsigned', {
        anchor: h,
        events: [h],
        detail: { recordSignedByAll: false, participants: h.data.participants.length },
      }),
    )
