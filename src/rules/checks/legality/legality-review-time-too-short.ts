import { addDays } from '../../time'
import { type Check, type CheckContext, draft } from '../support'
import { type ReviewWindow, reviewWindows } from './review-window'

/**
 * Art. 26(2): workingDays(request date, end) < legalityReviewMinWorkingDays, where end is the day
 * before the first discussion after the request, or neededBy if earlier (rules.md §2) — for each
 * request of the cycle. A reason given in the opinion (shortReviewReason) lowers it to a warning.
 */
export const legalityReviewTimeTooShort: Check = (c) => reviewWindows(c.cycle).flatMap((w) => judged(c, w))

function judged(c: CheckContext, { request, discussion, opinion }: ReviewWindow) {
  const requested = c.ctx.date(request.occurredAt)
  const dayBefore = discussion ? addDays(c.ctx.date(discussion.data.heldAt), -1) : undefined
  const neededBy = request.data.neededBy
  const byNeed = neededBy !== undefined && (dayBefore === undefined || neededBy < dayBefore)
  const end = byNeed ? neededBy : dayBefore
  if (end === undefined) return []
  const endsBy = byNeed ? 'neededBy' : 'discussion'
  const required = c.ctx.params.legalityReviewMinWorkingDays
  const workingDays = c.ctx.cal.workingDays(requested, end) ?? 0
  if (workingDays >= required) return []
  const reason = opinion?.data.shortReviewReason
  const input = {
    anchor: request,
    events: [request, opinion, endsBy === 'discussion' ? discussion : undefined],
    detail: { workingDays, required, requestedOn: requested, endsOn: end, endsBy, shortReviewReason: reason ?? null },
  }
  return [draft(c, 'legality-review-time-too-short', reason === undefined ? input : { ...input, severity: 'warning' })]
}
