import { whenMissing } from '../support'

/** Art. 19: a professional or technical matter discussed without expert opinions studied. */
export const expertArgumentationMissing = whenMissing('expert_argumentation', 'expert-argumentation-missing')
