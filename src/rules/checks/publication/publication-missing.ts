import { whenMissing } from '../support'

/** Art. 32: no publication within publishMaxWorkingDays of the decision (judged at asOf). */
export const publicationMissing = whenMissing('publication', 'publication-missing', {
  only: (c) => c.obligations.publication.late.length === 0,
})
