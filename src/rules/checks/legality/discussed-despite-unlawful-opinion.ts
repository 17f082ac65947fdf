import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 25(2): the latest opinion before the meeting found the draft unlawful. Only an exploratory
 * reform whose submitted package discloses the legal risk may still be discussed.
 */
export const discussedDespiteUnlawfulOpinion: Check = (c) =>
  c.cycle.discussions.flatMap((m) => {
    const before = c.cycle.events.filter((e) => e.order < m.order)
    const opinion = ofType(before, 'LegalityReviewOpinionIssued').at(-1)
    if (opinion?.data.conclusion !== 'unlawful') return []
    const exploratoryReform = c.ctx.flagsBefore(m).exploratoryReform
    const pkg = ofType(before, 'SubmittedForDiscussion').at(-1)
    const legalRiskDisclosure = pkg?.data.package.legalRiskDisclosure !== undefined
    if (exploratoryReform && legalRiskDisclosure) return []
    return [
      draft(c, 'discussed-despite-unlawful-opinion', {
        anchor: m,
        events: [opinion, pkg, m],
        detail: { opinionEventId: opinion.eventId, conclusion: 'unlawful', exploratoryReform, legalRiskDisclosure },
        who: { headId: m.data.headId },
      }),
    ]
  })
