import { ofType } from '../../engine/events'
import { whenMissing } from '../support'

/**
 * Art. 13: other units' duties touched and no consultation before the discussion. A consultation
 * held but left in dispute is inter-unit-dispute-not-reported instead.
 */
export const interUnitConsultationMissing = whenMissing('inter_unit_consultation', 'inter-unit-consultation-missing', {
  only: (c) => ofType(c.cycle.beforeMoment, 'InterUnitConsultationRecorded').length === 0,
})
