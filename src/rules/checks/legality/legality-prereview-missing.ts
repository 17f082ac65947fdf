import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Two-tier review (Shanghai 沪府办发〔2020〕5号 Arts. 4-5): the undertaking unit's own legal office
 * pre-reviews in writing before the first request to the review body. A pre-review by the review
 * body itself is not the unit's own.
 */
export const legalityPrereviewMissing: Check = (c) => {
  if (!c.ctx.params.twoTierLegalityReview) return []
  const request = ofType(c.cycle.events, 'LegalityReviewRequested')[0]
  if (!request) return []
  const prereviewed = ofType(c.ctx.events, 'LegalityPreReviewCompleted').some(
    (p) => p.order < request.order && p.data.officeId !== request.data.reviewBodyId,
  )
  if (prereviewed) return []
  return [
    draft(c, 'legality-prereview-missing', {
      anchor: request,
      events: [request],
      detail: { twoTierLegalityReview: true },
    }),
  ]
}
