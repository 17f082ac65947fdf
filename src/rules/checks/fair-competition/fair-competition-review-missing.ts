import { whenMissing } from '../support'

/** Art. 29(1): market entities affected and no fair competition review before the discussion. */
export const fairCompetitionReviewMissing = whenMissing('fair_competition_review', 'fair-competition-review-missing')
