// The legality review being judged in a cycle: the latest request before the cycle's first
// discussion (or the latest request when none is held yet) and what ends its time (rules.md §2).
import type { Cycle } from '../../engine/context'
import { type Ev, ofType } from '../../engine/events'

export interface ReviewWindow {
  request: Ev<'LegalityReviewRequested'>
  /** The first collective discussion after the request, if held. */
  discussion?: Ev<'CollectiveDiscussionHeld'>
  /** The first opinion after the request. */
  opinion?: Ev<'LegalityReviewOpinionIssued'>
}

export function reviewWindow(cycle: Cycle): ReviewWindow | undefined {
  const requests = ofType(cycle.events, 'LegalityReviewRequested')
  const first = cycle.discussions[0]
  const request = (first ? requests.filter((r) => r.order < first.order).at(-1) : undefined) ?? requests.at(-1)
  if (!request) return undefined
  const w: ReviewWindow = { request }
  const discussion = cycle.discussions.find((d) => d.order > request.order)
  const opinion = ofType(cycle.events, 'LegalityReviewOpinionIssued').find((o) => o.order > request.order)
  if (discussion) w.discussion = discussion
  if (opinion) w.opinion = opinion
  return w
}
