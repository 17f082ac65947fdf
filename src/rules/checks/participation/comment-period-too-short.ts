import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 15: the announced period, days(opensAt, closesAt), under commentMinDays with no reason
 * stated when opening. A stated shortenedReason is the Article's own exception, so no finding.
 */
export const commentPeriodTooShort: Check = (c) => {
  const required = c.ctx.params.commentMinDays
  return ofType(c.cycle.events, 'PublicCommentOpened').flatMap((e) => {
    const days = c.ctx.cal.days(e.data.opensAt, e.data.closesAt)
    if (days === undefined || days >= required || e.data.shortenedReason !== undefined) return []
    return [
      draft(c, 'comment-period-too-short', {
        anchor: e,
        events: [e],
        detail: { days, required, opensAt: e.data.opensAt, closesAt: e.data.closesAt },
      }),
    ]
  })
}
