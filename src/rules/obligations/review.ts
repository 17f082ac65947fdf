// Experts, risk, fair competition, other units, legality review and submission (Arts. 13, 19-29).
import type { EvalContext } from '../engine/context'
import { type AnyEv, type Ev, ofType } from '../engine/events'
import { beforeDiscussion, found } from './before-discussion'
import { flagReason, pastWorkingDayDeadline } from './types'

export const expertArgumentation = beforeDiscussion({
  name: 'expert_argumentation',
  exemptBy: (flags) => (flags.professionalTechnical ? undefined : flagReason('professionalTechnical', false)),
  satisfy: (pool) => {
    // rules.md §3: at least one opinion and a processing, before the discussion. A processing
    // that precedes every opinion processed nothing; an opinion after it does not undo it
    // (docs/rules.md §8.8).
    const opinions = ofType(pool, 'ExpertOpinionSubmitted')
    const first = opinions[0]
    if (!first) return undefined
    const processed = ofType(pool, 'ExpertOpinionsProcessed').filter((p) => p.order > first.order)
    return processed.length
      ? { ok: true, events: [...opinions, ...processed] }
      : { ok: false, events: opinions, why: 'expert opinions submitted but no ExpertOpinionsProcessed after them' }
  },
})

export const riskAssessment = beforeDiscussion({
  name: 'risk_assessment',
  exemptBy: (flags, ctx) => {
    if (!flags.stabilityOrSafetyRisk) return flagReason('stabilityOrSafetyRisk', false)
    const prior = ctx.decision.priorRiskAssessmentRef
    return prior === undefined
      ? undefined
      : `priorRiskAssessmentRef given (${prior}): no repeated assessment, Art. 22(2)`
  },
  satisfy: (pool) => found(ofType(pool, 'RiskAssessmentCompleted')),
})

export const fairCompetitionReview = beforeDiscussion({
  name: 'fair_competition_review',
  exemptBy: (flags) => (flags.marketEntityActivity ? undefined : flagReason('marketEntityActivity', false)),
  satisfy: (pool) => found(ofType(pool, 'FairCompetitionReviewCompleted')),
})

/**
 * Consultations whose disagreement was never reported: for each unit consulted, its latest
 * consultation is not agreed and carries no disputeReport.
 */
export function unreportedDisputes(
  consultations: Ev<'InterUnitConsultationRecorded'>[],
): Ev<'InterUnitConsultationRecorded'>[] {
  const latest = new Map<string, Ev<'InterUnitConsultationRecorded'>>()
  for (const c of consultations) for (const u of c.data.unitIds) latest.set(u, c)
  const bad = new Set<Ev<'InterUnitConsultationRecorded'>>()
  for (const c of latest.values()) if (!c.data.agreed && c.data.disputeReport === undefined) bad.add(c)
  return [...bad].sort((a, b) => a.order - b.order)
}

export const interUnitConsultation = beforeDiscussion({
  name: 'inter_unit_consultation',
  exemptBy: (flags) => (flags.involvesOtherUnits ? undefined : flagReason('involvesOtherUnits', false)),
  satisfy: (pool) => {
    const consultations = ofType(pool, 'InterUnitConsultationRecorded')
    if (!consultations.length) return undefined
    const bad = unreportedDisputes(consultations)
    return bad.length
      ? {
          ok: false,
          events: consultations,
          why: `no dispute report for the disagreement recorded in ${bad.map((b) => b.eventId).join(', ')}`,
        }
      : { ok: true, events: consultations }
  },
})

/** Opinions issued after a request, each with the latest request before it. */
function answeredRequests(
  pool: AnyEv[],
): Array<{ request: Ev<'LegalityReviewRequested'>; opinion: Ev<'LegalityReviewOpinionIssued'> }> {
  const requests = ofType(pool, 'LegalityReviewRequested')
  return ofType(pool, 'LegalityReviewOpinionIssued').flatMap((opinion) => {
    const request = requests.filter((r) => r.order < opinion.order).at(-1)
    return request ? [{ request, opinion }] : []
  })
}

/**
 * Before the discussion, the only deadline of a legality review is a local cap on the review
 * body's time (legalityReviewMaxWorkingDays), run from the latest request as
 * legality-review-overdue runs it: overdue once an opinion issued on asOf's date would take more
 * than the cap, and not at all once the body returned the request (Art. 26: the unit must
 * resubmit). Without a cap there is no due date: Art. 28 says only 及时, and the request's
 * `neededBy` is the date the unit asked for, which ends the review time (rules.md §2) but is not
 * a deadline of the obligation, so it is named in the reason, not given as `dueBy`.
 */
function legalityPending(
  ctx: EvalContext,
  pool: AnyEv[],
): { dueBy?: string; overdue?: string; reason?: string } | undefined {
  const request = ofType(pool, 'LegalityReviewRequested').at(-1)
  if (!request) return undefined
  const returned = ofType(pool, 'LegalityReviewReturned').find((e) => e.order > request.order)
  if (returned) return { reason: `request ${request.eventId} returned by the review body; not resubmitted` }
  const max = ctx.params.legalityReviewMaxWorkingDays
  if (max === null) {
    const neededBy = request.data.neededBy
    return neededBy === undefined ? undefined : { reason: `review requested with neededBy ${neededBy}; no opinion yet` }
  }
  const dueBy = ctx.cal.addWorkingDays(ctx.date(request.occurredAt), max)
  return pastWorkingDayDeadline(ctx, dueBy)
    ? { dueBy, overdue: `no opinion within ${max} working days of request ${request.eventId}` }
    : { dueBy }
}

export const legalityReview = beforeDiscussion({
  name: 'legality_review',
  satisfy: (pool) => {
    const answered = answeredRequests(pool)
    if (answered.length) return { ok: true, events: answered.flatMap((a) => [a.request, a.opinion]) }
    const requests = ofType(pool, 'LegalityReviewRequested')
    return requests.length ? { ok: false, events: requests, why: 'review requested but no opinion issued' } : undefined
  },
  pending: (ctx, cycle) => legalityPending(ctx, cycle.events),
})

export const submission = beforeDiscussion({
  name: 'submission',
  satisfy: (pool) => found(ofType(pool, 'SubmittedForDiscussion')),
})
