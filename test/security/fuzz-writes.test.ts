// Property-based fuzzing of every write endpoint (issue 9 item 2), in process through
// app.request(). Each case starts from a valid body for the endpoint (a valid payload of one of
// 26 event types for the append endpoint) and mutates it: fields dropped, unknown fields, wrong
// types, random values, huge strings, deep nesting, bad dates and time zones, truncated JSON,
// duplicate keys, unsafe integers, lone surrogates, invalid UTF-8 bytes, oversized and chunked
// bodies, random bytes, wrong media types, bad Idempotency-Key and If-Match headers.
// Every answer is below 500; every refusal is a problem+json 4xx with a code (and the JSON path
// of each bad field where there is one) and leaves every table as it was. Mutations that cannot
// yield a valid body must be refused; the others may be accepted (and are then stored).
// FUZZ_RUNS (default 60) cases per endpoint; FUZZ_SEED to explore beyond the fixed seed.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dottedPath } from '../../src/domain/errors'
import type { DecisionEventType } from '../../src/domain/events'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, OCCURRED, org, payload, type TokenName } from '../http/support'
import { ADMIN } from '../support/app'
import {
  BAD_UTF8,
  badBytesAt,
  type DateCase,
  dateCase,
  duplicateKeyAt,
  expectProblem,
  instantCase,
  type Json,
  kindOf,
  nastyString,
  nodesOf,
  otherType,
  RUNS,
  rawAt,
  rawRequest,
  SEED,
  setAt,
  snapshot,
  utf8,
} from './fuzz-support'

let j: Jurisdiction
let decision: string
let published: string

beforeAll(async () => {
  j = await createJurisdiction()
  decision = await j.initiate()
  published = await j.initiate()
  await j.record(j.client.organ, published, 'DecisionPublished')
})
afterAll(() => j.close())

interface Base {
  body: Json
  /** Whose token sends it: a fixture token name, 'admin', or 'public' (none). */
  as: TokenName | 'admin' | 'public'
}

const EVENT_BASES: Array<[DecisionEventType, TokenName]> = [
  ['DraftPrepared', 'undertaking'],
  ['DraftRevised', 'undertaking'],
  ['InterUnitConsultationRecorded', 'undertaking'],
  ['PublicParticipationRecorded', 'undertaking'],
  ['PublicCommentOpened', 'undertaking'],
  ['SpecialGroupConsulted', 'undertaking'],
  ['HearingNoticed', 'undertaking'],
  ['HearingHeld', 'undertaking'],
  ['PublicOpinionsProcessed', 'undertaking'],
  ['ExpertPanelFormed', 'undertaking'],
  ['ExpertOpinionSubmitted', 'undertaking'],
  ['RiskAssessmentCompleted', 'undertaking'],
  ['FairCompetitionReviewCompleted', 'undertaking'],
  ['LegalityReviewRequested', 'undertaking'],
  ['SubmittedForDiscussion', 'undertaking'],
  ['DecisionReclassified', 'organ'],
  ['CollectiveDiscussionHeld', 'organ'],
  ['PartyCommitteeReported', 'organ'],
  ['DecisionPublished', 'organ'],
  ['DecisionArchived', 'organ'],
  ['ExecutingUnitAssigned', 'organ'],
  ['DecisionAdjusted', 'organ'],
  ['PostEvaluationCompleted', 'organ'],
  ['InspectionFindingRecorded', 'inspector'],
  ['SeriousErrorDetermined', 'inspector'],
  ['LiabilityDetermined', 'inspector'],
]

const event = (type: DecisionEventType) => {
  const data = payload(type)
  return { type, occurredAt: OCCURRED, data, evidence: evidenceFor(data) } as unknown as Json
}

