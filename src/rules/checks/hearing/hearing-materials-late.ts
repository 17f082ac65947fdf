import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 16(3): materials delivered fewer than hearingMaterialsMinDays before the hearing, or not
 * at all. The latest delivery before the hearing in the same cycle counts: material delivered
 * later was late, and after a major adjustment the procedure applies again to events after it
 * (domain.md §1.2), so a hearing re-held in a new cycle needs its own delivery.
 */
export const hearingMaterialsLate: Check = (c) => {
  const required = c.ctx.params.hearingMaterialsMinDays
  return ofType(c.cycle.events, 'HearingHeld').flatMap((held) => {
    const delivery = ofType(c.cycle.events, 'HearingMaterialsDelivered')
      .filter((d) => d.order < held.order)
      .at(-1)
    const days = delivery ? (c.ctx.cal.days(delivery.data.deliveredAt, held.data.heldAt) ?? null) : null
    if (days !== null && days >= required) return []
    return [
      draft(c, 'hearing-materials-late', {
        anchor: held,
        events: [delivery, held],
        detail: { days, required, delivered: delivery !== undefined },
      }),
    ]
  })
}
