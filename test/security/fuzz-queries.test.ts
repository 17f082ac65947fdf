// Property-based fuzzing of every query and path parameter (issue 9 item 2). The operations and
// their parameters come from the OpenAPI document itself, so a new endpoint is fuzzed without
// anyone remembering to add it. Values: the kinds each parameter expects and everything else —
// impossible dates and time zones, negative and huge numbers, forged cursors, unknown and
// repeated keys, malformed percent-encoding, control characters, very long values.
// Every answer is below 500; every refusal is a problem+json 4xx whose `errors[]` name only
// parameters that were sent; a date the oracle knows to be impossible is refused naming its key;
// and no read stores anything but the read logs (and the derived compliance rows a read may refresh).
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction, type TokenName } from '../http/support'
import { ADMIN } from '../support/app'
import {
  type DateCase,
  dateCase,
  expectProblem,
  instantCase,
  nastyString,
  RUNS,
  rawRequest,
  SEED,
} from './fuzz-support'

let j: Jurisdiction
let ops: Array<{ path: string; params: string[]; query: string[] }>
const valid: Record<string, string[]> = {}

beforeAll(async () => {
  j = await createJurisdiction()
  const open = await j.initiate()
  const hidden = await j.initiate({ flags: { nonDisclosable: true } as never })
  const first = (await j.record(j.client.undertaking, open, 'DraftPrepared')).eventId
  await j.record(j.client.inspector, open, 'SeriousErrorDetermined')
  await j.record(j.client.organ, open, 'DecisionPublished')
  await j.admin.get('/v1/ledger/checkpoint') // sequence and sign, so proofs exist
  valid.decision = [open, hidden]
  valid.event = [first]
  valid.person = ['per_mayor', 'per_staff_organ']
  valid.org = ['org_city', 'org_province']
  valid.position = [j.mayorPositionId]
  valid.token = [j.tokenIds.organ]
  valid.rulebook = ['cn-713']
  const doc = (await j.admin.get('/openapi.json')).body as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>
  }
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => m === 'get')
      .map(([, op]) => ({
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
  )
})
afterAll(() => j.close())

const SOURCE_TABLES = [
  'events',
  'streams',
  'idempotency',
  'tokens',
  'organizations',
  'people',
  'positions',
  'decisions',
]

async function sourceCounts(): Promise<number[]> {
  const out: number[] = []
  for (const t of SOURCE_TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(j.backend.db)
    out.push(Number(r.rows[0]?.n))
  }
  return out
}

/** What an {id} of this path names (for picking valid ids). */
function idKind(path: string): string {
  if (path.startsWith('/v1/decisions/') || path.startsWith('/v1/public/decisions/')) return 'decision'
  if (path.startsWith('/v1/people/')) return 'person'
  if (path.startsWith('/v1/organizations/')) return 'org'
  if (path.startsWith('/v1/positions/')) return 'position'
  if (path.startsWith('/v1/tokens/')) return 'token'
  return 'rulebook'
}

interface Value {
  text: string
  date?: DateCase
}

const text = (a: fc.Arbitrary<string>): fc.Arbitrary<Value> => a.map((t) => ({ text: t }))
const number = fc.oneof(
  fc.integer({ min: -5, max: 600 }).map(String),
  fc.constantFrom('0', '-0', '1e3', '0x10', '1.5', ' 7', '9007199254740993', '99999999999999999999', '', 'NaN'),
)

/** Values for a parameter, by name: what it expects, and what it does not. */
function valueFor(name: string): fc.Arbitrary<Value> {
  const junk = text(nastyString)
  switch (name) {
    case 'limit':
    case 'after':
    case 'size':
    case 'treeSize':
    case 'since':
    case 'from_size':
      return fc.oneof(text(number), junk)
    case 'cursor':
      return fc.oneof(
        text(
          fc.base64String({ maxLength: 60 }).map((b) => b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
        ),
        text(
          fc
            .jsonValue({ maxDepth: 2 })
            .map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8').toString('base64url')),
        ),
        junk,
      )
    case 'from':
    case 'to':
      return fc.oneof(
        dateCase.map((d) => ({ text: d.text, date: d })),
        text(number),
        junk,
      )
    case 'asOf':
    case 'knownAt':
      return fc.oneof(
        instantCase.map((d) => ({ text: d.text, date: d })),
        dateCase.map((d) => ({ text: d.text, date: d })),
        junk,
      )
    case 'format':
      return fc.oneof(text(fc.constantFrom('json', 'csv', 'html', 'JSON', 'xml', '')), junk)
    case 'status':
      return fc.oneof(text(fc.constantFrom('compliant', 'noncompliant', 'in_progress', 'unknown')), junk)
    case 'kind':
      return fc.oneof(
        text(fc.constantFrom('non_disclosable_read', 'dossier', 'export', 'report', 'person_trail', 'other')),
        junk,
      )
    default:
      return fc.oneof(text(fc.constantFrom(...Object.values(valid).flat())), junk)
  }
}

/** Where a parameter is a calendar date or an instant (elsewhere `from` is a tree size). */
const DATE_PARAMS: Record<string, Record<string, 'date' | 'instant'>> = {
  '/v1/decisions': { from: 'date', to: 'date' },
  '/v1/reports/compliance': { from: 'date', to: 'date' },
  '/v1/decisions/{id}/events': { asOf: 'instant' },
  '/v1/decisions/{id}/compliance': { asOf: 'instant', knownAt: 'instant' },
}

interface Case {
  op: number
  ids: Array<{ valid: boolean; pick: number; raw: string }>
  query: Array<[string, Value]>
  extra: Array<[string, string]>
  rawTail: string
  as: number
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  op: fc.nat(),
  ids: fc.array(
    fc.record({
      valid: fc.boolean(),
      pick: fc.nat(),
      raw: fc.oneof(nastyString, fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%2F..%2F', 'dec_' + 'Z'.repeat(26))),
    }),
    { minLength: 2, maxLength: 2 },
  ),
  query: fc.constant([]) as fc.Arbitrary<Array<[string, Value]>>,
  extra: fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })), { maxLength: 2 }),
  rawTail: fc.constantFrom('', '', '', '&', '&&=', '&limit', '&%zz=1', '&a=%E0%A4%A', '&=x', '&limit=1&limit=2'),
  as: fc.nat(),
})

