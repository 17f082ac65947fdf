import { ofType } from '../../engine/events'
import { instantMs } from '../../time'
import { type Check, draft } from '../support'

/** Art. 15: the period closed before the end that was announced to the public. */
export const commentPeriodClosedEarly: Check = (c) =>
  ofType(c.cycle.events, 'PublicCommentClosed').flatMap((close) => {
    const open = ofType(c.ctx.events, 'PublicCommentOpened')
      .filter((o) => o.order < close.order)
      .at(-1)
    if (!open) return []
    const closed = instantMs(close.data.closedAt)
    const announced = instantMs(open.data.closesAt)
    if (closed === undefined || announced === undefined || closed >= announced) return []
    const cal = c.ctx.cal
    return [
      draft(c, 'comment-period-closed-early', {
        anchor: close,
        events: [open, close],
        detail: {
          days: cal.days(open.data.opensAt, close.data.closedAt) ?? null,
          announcedDays: cal.days(open.data.opensAt, open.data.closesAt) ?? null,
          daysEarly: cal.days(close.data.closedAt, open.data.closesAt) ?? null,
          closedAt: close.data.closedAt,
          closesAt: open.data.closesAt,
        },
      }),
    ]
  })
