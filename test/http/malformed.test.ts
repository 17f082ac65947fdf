// Bad input never answers 500 and never stores anything: every refusal is a problem document
// (RFC 9457) with a stable code and, for validation errors, the JSON path of each bad field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, eventBody, type Jurisdiction, OCCURRED, payload } from './support'

type Res = Awaited<ReturnType<Jurisdiction['call']>>

let j: Jurisdiction
let d: string
let url: string
let auth: Record<string, string>
beforeAll(async () => {
  j = await createJurisdiction()
  d = await j.initiate()
  url = `/v1/decisions/${d}/events`
  auth = { authorization: `Bearer ${j.secrets.undertaking}` }
})
afterAll(() => j.close())

function expectProblem(res: Res, status: number, code: string, paths?: string[]): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const p = res.body as Record<string, unknown>
  expect(p).toMatchObject({ type: `urn:decision-trail:problem:${code}`, status, code })
  expect(typeof p.title).toBe('string')
  expect(typeof p.detail).toBe('string')
  expect(JSON.stringify(p)).not.toMatch(/\bat .*\.ts:\d+/) // no stack trace
  if (paths) {
    const errors = p.errors as Array<{ path: string; pointer: string; message: string }>
    expect(Array.isArray(errors)).toBe(true)
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(paths))
    for (const e of errors) expect(typeof e.message).toBe('string')
  }
}

