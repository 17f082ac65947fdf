import { whenMissing } from '../support'

/**
 * Art. 25: the draft reached the organ with no opinion issued before it. A review that is merely
 * late while no discussion has been held is legality-review-overdue, not this.
 */
export const legalityReviewMissing = whenMissing('legality_review', 'legality-review-missing', {
  only: (c) => c.obligations.legality_review.moment !== undefined,
  who: (c) => {
    const m = c.obligations.legality_review.moment
    return m?.type === 'CollectiveDiscussionHeld' ? { headId: m.data.headId } : {}
  },
})
