import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 28: the opinion required changes and no DraftRevised naming it (respondsTo) came before the
 * next discussion. Judged once that discussion is held.
 */
export const legalityChangesNotAddressed: Check = (c) =>
  ofType(c.cycle.events, 'LegalityReviewOpinionIssued').flatMap((o) => {
    if (o.data.conclusion !== 'lawful_with_changes') return []
    const meeting = c.cycle.discussions.find((m) => m.order > o.order)
    if (!meeting) return []
    const answered = ofType(c.cycle.events, 'DraftRevised').some(
      (r) => r.order > o.order && r.order < meeting.order && (r.data.respondsTo ?? []).includes(o.eventId),
    )
    if (answered) return []
    return [
      draft(c, 'legality-changes-not-addressed', {
        anchor: o,
        events: [o, meeting],
        detail: { requiredChanges: o.data.requiredChanges ?? [] },
      }),
    ]
  })
