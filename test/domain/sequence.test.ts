// Given a decision's history, when an event arrives, then it is accepted or refused with a code.
import { describe, expect, it } from 'vitest'
import { type DecisionState, evolve, initialState } from '../../src/domain/decision-state'
import type { StoredEvent } from '../../src/domain/envelope'
import { DomainError } from '../../src/domain/errors'
import { DECISION_EVENT_TYPES } from '../../src/domain/events'
import { ALLOWED_AFTER_TERMINATION, answeredEvent, checkSequence } from '../../src/domain/sequence'

let n = 0
function ev(type: string, data: Record<string, unknown> = {}): StoredEvent {
  n += 1
  return {
    eventId: `01J0000000000000000000${String(n).padStart(4, '0')}`,
    decisionId: 'dec_01J00000000000000000000000',
    version: n,
    position: n,
    type,
    schemaVersion: 1,
    occurredAt: '2025-03-01T09:00:00+08:00',
    recordedAt: '2025-03-01T02:00:00.000Z',
    actor: { personId: 'per_x', orgId: 'org_unit', role: 'undertaking' },
    data,
    evidence: [],
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  }
}

function given(...types: Array<string | [string, Record<string, unknown>]>): {
  state: DecisionState
  events: StoredEvent[]
} {
  n = 0
  const init = ev('DecisionInitiated', {
    title: 't',
    organId: 'org_city',
    undertakingUnitId: 'org_unit',
    category: 'public_policy',
    flags: {},
  })
  let state = initialState(init)
  const events = [init]
  for (const t of types) {
    const e = Array.isArray(t) ? ev(t[0], t[1]) : ev(t)
    state = evolve(state, e)
    events.push(e)
  }
  return { state, events }
}

const refs = (events: StoredEvent[]) => new Map(events.map((e) => [e.eventId, e]))
const codeOf = (f: () => void) => {
  try {
    f()
    return 'accepted'
  } catch (e) {
    return e instanceof DomainError ? e.code : `threw ${String(e)}`
  }
}