/** Every write endpoint of the API with valid bodies to start from. */
const WRITES: Array<{ method: 'POST'; path: () => string; template: string; bases: () => Base[] }> = [
  {
    method: 'POST',
    template: '/v1/decisions',
    path: () => '/v1/decisions',
    bases: () => {
      const data = payload('DecisionInitiated')
      return [{ body: { occurredAt: OCCURRED, data, evidence: evidenceFor(data) } as unknown as Json, as: 'organ' }]
    },
  },
  {
    method: 'POST',
    template: '/v1/decisions/{id}/events',
    path: () => `/v1/decisions/${decision}/events`,
    bases: () => EVENT_BASES.map(([type, as]) => ({ body: event(type), as })),
  },
  {
    method: 'POST',
    template: '/v1/organizations',
    path: () => '/v1/organizations',
    bases: () => [
      { body: { id: 'org_fuzz', name: '模糊测试局', kind: 'department', parentId: org.city }, as: 'admin' },
    ],
  },
  {
    method: 'POST',
    template: '/v1/people',
    path: () => '/v1/people',
    bases: () => [{ body: { id: 'per_fuzz', name: '测试人' }, as: 'admin' }],
  },
  {
    method: 'POST',
    template: '/v1/people/{id}/positions',
    path: () => '/v1/people/per_mayor/positions',
    bases: () => [
      { body: { orgId: org.city, title: '副市长', capacity: 'deputy_head', from: '2024-01-01' }, as: 'admin' },
    ],
  },
  {
    method: 'POST',
    template: '/v1/positions/{id}/end',
    path: () => `/v1/positions/${j.mayorPositionId}/end`,
    bases: () => [{ body: { to: '2026-06-30', reason: '调任' }, as: 'admin' }],
  },
  {
    method: 'POST',
    template: '/v1/tokens',
    path: () => '/v1/tokens',
    bases: () => [
      {
        body: { personId: 'per_mayor', orgId: org.city, role: 'organ_office', expiresAt: '2030-01-01T00:00:00Z' },
        as: 'admin',
      },
    ],
  },
  {
    method: 'POST',
    template: '/v1/public/decisions/{id}/feedback',
    path: () => `/v1/public/decisions/${published}/feedback`,
    bases: () => [{ body: { channel: 'online', summary: '建议延长早高峰班次。' }, as: 'public' }],
  },
  {
    method: 'POST',
    template: '/v1/ledger/cosignatures',
    path: () => '/v1/ledger/cosignatures',
    bases: () => [{ body: { treeSize: 1, cosignatures: ['— witness.example/w1 AAAA'] }, as: 'admin' }],
  },
]

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop' | 'deep-array' | 'deep-object'; at: number; depth: number }
  | { kind: 'extra'; at: number; key: string; value: Json }
  | { kind: 'retype'; at: number; pick: number; text: string }
  | { kind: 'value'; at: number; value: Json }
  | { kind: 'huge'; at: number; length: number }
  | { kind: 'date'; at: number; date: DateCase }
  | { kind: 'truncate'; cut: number }
  | { kind: 'dupkey'; at: number; other: Json }
  | { kind: 'unsafe'; at: number; raw: string }
  | { kind: 'surrogate'; at: number; escape: string }
  | { kind: 'badbytes'; at: number; bad: number }
  | { kind: 'oversize'; chunked: boolean }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'mediatype'; type: string }
  | { kind: 'header'; name: 'Idempotency-Key' | 'If-Match'; value: string }

/** JSON without numbers beyond 2^53 (those are refused first, with their own path). */
const safeJson: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
)
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,260}$/)
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('none') }),
  fc.record({ kind: fc.constant('none') }),
  fc.record({
    kind: fc.constantFrom('drop', 'deep-array', 'deep-object'),
    at: fc.nat(),
    depth: fc.oneof(fc.integer({ min: 65, max: 4000 }), fc.integer({ min: 4000, max: 170_000 })),
  }),
  fc.record({
    kind: fc.constant('extra'),
    at: fc.nat(),
    key: fc.string({ maxLength: 12 }),
    value: safeJson,
  }),
  fc.record({ kind: fc.constant('retype'), at: fc.nat(), pick: fc.nat(), text: nastyString }),
  fc.record({ kind: fc.constant('value'), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant('huge'), at: fc.nat(), length: fc.integer({ min: 2_000, max: 900_000 }) }),
  fc.record({ kind: fc.constant('date'), at: fc.nat(), date: fc.oneof(dateCase, instantCase) }),
  fc.record({ kind: fc.constant('date'), at: fc.nat(), date: fc.oneof(dateCase, instantCase) }),
  fc.record({ kind: fc.constant('truncate'), cut: fc.nat() }),
  fc.record({ kind: fc.constant('dupkey'), at: fc.nat(), other: safeJson }),
  fc.record({
    kind: fc.constant('unsafe'),
    at: fc.nat(),
    raw: fc.constantFrom('9007199254740993', '-9007199254740993', '1e400', '-1e400', '123456789012345678901234567890'),
  }),
  fc.record({
    kind: fc.constant('surrogate'),
    at: fc.nat(),
    escape: fc.constantFrom('\\ud800', '\\udfff', '\\ud800x', '\\udc00\\ud800'),
  }),
  fc.record({ kind: fc.constant('badbytes'), at: fc.nat(), bad: fc.nat({ max: BAD_UTF8.length - 1 }) }),
  fc.record({ kind: fc.constant('oversize'), chunked: fc.boolean() }),
  fc.record({ kind: fc.constant('bytes'), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({
    kind: fc.constant('mediatype'),
    type: fc.constantFrom(
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/jsonx',
      'text/json',
    ),
  }),
  fc.record({ kind: fc.constant('header'), name: fc.constantFrom('Idempotency-Key', 'If-Match'), value: headerValue }),
)

interface Request {
  body: Uint8Array | string | ReadableStream<Uint8Array> | undefined
  headers: Record<string, string>
  /** What must come back: 'refused' (any problem 4xx), a status, or 'either' (accepted or refused). */
  expect: 'refused' | 'either' | number
  code?: string
  /** The JSON path that the refusal must name. */
  names?: string
}

const pick = <T>(items: T[], at: number): T | undefined => (items.length ? items[at % items.length] : undefined)
const isLeaf = (v: Json) => v === null || typeof v !== 'object'
const looksLikeDate = (v: Json) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)

