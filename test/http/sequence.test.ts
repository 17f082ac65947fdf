// Impossible sequences (domain.md §3, src/domain/sequence.ts) answer 409 with a code and store
// nothing; corrections keep the original readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DECISION_EVENT_TYPES, type DecisionEventType } from '../../src/domain/events'
import { createJurisdiction, type Jurisdiction, payload, type TokenName } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

async function expectConflict(
  res: Awaited<ReturnType<Jurisdiction['append']>>,
  code: string,
  decisionId: string,
  version: number,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(409)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ code, status: 409, title: 'Conflict', type: `urn:decision-trail:problem:${code}` })
  expect((await j.admin.get(`/v1/decisions/${decisionId}`)).body.version).toBe(version)
}

const ULID_ELSEWHERE = '01ZZZZZZZZZZZZZZZZZZZZZZZZ'

describe('impossible sequences → 409', () => {
  it('closing a comment period never opened, or closed already; a second opening is recorded', async () => {
    const d = await j.initiate()
    await expectConflict(
      await j.append(j.client.undertaking, d, 'PublicCommentClosed', payload('PublicCommentClosed')),
      'no-open-comment-period',
      d,
      1,
    )
    await j.record(j.client.undertaking, d, 'PublicCommentOpened')
    // Not refused (principle 1): the first period may have ended at its closesAt unrecorded.
    await j.record(j.client.undertaking, d, 'PublicCommentOpened')
    await j.record(j.client.undertaking, d, 'PublicCommentClosed')
    await expectConflict(
      await j.append(j.client.undertaking, d, 'PublicCommentClosed', payload('PublicCommentClosed')),
      'no-open-comment-period',
      d,
      4,
    )
    await j.record(j.client.undertaking, d, 'PublicCommentOpened') // a third period after they closed
  })

  it('a legality opinion or return without an open request; a draft sent again before an answer is recorded', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'LegalityReviewRequested')
    await j.record(j.client.undertaking, d, 'LegalityReviewRequested')
    await j.record(j.client.legality, d, 'LegalityReviewReturned')
    await expectConflict(
      await j.append(j.client.legality, d, 'LegalityReviewReturned', payload('LegalityReviewReturned')),
      'no-open-legality-review-request',
      d,
      4,
    )
    await expectConflict(
      await j.append(j.client.legality, d, 'LegalityReviewOpinionIssued', payload('LegalityReviewOpinionIssued')),
      'no-open-legality-review-request',
      d,
      4,
    )
    await j.record(j.client.undertaking, d, 'LegalityReviewRequested')
    await j.record(j.client.legality, d, 'LegalityReviewOpinionIssued')
  })

  // rules.md §2 orders by occurredAt: nothing is answered before it happened, whatever the order
  // the steps are recorded in.
  it('an answer before what it answers: a close before the opening, an opinion before its request, a resolution before its finding', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'PublicCommentOpened') // opens 2025-03-17 09:00 +08:00
    await expectConflict(
      await j.append(
        j.client.undertaking,
        d,
        'PublicCommentClosed',
        payload('PublicCommentClosed', { closedAt: '2025-03-17T00:59:59Z' }),
      ),
      'no-open-comment-period',
      d,
      2,
    )
    await j.record(j.client.undertaking, d, 'PublicCommentClosed')

    await j.record(j.client.undertaking, d, 'LegalityReviewRequested') // occurs at OCCURRED
    const opinion = payload('LegalityReviewOpinionIssued')
    await expectConflict(
      await j.append(j.client.legality, d, 'LegalityReviewOpinionIssued', opinion, {
        occurredAt: '2026-11-19T08:59:59+08:00',
      }),
      'no-open-legality-review-request',
      d,
      4,
    )
    await j.record(j.client.legality, d, 'LegalityReviewOpinionIssued')

    await j.record(j.client.inspector, d, 'InspectionFindingRecorded')
    await expectConflict(
      await j.append(j.client.inspector, d, 'FindingResolved', payload('FindingResolved'), {
        occurredAt: '2026-11-18T09:00:00+08:00',
      }),
      'finding-unknown',
      d,
      6,
    )
    await j.record(j.client.inspector, d, 'FindingResolved')
  })

  it('DecisionInitiated cannot be appended to a stream', async () => {
    const d = await j.initiate()
    await expectConflict(
      await j.append(j.client.organ, d, 'DecisionInitiated', payload('DecisionInitiated')),
      'already-initiated',
      d,
      1,
    )
  })

  it('findings: unknown, resolved twice, recorded twice', async () => {
    const d = await j.initiate()
    await expectConflict(
      await j.append(j.client.inspector, d, 'FindingAnnotated', payload('FindingAnnotated')),
      'finding-unknown',
      d,
      1,
    )
    await expectConflict(
      await j.append(j.client.inspector, d, 'FindingResolved', payload('FindingResolved')),
      'finding-unknown',
      d,
      1,
    )
    await j.record(j.client.inspector, d, 'InspectionFindingRecorded')
    await expectConflict(
      await j.append(j.client.inspector, d, 'InspectionFindingRecorded', payload('InspectionFindingRecorded')),
      'finding-already-exists',
      d,
      2,
    )
    await j.record(j.client.inspector, d, 'FindingAnnotated')
    await j.record(j.client.inspector, d, 'FindingResolved')
    await expectConflict(
      await j.append(j.client.inspector, d, 'FindingResolved', payload('FindingResolved')),
      'finding-already-resolved',
      d,
      4,
    )
  })

  it('unknown event references; references of the wrong kind are recorded', async () => {
    const d = await j.initiate()
    const other = await j.initiate()
    const draft = await j.record(j.client.undertaking, d, 'DraftPrepared')
    const elsewhere = await j.record(j.client.undertaking, other, 'DraftPrepared')
    await expectConflict(
      await j.append(
        j.client.undertaking,
        d,
        'DraftRevised',
        payload('DraftRevised', { respondsTo: [ULID_ELSEWHERE] }),
      ),
      'unknown-event-reference',
      d,
      2,
    )
    // An event of another decision is not an event of this one.
    const res = await j.append(
      j.client.undertaking,
      d,
      'DraftRevised',
      payload('DraftRevised', { respondsTo: [draft.eventId, elsewhere.eventId] }),
    )
    await expectConflict(res, 'unknown-event-reference', d, 2)
    expect(res.body).toMatchObject({ field: 'respondsTo', eventId: elsewhere.eventId })
    await expectConflict(
      await j.append(
        j.client.inspector,
        d,
        'InspectionFindingRecorded',
        payload('InspectionFindingRecorded', { eventIds: [ULID_ELSEWHERE] }),
      ),
      'unknown-event-reference',
      d,
      2,
    )
    await j.record(j.client.undertaking, d, 'DraftRevised', { respondsTo: [draft.eventId] })
    await j.record(j.client.organ, d, 'DecisionAdjusted', { major: false, basisEventId: draft.eventId })
    // An event of the wrong kind named as a ground or a meeting is a fact the report flags, not
    // an impossible sequence (README principle 1).
    await j.record(j.client.organ, d, 'DecisionSuspended', { groundEventId: draft.eventId })
    await j.record(j.client.organ, d, 'DecisionTerminated', { meetingEventId: draft.eventId })
    const report = await j.admin.get(`/v1/decisions/${d}/compliance`)
    const found = (report.body.findings as Array<{ code: string; detail: Record<string, unknown> }>).filter((f) =>
      ['suspension-without-ground', 'termination-without-procedure'].includes(f.code),
    )
    expect(found.map((f) => [f.code, f.detail])).toEqual([
      ['suspension-without-ground', expect.objectContaining({ lacking: expect.arrayContaining(['ground']) })],
      ['termination-without-procedure', { meetingEventId: draft.eventId }],
    ])
  })
})

