// Impossible sequences (domain.md §3): refused with 409 and a code. Procedural violations (late,
// out of order, skipped) are NOT refused here: they are recorded and show up as findings.
import type { DecisionState } from './decision-state'
import type { StoredEvent } from './envelope'
import { DomainError, type ErrorCode } from './errors'

/** After DecisionTerminated only these may still be recorded. */
export const ALLOWED_AFTER_TERMINATION: readonly string[] = [
  'DecisionArchived',
  'PostEvaluationCompleted',
  'PublicFeedbackReceived',
  'EventCorrected',
  'InspectionFindingRecorded',
  'FindingAnnotated',
  'FindingResolved',
  'SeriousErrorDetermined',
  'LiabilityDetermined',
]

/**
 * Fields that name other events of the same decision. Naming an event that is not in the stream
 * is impossible (409); naming one of the wrong kind — a suspension "grounded" on a routine
 * execution report, a termination citing a draft as its meeting — is a recorded fact whose
 * violation the report shows (`suspension-without-ground`, `termination-without-procedure`;
 * README principle 1: never refuse a violation).
 */
export const EVENT_REFERENCES: Record<string, ReadonlyArray<{ field: string; many?: boolean }>> = {
  DraftRevised: [{ field: 'respondsTo', many: true }],
  DecisionSuspended: [{ field: 'groundEventId' }],
  DecisionAdjusted: [{ field: 'basisEventId' }],
  DecisionTerminated: [{ field: 'meetingEventId' }],
  EventCorrected: [{ field: 'correctsEventId' }],
  InspectionFindingRecorded: [{ field: 'eventIds', many: true }],
}

export function referencedEventIds(type: string, data: Record<string, unknown>): string[] {
  const ids: string[] = []
  for (const ref of EVENT_REFERENCES[type] ?? []) {
    const v = data[ref.field]
    if (typeof v === 'string') ids.push(v)
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.push(x)
  }
  return ids
}

/**
 * "After DecisionTerminated" (domain.md §3) is after it in time: rules.md §2 orders by occurredAt,
 * so a step that happened before the termination and is recorded late (back-filled) is a fact to
 * record like any other late entry (late-recording flags it). Heads stored before the
 * termination's time was kept refuse as before.
 */
function happenedBefore(state: DecisionState, occurredAt: string | undefined): boolean {
  if (state.terminatedMs === undefined || occurredAt === undefined) return false
  const ms = Date.parse(occurredAt)
  return Number.isFinite(ms) && ms < state.terminatedMs
}

/** Whether instant `a` is strictly before instant `b` (either missing or unreadable: no). */
function before(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false
  const x = Date.parse(a)
  const y = Date.parse(b)
  return Number.isFinite(x) && Number.isFinite(y) && x < y
}

/** The earlier event a step answers, with the data in force (its latest correction applied). */
export interface AnsweredEvent {
  occurredAt: string
  data: Record<string, unknown>
}

/**
 * The event a step answers and cannot precede in time (rules.md §2 orders by occurredAt): the
 * comment period a `PublicCommentClosed` closes, the request a legality review body answers, the
 * inspection finding a `FindingResolved` resolves.
 */
export function answeredEvent(
  state: DecisionState,
  type: string,
  data: Record<string, unknown>,
  stream: readonly StoredEvent[],
): AnsweredEvent | undefined {
  const id =
    type === 'PublicCommentClosed'
      ? state.commentOpenEventId
      : type === 'LegalityReviewOpinionIssued' || type === 'LegalityReviewReturned'
        ? state.openLegalityRequest?.eventId
        : type === 'FindingResolved'
          ? stream.find((e) => e.type === 'InspectionFindingRecorded' && e.data.findingId === data.findingId)?.eventId
          : undefined
  const event = id === undefined ? undefined : stream.find((e) => e.eventId === id)
  if (!event) return undefined
  const correction = stream.filter((e) => e.type === 'EventCorrected' && e.data.correctsEventId === id).at(-1)
  const corrected = correction?.data.data
  return {
    occurredAt: event.occurredAt,
    data: corrected && typeof corrected === 'object' ? (corrected as Record<string, unknown>) : event.data,
  }
}

const conflict = (code: ErrorCode, message: string, extra?: Record<string, unknown>): never => {
  throw new DomainError(code, message, undefined, extra)
}