describe('impossible sequences (domain.md §3)', () => {
  it.each([
    ['a second DecisionInitiated', [], 'DecisionInitiated', {}, 'already-initiated'],
    ['closing a comment period never opened', [], 'PublicCommentClosed', {}, 'no-open-comment-period'],
    ['closing an open comment period', ['PublicCommentOpened'], 'PublicCommentClosed', {}, 'accepted'],
    [
      'closing a period already closed',
      ['PublicCommentOpened', 'PublicCommentClosed'],
      'PublicCommentClosed',
      {},
      'no-open-comment-period',
    ],
    [
      // Recorded (principle 1): the earlier may have ended at its closesAt with no close recorded.
      'opening a second period while one is open',
      ['PublicCommentOpened'],
      'PublicCommentOpened',
      {},
      'accepted',
    ],
    [
      'closing after two openings (the later one)',
      ['PublicCommentOpened', 'PublicCommentOpened'],
      'PublicCommentClosed',
      {},
      'accepted',
    ],
    [
      'opening another period after closing one',
      ['PublicCommentOpened', 'PublicCommentClosed'],
      'PublicCommentOpened',
      {},
      'accepted',
    ],
    ['a legality opinion without a request', [], 'LegalityReviewOpinionIssued', {}, 'no-open-legality-review-request'],
    ['a legality return without a request', [], 'LegalityReviewReturned', {}, 'no-open-legality-review-request'],
    [
      'a legality opinion on an open request',
      [['LegalityReviewRequested', { reviewBodyId: 'org_justice' }]],
      'LegalityReviewOpinionIssued',
      {},
      'accepted',
    ],
    [
      'a second opinion after the request was answered',
      [['LegalityReviewRequested', { reviewBodyId: 'org_justice' }], 'LegalityReviewOpinionIssued'],
      'LegalityReviewOpinionIssued',
      {},
      'no-open-legality-review-request',
    ],
    [
      'a new request after a return',
      [['LegalityReviewRequested', { reviewBodyId: 'org_justice' }], 'LegalityReviewReturned'],
      'LegalityReviewRequested',
      {},
      'accepted',
    ],
    [
      // A draft sent again before an answer is recorded; it supersedes the earlier request.
      'a second request while one is open',
      [['LegalityReviewRequested', { reviewBodyId: 'org_justice' }]],
      'LegalityReviewRequested',
      {},
      'accepted',
    ],
    [
      'an opinion after two requests',
      [
        ['LegalityReviewRequested', { reviewBodyId: 'org_justice' }],
        ['LegalityReviewRequested', { reviewBodyId: 'org_justice' }],
      ],
      'LegalityReviewOpinionIssued',
      {},
      'accepted',
    ],
    ['resolving an unknown finding', [], 'FindingResolved', { findingId: 'x' }, 'finding-unknown'],
    ['annotating an unknown finding', [], 'FindingAnnotated', { findingId: 'x' }, 'finding-unknown'],
    [
      'resolving a recorded finding',
      [['InspectionFindingRecorded', { findingId: 'f1' }]],
      'FindingResolved',
      { findingId: 'f1' },
      'accepted',
    ],
    [
      'resolving it twice',
      [
        ['InspectionFindingRecorded', { findingId: 'f1' }],
        ['FindingResolved', { findingId: 'f1' }],
      ],
      'FindingResolved',
      { findingId: 'f1' },
      'finding-already-resolved',
    ],
    [
      'recording a finding id twice',
      [['InspectionFindingRecorded', { findingId: 'f1' }]],
      'InspectionFindingRecorded',
      { findingId: 'f1', eventIds: [] },
      'finding-already-exists',
    ],
    ['drafting after termination', ['DecisionTerminated'], 'DraftRevised', {}, 'decision-terminated'],
    ['a meeting after termination', ['DecisionTerminated'], 'CollectiveDiscussionHeld', {}, 'decision-terminated'],
  ] as const)('%s → %s', (_label, history, type, data, expected) => {
    const { state, events } = given(...(history as unknown as Array<string | [string, Record<string, unknown>]>))
    expect(codeOf(() => checkSequence(state, type, { ...data }, refs(events)))).toBe(expected)
  })

  it.each(DECISION_EVENT_TYPES.filter((t) => t !== 'DecisionInitiated'))(
    'after DecisionTerminated, %s is allowed only if listed',
    (type) => {
      const { state, events } = given('DecisionTerminated', ['InspectionFindingRecorded', { findingId: 'f1' }])
      const data: Record<string, unknown> =
        type === 'FindingResolved' || type === 'FindingAnnotated'
          ? { findingId: 'f1' }
          : type === 'EventCorrected'
            ? { correctsEventId: events[1]?.eventId }
            : type === 'InspectionFindingRecorded'
              ? { findingId: 'f2', eventIds: [] }
              : {}
      const expected = ALLOWED_AFTER_TERMINATION.includes(type) ? 'accepted' : 'decision-terminated'
      expect(codeOf(() => checkSequence(state, type, data, refs(events)))).toBe(expected)
    },
  )

  it('refuses references to events that are not in the stream; accepts those of the wrong type', () => {
    const { state, events } = given('ExecutionIssueReported', 'DraftPrepared')
    const issue = events[1]?.eventId as string
    const draft = events[2]?.eventId as string
    expect(codeOf(() => checkSequence(state, 'DecisionSuspended', { groundEventId: issue }, refs(events)))).toBe(
      'accepted',
    )
    // The wrong kind of event is a fact to flag (suspension-without-ground), not an impossible sequence.
    expect(codeOf(() => checkSequence(state, 'DecisionSuspended', { groundEventId: draft }, refs(events)))).toBe(
      'accepted',
    )
    expect(
      codeOf(() =>
        checkSequence(state, 'DecisionSuspended', { groundEventId: '01J99999999999999999999999' }, refs(events)),
      ),
    ).toBe('unknown-event-reference')
    expect(codeOf(() => checkSequence(state, 'DecisionTerminated', { meetingEventId: draft }, refs(events)))).toBe(
      'accepted',
    )
    expect(
      codeOf(() =>
        checkSequence(
          state,
          'InspectionFindingRecorded',
          { findingId: 'f', eventIds: [draft, '01J99999999999999999999999'] },
          refs(events),
        ),
      ),
    ).toBe('unknown-event-reference')
    expect(codeOf(() => checkSequence(state, 'DraftRevised', { respondsTo: [draft] }, refs(events)))).toBe('accepted')
  })

  it('refuses correcting a correction but accepts correcting the original again', () => {
    const { state, events } = given('DraftPrepared')
    const draft = events[1] as StoredEvent
    const correction = ev('EventCorrected', { correctsEventId: draft.eventId })
    const all = [...events, correction]
    expect(
      codeOf(() => checkSequence(state, 'EventCorrected', { correctsEventId: correction.eventId }, refs(all))),
    ).toBe('cannot-correct-correction')
    expect(codeOf(() => checkSequence(state, 'EventCorrected', { correctsEventId: draft.eventId }, refs(all)))).toBe(
      'accepted',
    )
  })

  it('knows computed findings: annotate yes, resolve no, reuse of the id no', () => {
    const { state, events } = given()
    const computed = new Set(['comment-period-too-short/1/x'])
    expect(
      codeOf(() =>
        checkSequence(state, 'FindingAnnotated', { findingId: 'comment-period-too-short/1/x' }, refs(events), computed),
      ),
    ).toBe('accepted')
    expect(
      codeOf(() =>
        checkSequence(state, 'FindingResolved', { findingId: 'comment-period-too-short/1/x' }, refs(events), computed),
      ),
    ).toBe('finding-not-resolvable')
    expect(
      codeOf(() =>
        checkSequence(
          state,
          'InspectionFindingRecorded',
          { findingId: 'comment-period-too-short/1/x', eventIds: [] },
          refs(events),
          computed,
        ),
      ),
    ).toBe('finding-already-exists')
  })

  // rules.md §2 orders by occurredAt: what a step answers cannot be answered before it happened.
  describe('an answer before what it answers, in time', () => {
    const at = (e: StoredEvent, occurredAt: string) => Object.assign(e, { occurredAt })
    const attempt = (
      history: ReturnType<typeof given>,
      type: string,
      data: Record<string, unknown>,
      occurredAt: string,
    ) =>
      codeOf(() =>
        checkSequence(
          history.state,
          type,
          data,
          refs(history.events),
          new Set(),
          occurredAt,
          answeredEvent(history.state, type, data, history.events),
        ),
      )
    const opened = () =>
      given(['PublicCommentOpened', { opensAt: '2025-03-10T00:00:00+08:00', closesAt: '2025-04-10T00:00:00+08:00' }])

    it.each([
      ['2025-03-09T23:59:59+08:00', 'no-open-comment-period'],
      ['2025-03-09T16:00:00Z', 'accepted'], // the same instant as opensAt
      ['2025-04-10T00:00:00+08:00', 'accepted'],
    ])('closing at %s a period opening 2025-03-10 00:00 +08:00 → %s', (closedAt, expected) => {
      expect(attempt(opened(), 'PublicCommentClosed', { closedAt }, closedAt)).toBe(expected)
    })

    it("judges the period's corrected opensAt", () => {
      const h = opened()
      const correction = ev('EventCorrected', {
        correctsEventId: h.events[1]?.eventId,
        data: { opensAt: '2025-03-20T00:00:00+08:00', closesAt: '2025-04-20T00:00:00+08:00' },
      })
      h.events.push(correction)
      h.state = evolve(h.state, correction, 'PublicCommentOpened')
      const closedAt = '2025-03-15T00:00:00+08:00'
      expect(attempt(h, 'PublicCommentClosed', { closedAt }, closedAt)).toBe('no-open-comment-period')
    })

    it.each(['LegalityReviewOpinionIssued', 'LegalityReviewReturned'])(
      '%s before the request it answers is refused; at or after it, accepted',
      (type) => {
        const h = given(['LegalityReviewRequested', { reviewBodyId: 'org_justice' }])
        at(h.events[1] as StoredEvent, '2025-04-20T09:00:00+08:00')
        expect(attempt(h, type, {}, '2025-04-20T08:59:59+08:00')).toBe('no-open-legality-review-request')
        expect(attempt(h, type, {}, '2025-04-20T09:00:00+08:00')).toBe('accepted')
      },
    )

    it('a resolution before the finding it resolves is refused; after it, accepted', () => {
      const h = given(['InspectionFindingRecorded', { findingId: 'f1' }])
      at(h.events[1] as StoredEvent, '2025-06-01T09:00:00+08:00')
      expect(attempt(h, 'FindingResolved', { findingId: 'f1' }, '2025-05-31T09:00:00+08:00')).toBe('finding-unknown')
      expect(attempt(h, 'FindingResolved', { findingId: 'f1' }, '2025-06-02T09:00:00+08:00')).toBe('accepted')
    })
  })
})

