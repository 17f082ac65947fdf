import { whenMissing } from '../support'

/** Art. 16: a hearing required (by law, or by the rulebook on vital interests) not held before the discussion. */
export const hearingMissing = whenMissing('hearing', 'hearing-missing')
