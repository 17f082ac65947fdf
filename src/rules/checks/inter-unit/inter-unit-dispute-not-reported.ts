import { ofType } from '../../engine/events'
import { unreportedDisputes } from '../../obligations/review'
import { type Check, draft } from '../support'

/**
 * Art. 13: a unit did not agree and no dispute report went to the organ. A later consultation of
 * the same unit (agreed, or with a report) before the discussion settles it.
 */
export const interUnitDisputeNotReported: Check = (c) =>
  unreportedDisputes(ofType(c.cycle.beforeMoment, 'InterUnitConsultationRecorded')).map((e) =>
    draft(c, 'inter-unit-dispute-not-reported', {
      anchor: e,
      events: [e],
      detail: { unitIds: e.data.unitIds, disputes: e.data.disputes ?? [] },
    }),
  )