describe('decision state', () => {
  it('follows phases forward, outcome, publication and a major adjustment opening cycle 2', () => {
    let { state } = given(
      'DraftPrepared',
      'PublicCommentOpened',
      ['LegalityReviewRequested', { reviewBodyId: 'org_justice' }],
      'LegalityReviewOpinionIssued',
      'SubmittedForDiscussion',
      ['CollectiveDiscussionHeld', { outcome: 'approve' }],
      ['DecisionPublished', { publishedAt: '2025-04-01T09:00:00+08:00' }],
    )
    expect(state).toMatchObject({
      phase: 'published',
      outcome: 'approve',
      published: true,
      cycle: 1,
      legalityReviewBodyIds: ['org_justice'],
    })
    state = evolve(state, ev('DraftRevised'))
    expect(state.phase).toBe('published')
    state = evolve(state, ev('DecisionAdjusted', { major: false }))
    expect(state.cycle).toBe(1)
    state = evolve(state, ev('DecisionAdjusted', { major: true }))
    expect(state).toMatchObject({ cycle: 2, phase: 'drafting' })
    expect(state.outcome).toBeUndefined()
  })

  it('applies reclassification flags on top of the earlier ones', () => {
    let { state } = given()
    state = evolve(state, ev('DecisionReclassified', { flags: { professionalTechnical: true }, reason: 'r' }))
    state = evolve(state, ev('DecisionReclassified', { flags: { nonDisclosable: true }, reason: 'r' }))
    expect(state.flags).toMatchObject({
      professionalTechnical: true,
      nonDisclosable: true,
      hearingRequiredByLaw: false,
    })
  })

  it('applies a correction of the initiation (title, units, flags) and ignores corrections of other types', () => {
    let { state } = given()
    state = evolve(
      state,
      ev('EventCorrected', {
        correctsEventId: 'x',
        reason: 'typo',
        data: {
          title: '更正后的标题',
          organId: 'org_city',
          undertakingUnitId: 'org_other',
          category: 'public_policy',
          flags: { npcMatter: true },
        },
      }),
      'DecisionInitiated',
    )
    expect(state).toMatchObject({ title: '更正后的标题', undertakingUnitId: 'org_other', flags: { npcMatter: true } })
    const before = state
    state = evolve(
      state,
      ev('EventCorrected', { correctsEventId: 'y', reason: 'r', data: { title: 'ignored' } }),
      'DraftPrepared',
    )
    expect(state.title).toBe(before.title)
  })
})