/** Applies a mutation to a base body; undefined when it does not apply to this body. */
function build(base: Json, m: Mutation, now: number): Request | undefined {
  const json = { 'content-type': 'application/json' }
  const all = nodesOf(base)
  const inner = all.filter((n) => n.path.length > 0)
  const send = (v: Json, expect: Request['expect'], extra: Partial<Request> = {}): Request => ({
    body: JSON.stringify(v),
    headers: json,
    expect,
    ...extra,
  })
  switch (m.kind) {
    case 'none': // the control: the valid body as it is (accepted, or refused as a repeat)
      return send(base, 'either')
    case 'drop': {
      const n = pick(inner, m.at)
      return n && send(setAt(base, n.path, undefined), 'either')
    }
    case 'deep-array':
    case 'deep-object': {
      // Written as text: a JavaScript value this deep could not even be stringified.
      const n = pick(all, m.at)
      const d = m.depth
      const raw = m.kind === 'deep-array' ? '['.repeat(d) + ']'.repeat(d) : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`
      return n && { body: rawAt(base, n.path, raw), headers: json, expect: 400, code: 'validation-failed' }
    }
    case 'extra': {
      const n = pick(
        all.filter((x) => kindOf(x.value) === 'object'),
        m.at,
      )
      if (!n) return undefined
      const key = `x_${m.key}`
      return send(setAt(base, [...n.path, key], m.value), 'refused', {
        names: dottedPath([...n.path, key.normalize('NFC')]),
      })
    }
    case 'retype': {
      const n = pick(
        all.filter((x) => x.value !== null),
        m.at,
      )
      return n && send(setAt(base, n.path, otherType(n.value, m.pick, m.text)), 'refused')
    }
    case 'value': {
      const n = pick(
        inner.filter((x) => isLeaf(x.value)),
        m.at,
      )
      return n && send(setAt(base, n.path, m.value), 'either')
    }
    case 'huge': {
      const n = pick(
        inner.filter((x) => typeof x.value === 'string'),
        m.at,
      )
      return n && send(setAt(base, n.path, '长'.repeat(Math.floor(m.length / 3))), 'either')
    }
    case 'date': {
      const n = pick(
        inner.filter((x) => looksLikeDate(x.value)),
        m.at,
      )
      if (!n) return undefined
      const verdict = String(n.value).includes('T') ? m.date.asInstant : m.date.asDate
      const body = setAt(base, n.path, m.date.text)
      if (verdict === 'invalid') return send(body, 400, { names: dottedPath(n.path) })
      // A valid occurredAt in the past is never what a refusal names.
      const past = n.path.length === 1 && n.path[0] === 'occurredAt' && Date.parse(m.date.text) <= now
      return send(body, 'either', verdict === 'valid' && past ? { names: '!occurredAt' } : {})
    }
    case 'truncate': {
      const text = JSON.stringify(base)
      if (text.length < 2) return undefined
      return {
        body: text.slice(0, 1 + (m.cut % (text.length - 1))),
        headers: json,
        expect: 400,
        code: 'malformed-json',
      }
    }
    case 'dupkey': {
      const n = pick(
        all.filter((x) => kindOf(x.value) === 'object' && Object.keys(x.value as object).length),
        m.at,
      )
      if (!n) return undefined
      const text = duplicateKeyAt(base, n.path, m.other)
      const first = Object.keys(n.value as object)[0] as string
      return text === undefined
        ? undefined
        : { body: text, headers: json, expect: 400, code: 'duplicate-key', names: dottedPath([...n.path, first]) }
    }
    case 'unsafe': {
      const n = pick(
        inner.filter((x) => isLeaf(x.value)),
        m.at,
      )
      return (
        n && {
          body: rawAt(base, n.path, m.raw),
          headers: json,
          expect: 400,
          code: 'unsafe-integer',
          names: dottedPath(n.path),
        }
      )
    }
    case 'surrogate': {
      const n = pick(
        inner.filter((x) => typeof x.value === 'string'),
        m.at,
      )
      return (
        n && {
          body: rawAt(base, n.path, `"a${m.escape}b"`),
          headers: json,
          expect: 400,
          code: 'invalid-utf8',
          names: dottedPath(n.path),
        }
      )
    }
    case 'badbytes': {
      const n = pick(
        inner.filter((x) => typeof x.value === 'string'),
        m.at,
      )
      return (
        n && {
          body: badBytesAt(base, n.path, BAD_UTF8[m.bad] as Uint8Array),
          headers: json,
          expect: 400,
          code: 'invalid-utf8',
        }
      )
    }
    case 'oversize': {
      const text = JSON.stringify(
        kindOf(base) === 'object' ? { ...(base as object), pad: 'x'.repeat(1024 * 1024) } : ['x'.repeat(1024 * 1024)],
      )
      const bytes = utf8(text)
      const body = m.chunked
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024))
              controller.close()
            },
          })
        : bytes
      return { body, headers: json, expect: 413, code: 'payload-too-large' }
    }
    case 'bytes':
      return { body: m.bytes, headers: json, expect: 'refused' }
    case 'mediatype':
      return {
        body: JSON.stringify(base),
        headers: { 'content-type': m.type },
        expect: 415,
        code: 'unsupported-media-type',
      }
    case 'header':
      return { body: JSON.stringify(base), headers: { ...json, [m.name]: m.value }, expect: 'either' }
  }
}

const tokenOf = (as: Base['as']) => (as === 'admin' ? ADMIN : as === 'public' ? undefined : j.secrets[as as TokenName])

describe('fuzzing every write endpoint: never a 5xx; every refusal a problem+json 4xx that stores nothing', () => {
  it('the fuzzed endpoints are every write endpoint of the OpenAPI document', async () => {
    const doc = (await j.admin.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> }
    const writes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    )
    const fuzzed = [...WRITES.map((w) => `${w.method} ${w.template}`), 'DELETE /v1/tokens/{id}']
    expect(writes.sort()).toEqual(fuzzed.sort())
  })

  it.each(WRITES.map((w, i) => ({ ...w, i, name: `${w.method} ${w.template}` })))(
    '$name',
    async (w) => {
      const bases = w.bases()
      const counts = new Map<string, number>()
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(fc.nat(), mutation, async (which, m) => {
          const base = bases[which % bases.length] as Base
          const req = build(base.body, m, j.clock.now().getTime())
          if (!req) return
          counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1)
          j.clock.advance(61_000) // keeps the feedback rate limit out of the way
          const token = tokenOf(base.as)
          const headers = { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }
          const before = await snapshot(j.backend)
          const res = await rawRequest(j.app, w.method, w.path(), req.body, headers)
          const context = `${w.method} ${w.path()} ${m.kind} ${JSON.stringify(m).slice(0, 300)}`
          expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeLessThan(500)
          if (res.status >= 400) {
            const problem = expectProblem(res, context)
            expect(await snapshot(j.backend), `${context}: refused but stored`).toEqual(before)
            if (req.code) expect(problem.code, context).toBe(req.code)
            const paths = ((problem.errors as Array<{ path: string }> | undefined) ?? []).map((e) => e.path)
            if (req.names?.startsWith('!')) expect(paths, context).not.toContain(req.names.slice(1))
            else if (req.names !== undefined)
              expect(paths, `${context}: ${res.text.slice(0, 300)}`).toContain(req.names)
          } else {
            expect(req.expect, `${context}: accepted (${res.status}) ${res.text.slice(0, 300)}`).toBe('either')
            accepted++
          }
          if (typeof req.expect === 'number') expect(res.status, context).toBe(req.expect)
        }),
        { numRuns: RUNS, seed: SEED + w.i, endOnFailure: true },
      )
      // Most mutation kinds got exercised on this endpoint.
      expect(counts.size, JSON.stringify([...counts])).toBeGreaterThanOrEqual(Math.min(8, RUNS / 5))
      // Not vacuous: mutations that keep a body valid get through (where a valid body can be stored twice).
      if (RUNS >= 40 && (w.template === '/v1/decisions' || w.template === '/v1/decisions/{id}/events'))
        expect(accepted).toBeGreaterThan(0)
    },
    240_000,
  )

  it('DELETE /v1/tokens/{id} with random ids and headers', async () => {
    const victim = j.tokenIds.executingOther
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant(victim),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.stringMatching(/^[A-Za-z0-9]{1,60}$/),
        ),
        fc.dictionary(fc.constantFrom('if-match', 'idempotency-key', 'content-type'), headerValue),
        async (id, extra) => {
          const before = await snapshot(j.backend)
          const path = `/v1/tokens/${encodeURIComponent(id)}`
          const res = await rawRequest(j.app, 'DELETE', path, undefined, { ...extra, authorization: `Bearer ${ADMIN}` })
          const context = `DELETE ${path}`
          expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeLessThan(500)
          if (res.status >= 400) {
            expectProblem(res, context)
            expect(await snapshot(j.backend), context).toEqual(before)
          } else expect(id, context).toBe(victim)
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
  })
})
