import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Local caps (10 or 15 working days): the review body took longer than
 * legalityReviewMaxWorkingDays from the request to its opinion (or to returning the request).
 * While no answer has come, the time runs to asOf and the finding appears once an answer on
 * asOf's date would take more than the cap: from the first working day after the cap's last
 * day, when the obligation legality_review turns missing too (obligations/review.ts).
 */
export const legalityReviewOverdue: Check = (c) => {
  const max = c.ctx.params.legalityReviewMaxWorkingDays
  if (max === null) return []
  const requests = ofType(c.cycle.events, 'LegalityReviewRequested')
  return requests.flatMap((request, i) => {
    const next = requests[i + 1]
    const answers = c.cycle.events.filter(
      (e) =>
        (e.type === 'LegalityReviewOpinionIssued' || e.type === 'LegalityReviewReturned') &&
        e.order > request.order &&
        (!next || e.order < next.order),
    )
    const answer = answers[0]
    if (!answer && next) return []
    const end = answer ? c.ctx.date(answer.occurredAt) : c.ctx.asOfDate
    const workingDays = c.ctx.cal.workingDays(request.occurredAt, end) ?? 0
    if (workingDays <= max) return []
    const who = { orgId: request.data.reviewBodyId }
    return [
      draft(c, 'legality-review-overdue', {
        anchor: request,
        events: [request, answer],
        detail: { workingDays, max, answered: answer !== undefined },
        who,
      }),
    ]
  })
}