/**
 * Refuses an event that cannot follow the decision's history. `refs` holds the events of this
 * decision named by the payload (see EVENT_REFERENCES), looked up by the caller.
 */
export function checkSequence(
  state: DecisionState,
  type: string,
  data: Record<string, unknown>,
  refs: ReadonlyMap<string, StoredEvent>,
  computedFindingIds: ReadonlySet<string> = new Set(),
  /** The new event's occurredAt: what happened before the termination may still be recorded. */
  occurredAt?: string,
  /** The event this one answers (see answeredEvent): it cannot be answered before it happened. */
  answered?: AnsweredEvent,
): void {
  if (type === 'DecisionInitiated')
    conflict(
      'already-initiated',
      'The decision is already initiated; DecisionInitiated is always its first event (POST /v1/decisions).',
    )
  if (state.terminated && !ALLOWED_AFTER_TERMINATION.includes(type) && !happenedBefore(state, occurredAt)) {
    conflict(
      'decision-terminated',
      `The decision was terminated; ${type} occurring at or after the termination can no longer be recorded (only ${ALLOWED_AFTER_TERMINATION.join(', ')}).`,
    )
  }
  for (const ref of EVENT_REFERENCES[type] ?? []) {
    const v = data[ref.field]
    const ids =
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? (v as unknown[]).filter((x): x is string => typeof x === 'string')
          : []
    for (const id of ids) {
      if (!refs.has(id))
        conflict('unknown-event-reference', `${ref.field} names event ${id}, which is not an event of this decision.`, {
          field: ref.field,
          eventId: id,
        })
    }
  }
  switch (type) {
    // A period opened while another is open, or a draft sent for review again before an answer,
    // is recorded (README principle 1): the new one supersedes the earlier in the state, and the
    // rules judge each (docs/choices.md). An earlier period may well have ended at its closesAt
    // with no PublicCommentClosed recorded, and after a major adjustment the procedures run again.
    case 'PublicCommentClosed':
      if (!state.commentOpenEventId)
        conflict('no-open-comment-period', 'PublicCommentClosed without an open public comment period.')
      if (before(data.closedAt, answered?.data.opensAt))
        conflict(
          'no-open-comment-period',
          `closedAt ${String(data.closedAt)} is before the open period's opensAt ${String(answered?.data.opensAt)}: no period was open then.`,
        )
      break
    case 'LegalityReviewReturned':
    case 'LegalityReviewOpinionIssued':
      if (!state.openLegalityRequest)
        conflict('no-open-legality-review-request', `${type} without an open LegalityReviewRequested.`)
      if (before(occurredAt, answered?.occurredAt))
        conflict(
          'no-open-legality-review-request',
          `${type} occurs at ${String(occurredAt)}, before the LegalityReviewRequested it answers (${String(answered?.occurredAt)}).`,
        )
      break
    case 'InspectionFindingRecorded': {
      const id = data.findingId as string
      if (state.inspectionFindings[id] || computedFindingIds.has(id))
        conflict('finding-already-exists', `A finding with id ${id} already exists on this decision.`)
      break
    }
    case 'FindingAnnotated': {
      const id = data.findingId as string
      if (!state.inspectionFindings[id] && !computedFindingIds.has(id))
        conflict('finding-unknown', `No finding ${id} on this decision.`)
      break
    }
    case 'FindingResolved': {
      const id = data.findingId as string
      const f = state.inspectionFindings[id]
      if (!f) {
        if (computedFindingIds.has(id))
          conflict(
            'finding-not-resolvable',
            `Finding ${id} is computed from the recorded facts; it can be annotated, not resolved.`,
          )
        conflict('finding-unknown', `No inspection finding ${id} on this decision.`)
      } else if (f.resolved) conflict('finding-already-resolved', `Finding ${id} is already resolved.`)
      else if (before(occurredAt, answered?.occurredAt))
        conflict(
          'finding-unknown',
          `FindingResolved occurs at ${String(occurredAt)}, before finding ${id} was recorded (${String(answered?.occurredAt)}).`,
        )
      break
    }
    case 'EventCorrected': {
      const target = refs.get(data.correctsEventId as string)
      if (target?.type === 'EventCorrected')
        conflict('cannot-correct-correction', 'Correct the original event again instead of correcting a correction.')
      break
    }
  }
}