describe('after DecisionTerminated', () => {
  const ALLOWED = [
    'DecisionArchived',
    'PostEvaluationCompleted',
    'EventCorrected',
    'InspectionFindingRecorded',
    'FindingAnnotated',
    'FindingResolved',
    'SeriousErrorDetermined',
    'LiabilityDetermined',
  ]
  const RECORDER: Partial<Record<DecisionEventType, TokenName>> = {
    LegalityReviewReturned: 'legality',
    LegalityReviewOpinionIssued: 'legality',
    ExecutionReported: 'executing',
    ExecutionIssueReported: 'executing',
  }
  const ORGAN = [
    'DecisionReclassified',
    'CollectiveDiscussionHeld',
    'PartyCommitteeReported',
    'PeoplesCongressReported',
    'DecisionPublished',
    'DecisionArchived',
    'ExecutingUnitAssigned',
    'DecisionSuspended',
    'DecisionAdjusted',
    'DecisionTerminated',
    'PostEvaluationCompleted',
  ]
  const INSPECTOR = [
    'InspectionFindingRecorded',
    'FindingAnnotated',
    'FindingResolved',
    'SeriousErrorDetermined',
    'LiabilityDetermined',
  ]
  const recorderOf = (type: DecisionEventType): TokenName =>
    RECORDER[type] ?? (ORGAN.includes(type) ? 'organ' : INSPECTOR.includes(type) ? 'inspector' : 'undertaking')
  const rows = DECISION_EVENT_TYPES.filter((t) => t !== 'DecisionInitiated' && t !== 'PublicFeedbackReceived').map(
    (type) => ({
      type,
      status: ALLOWED.includes(type) ? 201 : 409,
    }),
  )

  it.each(rows)('$type → $status', async ({ type, status }) => {
    const d = await j.initiate()
    const c = j.client
    // Everything the type would need is in place before the termination, so only it can refuse.
    await j.record(c.undertaking, d, 'PublicCommentOpened')
    await j.record(c.undertaking, d, 'LegalityReviewRequested')
    await j.record(c.organ, d, 'ExecutingUnitAssigned')
    if (type !== 'InspectionFindingRecorded') await j.record(c.inspector, d, 'InspectionFindingRecorded')
    const original = await j.record(c.undertaking, d, 'DraftPrepared')
    const terminated = await j.record(c.organ, d, 'DecisionTerminated')
    const data =
      type === 'EventCorrected'
        ? { correctsEventId: original.eventId, reason: '更正', data: original.data }
        : payload(type)
    const res = await j.append(c[recorderOf(type)], d, type, data as Record<string, unknown>)
    if (status === 201) expect(res.status, JSON.stringify(res.body)).toBe(201)
    else await expectConflict(res, 'decision-terminated', d, terminated.version)
  })

  it('a step that occurred before the termination may still be back-filled; one after it may not', async () => {
    const d = await j.initiate()
    await j.record(j.client.organ, d, 'ExecutingUnitAssigned')
    const terminated = await j.record(j.client.organ, d, 'DecisionTerminated')
    const report = payload('ExecutionReported')
    const before = await j.append(j.client.executing, d, 'ExecutionReported', report, {
      occurredAt: '2026-11-18T09:00:00+08:00',
    })
    expect(before.status, JSON.stringify(before.body)).toBe(201)
    await expectConflict(
      await j.append(j.client.executing, d, 'ExecutionReported', report, { occurredAt: '2026-11-19T09:00:01+08:00' }),
      'decision-terminated',
      d,
      terminated.version + 1,
    )
    // The same instant as the termination is not before it.
    await expectConflict(
      await j.append(j.client.executing, d, 'ExecutionReported', report),
      'decision-terminated',
      d,
      terminated.version + 1,
    )
  })

  it('public feedback is still received on a published, terminated decision', async () => {
    const d = await j.initiate()
    await j.record(j.client.organ, d, 'DecisionPublished')
    await j.record(j.client.organ, d, 'DecisionTerminated')
    const res = await j.public.post(`/v1/public/decisions/${d}/feedback`, { summary: '终止后的意见' })
    expect(res.status).toBe(201)
  })
})

