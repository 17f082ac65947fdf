import { whenMissing } from '../support'

/** Art. 14: no participation before the discussion of a disclosable matter. */
export const publicParticipationMissing = whenMissing('public_participation', 'public-participation-missing')
