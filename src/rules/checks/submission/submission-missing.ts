import { whenMissing } from '../support'

/** Art. 29: a discussion held with no submission (and its materials) before it. */
export const submissionMissing = whenMissing('submission', 'submission-missing')
