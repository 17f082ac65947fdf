// The legality reviews of a cycle: each request and what ends its time (rules.md §2: "end is the
// day before the first collective discussion after the request, or neededBy if that is earlier").
import type { Cycle } from '../../engine/context'
import { type Ev, ofType } from '../../engine/events'

export interface ReviewWindow {
  request: Ev<'LegalityReviewRequested'>
  /** The first collective discussion after the request, if held. */
  discussion?: Ev<'CollectiveDiscussionHeld'>
  /** The first opinion after the request. */
  opinion?: Ev<'LegalityReviewOpinionIssued'>
}

/**
 * One window per request of the cycle, in order: a draft sent again after a deferral (or a
 * revised draft sent before the meeting) is a request of its own, whose review time Art. 26(2)
 * guards as much as the first one's.
 */
export function reviewWindows(cycle: Cycle): ReviewWindow[] {
  const opinions = ofType(cycle.events, 'LegalityReviewOpinionIssued')
  return ofType(cycle.events, 'LegalityReviewRequested').map((request) => {
    const w: ReviewWindow = { request }
    const discussion = cycle.discussions.find((d) => d.order > request.order)
    const opinion = opinions.find((o) => o.order > request.order)
    if (discussion) w.discussion = discussion
    if (opinion) w.opinion = opinion
    return w
  })
}
