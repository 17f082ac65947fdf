import { orgStanding } from '../../directory-view'
import { ofType } from '../../engine/events'
import type { Detail } from '../../types'
import { type Check, draft } from '../support'

const WHY = {
  'review-body': 'the review body itself',
  outside: 'not the undertaking unit nor an office under it',
  unknown: "not in the directory, so not shown to be the unit's own",
} as const

/**
 * Two-tier review (rules.md §1 and §4; Shanghai 沪府办发〔2020〕5号 Arts. 4-5): "the undertaking
 * unit's own legal office" pre-reviews in writing before the first request to the review body.
 * The unit's own is the undertaking unit (of the initiation as corrected) or an organization under
 * it in the directory; never the review body. Pre-reviews by any other office are named in the
 * detail with the reason they do not count.
 */
export const legalityPrereviewMissing: Check = (c) => {
  if (!c.ctx.params.twoTierLegalityReview) return []
  const request = ofType(c.cycle.events, 'LegalityReviewRequested')[0]
  if (!request) return []
  const unitId = c.ctx.decision.undertakingUnitId
  const prior = ofType(c.cycle.events, 'LegalityPreReviewCompleted').filter((p) => p.order < request.order)
  const notCounted: Array<{ p: (typeof prior)[number]; why: keyof typeof WHY }> = []
  for (const p of prior) {
    if (p.data.officeId === request.data.reviewBodyId) {
      notCounted.push({ p, why: 'review-body' })
      continue
    }
    const standing = orgStanding(c.ctx.directory, p.data.officeId, unitId)
    if (standing === 'self' || standing === 'within') return [] // the unit itself or an office under it
    notCounted.push({ p, why: standing })
  }
  const detail: Detail = {
    twoTierLegalityReview: true,
    undertakingUnitId: unitId,
    reason: notCounted.length
      ? `no pre-review by the undertaking unit's own legal office before the request ${request.eventId}`
      : `no LegalityPreReviewCompleted before the request ${request.eventId}`,
    notCounted: notCounted.map(({ p, why }) => ({ eventId: p.eventId, officeId: p.data.officeId, why: WHY[why] })),
  }
  return [
    draft(c, 'legality-prereview-missing', {
      anchor: request,
      events: [request, ...notCounted.map((n) => n.p)],
      detail,
    }),
  ]
}