describe('EventCorrected', () => {
  it('keeps the original readable and marks both events', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'PublicCommentOpened')
    const closed = await j.record(j.client.undertaking, d, 'PublicCommentClosed')
    const before = (await j.client.undertaking.get(`/v1/decisions/${d}/events`)).body.items as Array<
      Record<string, unknown>
    >
    const fixed = { closedAt: '2025-04-18T17:00:00+08:00', commentsCount: 1352 }
    j.clock.advance(1000)
    const res = await j.append(j.client.undertaking, d, 'EventCorrected', {
      correctsEventId: closed.eventId,
      reason: '统计有误。',
      data: fixed,
    })
    expect(res.status).toBe(201)
    const correction = res.body.event as { eventId: string }

    const items = (await j.client.undertaking.get(`/v1/decisions/${d}/events`)).body.items as Array<
      Record<string, unknown>
    >
    const original = items.find((e) => e.eventId === closed.eventId) as Record<string, unknown>
    const { correctedBy, ...unchanged } = original
    expect(unchanged).toEqual(before.find((e) => e.eventId === closed.eventId))
    expect((original.data as { commentsCount: number }).commentsCount).toBe(1342)
    expect(correctedBy).toEqual([correction.eventId])
    const marked = items.find((e) => e.eventId === correction.eventId) as Record<string, unknown>
    expect(marked.corrects).toBe(closed.eventId)
    expect(marked.data).toMatchObject({ data: fixed })
    // Known before the correction, the original was not yet marked.
    const asOf = encodeURIComponent(String(closed.recordedAt))
    const old = (await j.client.undertaking.get(`/v1/decisions/${d}/events?asOf=${asOf}`)).body.items as Array<
      Record<string, unknown>
    >
    expect(old.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId))
    expect(old.every((e) => e.correctedBy === undefined)).toBe(true)
  })

  it('validates the corrected payload against the original type (path under data.data)', async () => {
    const d = await j.initiate()
    const draft = await j.record(j.client.undertaking, d, 'DraftPrepared')
    const missing = await j.append(j.client.undertaking, d, 'EventCorrected', {
      correctsEventId: draft.eventId,
      reason: '补正',
      data: { draft: (draft.data as { draft: unknown }).draft },
    })
    expect(missing.status).toBe(400)
    expect((missing.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('data.data.legalBases')
    const extra = await j.append(j.client.undertaking, d, 'EventCorrected', {
      correctsEventId: draft.eventId,
      reason: '补正',
      data: { ...(draft.data as object), note: 'x' },
    })
    expect(extra.status).toBe(400)
    expect((extra.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('data.data.note')
    // DocRefs inside the corrected payload must be in the correction's evidence too.
    const noEvidence = await j.append(
      j.client.undertaking,
      d,
      'EventCorrected',
      { correctsEventId: draft.eventId, reason: '补正', data: draft.data },
      { evidence: [] },
    )
    expect(noEvidence.status).toBe(400)
    expect(noEvidence.body.code).toBe('doc-ref-not-in-evidence')
    expect((noEvidence.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('data.data.draft')
    expect((await j.admin.get(`/v1/decisions/${d}`)).body.version).toBe(2)
  })

  it('refuses a correction of an unknown event and of a correction', async () => {
    const d = await j.initiate()
    await expectConflict(
      await j.append(j.client.undertaking, d, 'EventCorrected', {
        correctsEventId: ULID_ELSEWHERE,
        reason: 'x',
        data: {},
      }),
      'unknown-event-reference',
      d,
      1,
    )
    const draft = await j.record(j.client.undertaking, d, 'DraftPrepared')
    const first = await j.append(j.client.undertaking, d, 'EventCorrected', {
      correctsEventId: draft.eventId,
      reason: '一次',
      data: draft.data,
    })
    expect(first.status).toBe(201)
    const firstId = (first.body.event as { eventId: string }).eventId
    const body = {
      correctsEventId: firstId,
      reason: '二次',
      data: { correctsEventId: draft.eventId, reason: '一次', data: draft.data },
    }
    await expectConflict(
      await j.append(j.client.undertaking, d, 'EventCorrected', body),
      'cannot-correct-correction',
      d,
      3,
    )
    // Correcting the original again is the way.
    expect(
      (
        await j.append(j.client.undertaking, d, 'EventCorrected', {
          correctsEventId: draft.eventId,
          reason: '二次',
          data: draft.data,
        })
      ).status,
    ).toBe(201)
  })

  it('a correction of the initiation changes the decision’s facts', async () => {
    const d = await j.initiate()
    const init = (
      (await j.client.organ.get(`/v1/decisions/${d}/events`)).body.items as Array<{
        eventId: string
        data: Record<string, unknown>
      }>
    )[0]
    const res = await j.append(j.client.organ, d, 'EventCorrected', {
      correctsEventId: init?.eventId,
      reason: '标题笔误',
      data: { ...init?.data, title: '更正后的标题' },
    })
    expect(res.status).toBe(201)
    expect((await j.client.organ.get(`/v1/decisions/${d}`)).body.title).toBe('更正后的标题')
  })
})
