import { whenMissing } from '../support'

/** Art. 34: approved and, by the publication deadline, no executing unit named. */
export const executingUnitMissing = whenMissing('executing_unit', 'executing-unit-missing')