const ACTORS: Array<TokenName | 'admin' | 'public'> = [
  'admin',
  'admin',
  'admin',
  'inspector',
  'organ',
  'undertaking',
  'public',
]

describe('fuzzing every query and path parameter of every GET endpoint', () => {
  it('covers every GET operation of the OpenAPI document, and each declares the parameters it reads', () => {
    expect(ops.length).toBeGreaterThanOrEqual(30)
    const withQuery = ops.filter((o) => o.query.length).map((o) => o.path)
    for (const p of [
      '/v1/decisions',
      '/v1/events',
      '/v1/organizations',
      '/v1/people',
      '/v1/directory/events',
      '/v1/access-log',
    ])
      expect(withQuery).toContain(p)
  })

  it('never a 5xx; refusals are problem+json naming only parameters sent or declared; impossible dates are refused', async () => {
    const seen = new Set<string>()
    const outcomes = { answered: 0, refused: 0, impossibleDates: 0 }
    await fc.assert(
      fc.asyncProperty(
        caseArb.chain((c) => {
          const op = ops[c.op % ops.length] as (typeof ops)[number]
          const keys = fc.subarray([...op.query, ...op.query])
          return keys.chain((names) =>
            fc.tuple(...names.map((n) => valueFor(n).map((v) => [n, v] as [string, Value]))).map((query) => ({
              ...c,
              query,
            })),
          )
        }),
        async (c) => {
          const op = ops[c.op % ops.length] as (typeof ops)[number]
          seen.add(op.path)
          let allValidIds = true
          let path = op.path
          op.params.forEach((name, i) => {
            const id = c.ids[i] as Case['ids'][number]
            const pool = valid[idKind(op.path)] ?? []
            if (!id.valid) allValidIds = false
            const value = id.valid && pool.length ? (pool[id.pick % pool.length] as string) : id.raw
            path = path.replace(`{${name}}`, /%/.test(value) ? value : encodeURIComponent(value))
          })
          const qs = new URLSearchParams()
          for (const [k, v] of c.query) qs.append(k, v.text)
          for (const [k, v] of c.extra) qs.append(k, v)
          const url = `${path}?${qs.toString()}${c.rawTail}`
          const as = ACTORS[c.as % ACTORS.length] as (typeof ACTORS)[number]
          const token = as === 'admin' ? ADMIN : as === 'public' ? undefined : j.secrets[as]
          // An impossible date or time zone must be refused naming its parameter (as admin, with
          // real ids, and when it is the only value of its key).
          const mustName: string[] = []
          if (as === 'admin' && allValidIds) {
            for (const [k, v] of c.query) {
              const form = DATE_PARAMS[op.path]?.[k]
              const once = c.query.filter(([x]) => x === k).length === 1 && !c.extra.some(([x]) => x === k)
              if (form && v.date && once && (form === 'date' ? v.date.asDate : v.date.asInstant) === 'invalid')
                mustName.push(k)
            }
          }
          const before = await sourceCounts()
          const res = await rawRequest(j.app, 'GET', url, undefined, token ? { authorization: `Bearer ${token}` } : {})
          const context = `GET ${url} as ${as}`
          expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeLessThan(500)
          expect(await sourceCounts(), context).toEqual(before)
          if (mustName.length) expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBe(400)
          outcomes.impossibleDates += mustName.length
          if (res.status < 400) {
            outcomes.answered++
            return
          }
          outcomes.refused++
          const problem = expectProblem(res, context)
          const errors = (problem.errors as Array<{ path: string; pointer: string }> | undefined) ?? []
          // Sent, or declared (a required parameter that is missing is named too).
          const sent = new Set([...new URL(url, 'http://x').searchParams.keys(), ...op.params, ...op.query])
          for (const e of errors) {
            const key = e.pointer.slice(2).split('/')[0]?.replaceAll('~1', '/').replaceAll('~0', '~') ?? ''
            expect(sent.has(key) || key === 'Last-Event-ID', `${context}: names ${key}`).toBe(true)
          }
          for (const k of mustName)
            expect(
              errors.map((e) => e.path),
              `${context}: ${res.text.slice(0, 300)}`,
            ).toContain(k)
        },
      ),
      { numRuns: RUNS * 8, seed: SEED, endOnFailure: true },
    )
    expect(seen.size, 'operations exercised').toBeGreaterThanOrEqual(Math.min(ops.length, 25))
    // Not vacuous: some reads were answered, some refused, some impossible dates were sent.
    expect(outcomes.answered, JSON.stringify(outcomes)).toBeGreaterThan(0)
    expect(outcomes.refused, JSON.stringify(outcomes)).toBeGreaterThan(0)
    expect(outcomes.impossibleDates, JSON.stringify(outcomes)).toBeGreaterThan(0)
  }, 240_000)
})
