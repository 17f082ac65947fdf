import { ofType } from '../../engine/events'
import { beforeMoment } from '../../obligations/before-discussion'
import { whenMissing } from '../support'

/**
 * Art. 13: other units' duties touched and no consultation before the discussion. A consultation
 * held but left in dispute is inter-unit-dispute-not-reported instead.
 */
export const interUnitConsultationMissing = whenMissing('inter_unit_consultation', 'inter-unit-consultation-missing', {
  only: (c) => ofType(beforeMoment(c.cycle), 'InterUnitConsultationRecorded').length === 0,
})
