import { whenMissing } from '../support'

/** Local rules: no post-evaluation within postEvaluationAfterYears of the decision. */
export const postEvaluationOverdue = whenMissing('post_evaluation', 'post-evaluation-overdue')