const body = (type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify(eventBody(type, data, extra))
const draft = payload('DraftPrepared')
const draftJson = body('DraftPrepared', draft)
const HEX = 'a'.repeat(64)

/** Raw bodies (strings) sent as application/json to the append endpoint. */
const BODIES: Array<{ name: string; raw: string; status: number; code: string; paths?: string[] }> = [
  { name: 'invalid JSON', raw: '{"type": "DraftPrepared",', status: 400, code: 'malformed-json' },
  { name: 'a JSON array', raw: '[]', status: 400, code: 'validation-failed' },
  { name: 'an empty body', raw: '', status: 400, code: 'malformed-json' },
  {
    name: 'a lone surrogate escape',
    raw: draftJson.replace('"legalBases":["', '"legalBases":["\\ud800'),
    status: 400,
    code: 'invalid-utf8',
    paths: ['data.legalBases[0]'],
  },
  {
    name: 'a lone surrogate escape in a key',
    raw: draftJson.replace('"draft":{', '"draft":{"x\\ud800":1,'),
    status: 400,
    code: 'invalid-utf8',
    paths: ['data.draft["x\\ud800"]'],
  },
  // api.md §1: the same answer on every backend, and PostgreSQL's text cannot hold U+0000.
  {
    name: 'a NUL character (U+0000) in a string',
    raw: draftJson.replace('"legalBases":["', '"legalBases":["\\u0000'),
    status: 400,
    code: 'validation-failed',
    paths: ['data.legalBases[0]'],
  },
  {
    name: 'a NUL character in an envelope field',
    raw: body('DraftPrepared', draft, { correlationId: 'corr\u0000' }),
    status: 400,
    code: 'validation-failed',
    paths: ['correlationId'],
  },
  {
    name: 'a NUL character in a key',
    raw: draftJson.replace('"draft":{', '"draft":{"x\\u0000":1,'),
    status: 400,
    code: 'validation-failed',
  },
  {
    name: 'a duplicate top-level key',
    raw: draftJson.replace('{"type":"DraftPrepared"', '{"type":"DraftPrepared","type":"DraftRevised"'),
    status: 400,
    code: 'duplicate-key',
    paths: ['type'],
  },
  {
    name: 'a duplicate nested key',
    raw: draftJson.replace('"draft":{"name":', '"draft":{"name":"a","name":'),
    status: 400,
    code: 'duplicate-key',
    paths: ['data.draft.name'],
  },
  {
    name: 'a duplicate key after NFC',
    raw: JSON.stringify({ é: 1 }).replace('{', '{"e\u0301":0,'),
    status: 400,
    code: 'duplicate-key',
  },
  {
    name: 'an integer beyond 2^53',
    raw: body('PublicCommentClosed', { closedAt: OCCURRED, commentsCount: 1 }).replace(
      '"commentsCount":1',
      '"commentsCount":9007199254740993',
    ),
    status: 400,
    code: 'unsafe-integer',
    paths: ['data.commentsCount'],
  },
  {
    name: 'a huge exponent',
    raw: body('PublicCommentClosed', { closedAt: OCCURRED, commentsCount: 1 }).replace(
      '"commentsCount":1',
      '"commentsCount":1e400',
    ),
    status: 400,
    code: 'unsafe-integer',
  },
  {
    name: 'deep nesting',
    raw: draftJson.replace('"legalBases":[', `"legalBases":[${'['.repeat(100)}${']'.repeat(100)},`),
    status: 400,
    code: 'validation-failed',
  },
  {
    name: 'an unknown event type',
    raw: body('DecisionMade', draft),
    status: 400,
    code: 'unknown-event-type',
    paths: ['type'],
  },
  {
    name: 'a missing type',
    raw: JSON.stringify({ occurredAt: OCCURRED, data: draft }),
    status: 400,
    code: 'validation-failed',
    paths: ['type'],
  },
  {
    name: 'an unknown envelope field',
    raw: body('DraftPrepared', draft, { actor: { role: 'admin' } }),
    status: 400,
    code: 'validation-failed',
    paths: ['actor'],
  },
  {
    name: 'an unknown payload field',
    raw: body('DraftPrepared', { ...draft, approvedBy: 'me' }),
    status: 400,
    code: 'validation-failed',
    paths: ['data.approvedBy'],
  },
  {
    name: 'a missing payload field',
    raw: body('DraftPrepared', { draft: draft.draft }),
    status: 400,
    code: 'validation-failed',
    paths: ['data.legalBases'],
  },
  {
    name: 'a wrong enum',
    raw: body('PublicParticipationRecorded', payload('PublicParticipationRecorded', { method: 'telepathy' })),
    status: 400,
    code: 'validation-failed',
    paths: ['data.method'],
  },
  {
    name: 'a malformed DocRef',
    raw: body('DraftPrepared', { ...draft, draft: { name: 'x.pdf', sha256: 'ABC' } }),
    status: 400,
    code: 'validation-failed',
    paths: ['data.draft.sha256'],
  },
  {
    name: 'a DocRef with extra keys',
    raw: body('DraftPrepared', { ...draft, draft: { name: 'x.pdf', sha256: HEX, size: 1 } }),
    status: 400,
    code: 'validation-failed',
    paths: ['data.draft.size'],
  },
  {
    name: 'a DocRef not in evidence',
    raw: JSON.stringify({
      type: 'DraftPrepared',
      occurredAt: OCCURRED,
      data: draft,
      evidence: evidenceFor(draft).slice(1),
    }),
    status: 400,
    code: 'doc-ref-not-in-evidence',
    paths: ['data.draft'],
  },
  {
    name: 'a malformed evidence entry',
    raw: JSON.stringify({
      type: 'DraftPrepared',
      occurredAt: OCCURRED,
      data: draft,
      evidence: [{ name: 'x', sha256: 'zz' }],
    }),
    status: 400,
    code: 'validation-failed',
    paths: ['evidence[0].sha256'],
  },
  {
    name: 'an unknown organization',
    raw: body('LegalityReviewRequested', payload('LegalityReviewRequested', { reviewBodyId: 'org_ghost' })),
    status: 400,
    code: 'unknown-reference',
    paths: ['data.reviewBodyId'],
  },
  {
    name: 'an unknown co-unit in a list',
    raw: body(
      'InterUnitConsultationRecorded',
      payload('InterUnitConsultationRecorded', { unitIds: ['org_finance', 'org_ghost'] }),
    ),
    status: 400,
    code: 'unknown-reference',
    paths: ['data.unitIds[1]'],
  },
  {
    name: 'occurredAt without an offset',
    raw: body('DraftPrepared', draft, { occurredAt: '2026-11-19T09:00:00' }),
    status: 400,
    code: 'validation-failed',
    paths: ['occurredAt'],
  },
  {
    name: 'occurredAt 5 minutes and 1 second ahead',
    raw: body('DraftPrepared', draft, { occurredAt: '2026-11-20T02:05:01Z' }),
    status: 400,
    code: 'occurred-in-future',
    paths: ['occurredAt'],
  },
  {
    name: 'an impossible date',
    raw: body('PublicParticipationRecorded', payload('PublicParticipationRecorded', { heldOn: '2025-02-30' })),
    status: 400,
    code: 'validation-failed',
    paths: ['data.heldOn'],
  },
]

describe('malformed append bodies', () => {
  it.each(BODIES)('$name → $status $code, nothing stored', async ({ raw, status, code, paths }) => {
    const before = await j.snapshot(d)
    const res = await j.call('POST', url, raw, auth)
    expectProblem(res, status, code, paths)
    expect(await j.snapshot(d)).toEqual(before)
  })

  it('an unknown person is refused with its path (inspector writing LiabilityDetermined)', async () => {
    const res = await j.append(
      j.client.inspector,
      d,
      'LiabilityDetermined',
      payload('LiabilityDetermined', { personId: 'per_ghost' }),
    )
    expectProblem(res, 400, 'unknown-reference', ['data.personId'])
  })

  it('invalid UTF-8 bytes → 400 invalid-utf8', async () => {
    const before = await j.snapshot(d)
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"type":"DraftPrepared","x":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ])
    const raw = await j.app.request(url, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/json', ...auth },
    })
    const res = { status: raw.status, headers: raw.headers, body: (await raw.json()) as Record<string, unknown> }
    expectProblem(res, 400, 'invalid-utf8')
    expect(await j.snapshot(d)).toEqual(before)
  })

  it('occurredAt exactly 5 minutes ahead is accepted', async () => {
    const d2 = await j.initiate()
    const at = new Date(j.clock.now().getTime() + 5 * 60_000).toISOString()
    const res = await j.append(j.client.undertaking, d2, 'DraftPrepared', payload('DraftPrepared'), { occurredAt: at })
    expect(res.status).toBe(201)
    expect((res.body.event as { occurredAt: string }).occurredAt).toBe(at)
  })

  it('a body over 1 MiB → 413; another media type → 415', async () => {
    const before = await j.snapshot(d)
    const big = body('DraftPrepared', { ...draft, legalBases: Array.from({ length: 600 }, () => 'x'.repeat(1900)) })
    expect(big.length).toBeGreaterThan(1024 * 1024)
    expectProblem(await j.call('POST', url, big, auth), 413, 'payload-too-large')
    expectProblem(
      await j.call('POST', url, draftJson, { ...auth, 'content-type': 'text/plain' }),
      415,
      'unsupported-media-type',
    )
    expectProblem(
      await j.call('POST', url, draftJson, { ...auth, 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
    )
    expect(await j.snapshot(d)).toEqual(before)
    // Any +json media type is read as JSON.
    expect(
      (await j.call('POST', url, draftJson, { ...auth, 'content-type': 'application/merge-patch+json' })).status,
    ).toBe(201)
  })

  it('a body without any Content-Type is read as JSON (judgment call: only another type is 415)', async () => {
    const d2 = await j.initiate()
    const bytes = new TextEncoder().encode(JSON.stringify(eventBody('DraftPrepared', payload('DraftPrepared'))))
    const res = await j.app.request(`/v1/decisions/${d2}/events`, { method: 'POST', body: bytes, headers: auth })
    expect(res.status).toBe(201)
  })

  it('a bad If-Match → 400', async () => {
    const before = await j.snapshot(d)
    for (const value of ['"abc"', 'v1', '"1", "2"']) {
      const res = await j.call('POST', url, draftJson, { ...auth, 'if-match': value })
      // A header is named in bracket form (its name is not an identifier); the pointer is plain.
      expectProblem(res, 400, 'precondition-malformed', ['["If-Match"]'])
      expect((res.body.errors as Array<{ pointer: string }>)[0]?.pointer).toBe('#/If-Match')
    }
    expect(await j.snapshot(d)).toEqual(before)
  })

  it('bad initiation bodies name their paths', async () => {
    const before = await j.snapshot()
    const data = payload('DecisionInitiated')
    const post = (b: unknown) => j.client.organ.post('/v1/decisions', b)
    expectProblem(await post({ occurredAt: OCCURRED, data: { ...data, category: 'whim' } }), 400, 'validation-failed', [
      'data.category',
    ])
    expectProblem(
      await post({ occurredAt: OCCURRED, data: { ...data, flags: { ...(data.flags as object), secret: true } } }),
      400,
      'validation-failed',
      ['data.flags.secret'],
    )
    expectProblem(
      await post({ occurredAt: OCCURRED, data: { ...data, undertakingUnitId: 'org_ghost' } }),
      400,
      'unknown-reference',
      ['data.undertakingUnitId'],
    )
    expectProblem(
      await post({ occurredAt: OCCURRED, data: { ...data, rulebook: 'cn-nowhere' } }),
      400,
      'unknown-reference',
      ['data.rulebook'],
    )
    expectProblem(await post({ data }), 400, 'validation-failed', ['occurredAt'])
    expectProblem(await post({ occurredAt: '2027-01-01T00:00:00Z', data }), 400, 'occurred-in-future', ['occurredAt'])
    expect(await j.snapshot()).toEqual(before)
  })

  // rules.md §1: a decision is judged under its rulebook's version in force on the initiation's
  // date; with none in force no report could ever be made, so the initiation is refused.
  it('an initiation before its rulebook was in force is refused at data.rulebook, judged by the local date', async () => {
    const before = await j.snapshot()
    const data = { ...payload('DecisionInitiated'), rulebook: 'cn-713' }
    const post = (occurredAt: string) =>
      j.client.organ.post('/v1/decisions', { occurredAt, data, evidence: evidenceFor(data) })
    // 23:30 on 31 August 2019 in Beijing, the day before Decree 713 took effect.
    const refused = await post('2019-08-31T15:30:00Z')
    expectProblem(refused, 400, 'unknown-reference', ['data.rulebook'])
    expect((refused.body.errors as Array<{ message: string }>)[0]?.message).toContain('in force from 2019-09-01')
    expect(await j.snapshot()).toEqual(before)
    // 00:30 on 1 September in Beijing, still 31 August in UTC.
    const accepted = await post('2019-08-31T16:30:00Z')
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
    const report = await j.admin.get(`/v1/decisions/${accepted.body.decisionId}/compliance`)
    expect(report.status).toBe(200)
    expect(report.body.rulebook).toMatchObject({ id: 'cn-713' })
  })
})

