import { whenMissing } from '../support'

/** Art. 33 with a local limit: archiveMaxDays elapsed since the outcome and nothing archived. */
export const archiveMissing = whenMissing('archiving', 'archive-missing', {
  only: (c) => c.obligations.archiving.late.length === 0,
})
