import { ofType } from '../../engine/events'
import { unreportedDisputes } from '../../obligations/review'
import { type Check, whenMissing } from '../support'

const missing = whenMissing('inter_unit_consultation', 'inter-unit-consultation-missing')

/**
 * Art. 13 (rules.md §3/§4): the obligation is satisfied by a consultation "with a dispute report if
 * not agreed", and this finding is "obligation inter_unit_consultation missing". So it is raised
 * whenever the obligation is missing: with no consultation before the discussion, and also when a
 * disagreement was never reported, alongside inter-unit-dispute-not-reported (a separate row).
 * `cause` says which: 'no-consultation' or 'dispute-not-reported' (with the consultations).
 */
export const interUnitConsultationMissing: Check = (c) =>
  missing(c).map((d) => {
    const consultations = ofType(c.cycle.beforeMoment, 'InterUnitConsultationRecorded')
    const unreported = unreportedDisputes(consultations)
    if (!consultations.length || !unreported.length) return { ...d, detail: { ...d.detail, cause: 'no-consultation' } }
    return {
      ...d,
      detail: {
        ...d.detail,
        cause: 'dispute-not-reported',
        unreportedConsultationIds: unreported.map((e) => e.eventId),
      },
    }
  })