describe('bad query parameters and cursors', () => {
  const QUERIES: Array<{ path: string; code: string; errorPath?: string }> = [
    { path: '/v1/decisions?limit=0', code: 'invalid-query', errorPath: 'limit' },
    { path: '/v1/decisions?limit=501', code: 'invalid-query', errorPath: 'limit' },
    { path: '/v1/decisions?limit=ten', code: 'invalid-query', errorPath: 'limit' },
    { path: '/v1/decisions?cursor=not-a-cursor', code: 'invalid-cursor', errorPath: 'cursor' },
    { path: '/v1/decisions?from=2025-13-01', code: 'validation-failed', errorPath: 'from' },
    { path: '/v1/decisions?colour=red', code: 'validation-failed', errorPath: 'colour' },
    { path: '/v1/decisions/{d}/events?asOf=yesterday', code: 'validation-failed', errorPath: 'asOf' },
    { path: '/v1/decisions/{d}/events?cursor=eyJ4IjoxfQ', code: 'invalid-cursor', errorPath: 'cursor' },
    { path: '/v1/events?after=-1', code: 'validation-failed', errorPath: 'after' },
    { path: '/v1/events?limit=100000', code: 'invalid-query', errorPath: 'limit' },
    { path: '/v1/organizations?cursor=%%%', code: 'invalid-cursor', errorPath: 'cursor' },
    { path: '/v1/public/decisions?limit=-5', code: 'invalid-query', errorPath: 'limit' },
    { path: '/v1/public/decisions?cursor=eyJpZCI6IngifQ', code: 'invalid-cursor', errorPath: 'cursor' },
    // A NUL (%00) anywhere in the URL: no identifier or search holds one (PostgreSQL's text cannot).
    { path: '/v1/decisions?q=a%00b', code: 'validation-failed', errorPath: 'q' },
    { path: '/v1/public/decisions?q=%00', code: 'validation-failed', errorPath: 'q' },
    { path: '/v1/people/per_a%00b', code: 'validation-failed', errorPath: 'id' },
    { path: '/v1/organizations/org_a%00', code: 'validation-failed', errorPath: 'id' },
    { path: '/v1/decisions/{d}/events?asOf=yesterday&knownAt=%00', code: 'validation-failed', errorPath: 'asOf' },
    {
      path: '/v1/decisions/{d}/compliance?asOf=yesterday&knownAt=%00',
      code: 'validation-failed',
      errorPath: 'knownAt',
    },
    { path: '/v1/ledger/proofs/inclusion?eventId=%00', code: 'validation-failed', errorPath: 'eventId' },
  ]
  it.each(QUERIES)('GET $path → 400 $code', async ({ path, code, errorPath }) => {
    const res = await j.admin.get(path.replace('{d}', d))
    expectProblem(res, 400, code, errorPath ? [errorPath] : undefined)
  })

  it('a NUL in the URL of a write is refused and logged, nothing revoked', async () => {
    const res = await j.admin.del(`/v1/tokens/${j.tokenIds.organ}%00`)
    expectProblem(res, 400, 'validation-failed', ['id'])
    expect((await j.client.organ.get(`/v1/decisions/${d}`)).status).toBe(200)
    const log = await j.admin.get('/v1/refusals?limit=500')
    const items = log.body.items as Array<{ method: string; path: string; code: string }>
    expect(items.some((r) => r.method === 'DELETE' && r.path.endsWith('%00') && r.code === 'validation-failed')).toBe(
      true,
    )
  })
})

describe('every write endpoint refuses bad input without a 500', () => {
  const ENDPOINTS = [
    '/v1/decisions',
    '/v1/organizations',
    '/v1/people',
    '/v1/people/per_mayor/positions',
    '/v1/positions/pos_x/end',
    '/v1/tokens',
    '/v1/public/decisions/{d}/feedback',
  ]
  const BAD: Array<{ name: string; raw: string; status: number }> = [
    { name: 'truncated JSON', raw: '{"name":', status: 400 },
    { name: 'a bare string', raw: '"hello"', status: 400 },
    { name: 'null', raw: 'null', status: 400 },
    { name: 'a duplicate key', raw: '{"name":"a","name":"b"}', status: 400 },
    { name: 'an unsafe integer', raw: '{"n":12345678901234567890}', status: 400 },
  ]
  const rows = ENDPOINTS.flatMap((path) => BAD.map((b) => ({ path, ...b })))
  it.each(rows)('POST $path with $name → $status', async ({ path, raw, status }) => {
    j.clock.advance(61_000) // keep the feedback rate limit out of the way
    const before = await j.snapshot()
    const res = await j.call('POST', path.replace('{d}', d), raw, { authorization: `Bearer ${j.secrets.organ}` })
    // The organ office may not write the directory or tokens: authorization may come first.
    expect([status, 403]).toContain(res.status)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const asAdmin = await j.admin.post(path.replace('{d}', d), raw)
    expect(asAdmin.status).toBe(status)
    expect(await j.snapshot()).toEqual(before)
  })
})
