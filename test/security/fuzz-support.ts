// Shared pieces of the fuzz tests (issue 9 item 2): raw requests, the problem+json check, what
// "nothing stored" means, JSON mutations at a path, and an RFC 3339 oracle written independently
// of the schemas (so a schema that accepts an impossible date, or refuses a valid one, is caught).
import fc from 'fast-check'
import { sql } from 'kysely'
import { expect } from 'vitest'
import type { Backend } from '../../src/store/backend'

export const RUNS = Number(process.env.FUZZ_RUNS ?? 60)
/** Fixed unless FUZZ_SEED is set: CI is reproducible, a developer can explore. */
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261121

export interface RawReply {
  status: number
  type: string
  body: unknown
  text: string
}

type Fetcher = { request: (path: string, init?: RequestInit) => Response | Promise<Response> }

/** One request through app.request(); an event stream is cancelled once its headers arrive. */
export async function rawRequest(
  app: Fetcher,
  method: string,
  path: string,
  body: Uint8Array | string | ReadableStream<Uint8Array> | undefined,
  headers: Record<string, string>,
): Promise<RawReply> {
  const init: RequestInit & { duplex?: 'half' } = { method, headers }
  if (body !== undefined) init.body = body as NonNullable<RequestInit['body']>
  if (body instanceof ReadableStream) init.duplex = 'half'
  const res = await app.request(path, init)
  const type = res.headers.get('content-type') ?? ''
  if (type.startsWith('text/event-stream')) {
    await res.body?.cancel()
    return { status: res.status, type, body: undefined, text: '' }
  }
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, type, body: parsed, text }
}

/** Codes whose problem must name the bad field(s): `errors[]` with a path and a JSON pointer. */
const NAMES_FIELDS = new Set(['validation-failed', 'duplicate-key', 'unsafe-integer', 'doc-ref-not-in-evidence'])

/** A 4xx answered as RFC 9457 problem+json with a stable code, never a stack trace. */
export function expectProblem(res: RawReply, context: string): Record<string, unknown> {
  expect(res.status, `${context}: ${res.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400)
  expect(res.status, `${context}: ${res.text.slice(0, 500)}`).toBeLessThan(500)
  expect(res.type, context).toMatch(/^application\/problem\+json/)
  const p = res.body as Record<string, unknown>
  expect(p, context).toMatchObject({ status: res.status })
  expect(typeof p.code, context).toBe('string')
  expect(p.type, context).toBe(`urn:decision-trail:problem:${p.code}`)
  expect(typeof p.title, context).toBe('string')
  expect(typeof p.detail, context).toBe('string')
  expect(res.text, context).not.toMatch(/\bat .*\.(ts|js):\d+/)
  if (NAMES_FIELDS.has(p.code as string)) {
    const errors = p.errors as Array<{ path: unknown; pointer: unknown; message: unknown }>
    expect(Array.isArray(errors) && errors.length > 0, `${context}: ${res.text.slice(0, 300)}`).toBe(true)
    for (const e of errors) {
      expect(typeof e.path, context).toBe('string')
      expect(e.pointer, context).toMatch(/^#/)
      expect(typeof e.message, context).toBe('string')
    }
  }
  return p
}

/** Tables whose rows a refused write must leave untouched (the refusal log is meant to grow). */
export const WRITTEN_TABLES = [
  'events',
  'streams',
  'idempotency',
  'tokens',
  'organizations',
  'people',
  'positions',
  'decisions',
  'decision_access',
  'decision_compliance',
  'decision_findings',
] as const

/** Row counts, plus revocations and the last position: equal snapshots mean nothing was stored. */
export async function snapshot(backend: Backend): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of WRITTEN_TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(backend.db)
    out[t] = Number(r.rows[0]?.n)
  }
  const revoked = await sql<{ n: number }>`select count(*) as n from tokens where revoked_at is not null`.execute(
    backend.db,
  )
  out.revoked = Number(revoked.rows[0]?.n)
  const pos = await sql<{ p: number | null }>`select max(position) as p from events`.execute(backend.db)
  out.lastPosition = Number(pos.rows[0]?.p ?? 0)
  return out
}

// ---------------------------------------------------------------------------------------------
// JSON values and paths

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
export type Path = Array<string | number>

/** Every node of a JSON value with its path (the root first). */
export function nodesOf(value: Json, path: Path = []): Array<{ path: Path; value: Json }> {
  const out: Array<{ path: Path; value: Json }> = [{ path, value }]
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...nodesOf(v, [...path, i]))
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...nodesOf(v, [...path, k]))
  return out
}

/** A copy of `value` with the node at `path` replaced (or removed when `next` is undefined). */
export function setAt(value: Json, path: Path, next: Json | undefined): Json {
  if (path.length === 0) return next === undefined ? null : next
  const copy = structuredClone(value) as Json
  let parent = copy as Record<string | number, Json> | Json[]
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step] as typeof parent
  const last = path[path.length - 1] as string | number
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete (parent as Record<string, Json>)[last as string]
  } else (parent as Record<string | number, Json>)[last] = next
  return copy
}

export const kindOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/** A value of another JSON type than `v` (never null: some fields are nullable). */
export function otherType(v: Json, pick: number, text: string): Json {
  const options: Json[] = [text, pick, pick % 2 === 0, [text], { x: text }].filter((o) => kindOf(o) !== kindOf(v))
  return options[pick % options.length] as Json
}

/** Text of `value` with the JSON token at `path` replaced by `raw` (a number token, say). */
export function rawAt(value: Json, path: Path, raw: string): string {
  const marker = `\u0000raw-${Math.random().toString(36).slice(2)}\u0000`
  return JSON.stringify(setAt(value, path, marker)).replace(JSON.stringify(marker), raw)
}

/** Text of `value` in which the object at `path` repeats its first key (same or other value). */
export function duplicateKeyAt(value: Json, path: Path, other: Json): string | undefined {
  const node = nodesOf(value).find((n) => JSON.stringify(n.path) === JSON.stringify(path))?.value
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined
  const first = Object.keys(node)[0]
  if (first === undefined) return undefined
  const marker = `\u0000dup-${Math.random().toString(36).slice(2)}\u0000`
  const text = JSON.stringify(setAt(value, path, { [marker]: 0, ...node }))
  return text.replace(`${JSON.stringify(marker)}:0`, `${JSON.stringify(first)}:${JSON.stringify(other)}`)
}

export const utf8 = (s: string) => new TextEncoder().encode(s)

/** Invalid UTF-8 byte sequences: a stray byte, an overlong NUL, a UTF-8-encoded surrogate, a cut. */
export const BAD_UTF8: Uint8Array[] = [
  new Uint8Array([0xff]),
  new Uint8Array([0xc0, 0x80]),
  new Uint8Array([0xed, 0xa0, 0x80]),
  new Uint8Array([0xe4, 0xb8]),
  new Uint8Array([0xf8, 0x88, 0x80, 0x80, 0x80]),
  new Uint8Array([0x80]),
]

/** The JSON text of `value` with invalid bytes spliced inside the string at `path`. */
export function badBytesAt(value: Json, path: Path, bad: Uint8Array): Uint8Array {
  const marker = `@@bad-${Math.random().toString(36).slice(2)}@@`
  const text = JSON.stringify(setAt(value, path, marker))
  const [before, after] = text.split(marker) as [string, string]
  const a = utf8(before)
  const b = utf8(after)
  const out = new Uint8Array(a.length + bad.length + b.length)
  out.set(a)
  out.set(bad, a.length)
  out.set(b, a.length + bad.length)
  return out
}

// ---------------------------------------------------------------------------------------------
// Dates and time zones, judged without the service's schemas

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const daysIn = (y: number, m: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0

type Verdict = 'valid' | 'invalid' | 'unsure'

export interface DateCase {
  text: string
  /** As a calendar date field (YYYY-MM-DD) and as an instant field (RFC 3339 with offset). */
  asDate: Verdict
  asInstant: Verdict
}

/** Calendar dates: real ones, impossible ones (Feb 30, month 13) and malformed ones. */
export const dateCase: fc.Arbitrary<DateCase> = fc
  .record({
    y: fc.integer({ min: 1000, max: 9999 }),
    m: fc.integer({ min: 0, max: 14 }),
    d: fc.integer({ min: 0, max: 33 }),
    form: fc.constantFrom('plain', 'plain', 'plain', 'short', 'slash', 'time', 'space'),
  })
  .map(({ y, m, d, form }): DateCase => {
    const real = m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
    const plain = `${y}-${pad(m)}-${pad(d)}`
    switch (form) {
      case 'short': {
        const text = `${y}-${m}-${d}`
        return { text, asDate: text === plain ? (real ? 'valid' : 'invalid') : 'invalid', asInstant: 'invalid' }
      }
      case 'slash':
        return { text: `${y}/${pad(m)}/${pad(d)}`, asDate: 'invalid', asInstant: 'invalid' }
      case 'time':
        return { text: `${plain}T00:00:00Z`, asDate: 'invalid', asInstant: real ? 'valid' : 'invalid' }
      case 'space':
        return { text: ` ${plain}`, asDate: 'invalid', asInstant: 'invalid' }
      default:
        return { text: plain, asDate: real ? 'valid' : 'invalid', asInstant: 'invalid' }
    }
  })

/** RFC 3339 instants: offsets from -23:59 to +23:59 or Z, fractions, and every way to get it wrong. */
export const instantCase: fc.Arbitrary<DateCase> = fc
  .record({
    y: fc.integer({ min: 1000, max: 2025 }),
    m: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    hh: fc.integer({ min: 0, max: 25 }),
    mm: fc.integer({ min: 0, max: 61 }),
    ss: fc.integer({ min: 0, max: 61 }),
    frac: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.record({
        sign: fc.constantFrom('+', '-'),
        h: fc.integer({ min: 0, max: 25 }),
        m: fc.integer({ min: 0, max: 61 }),
      }),
      fc.constantFrom('', 'z', '+08', '+0800', ' UTC', 'CST', '+08:00:00'),
    ),
    sep: fc.constantFrom('T', 'T', 'T', 't', ' '),
  })
  .map(({ y, m, d, hh, mm, ss, frac, zone, sep }): DateCase => {
    const dateOk = m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
    const timeOk = hh <= 23 && mm <= 59 && ss <= 59
    let zoneText: string
    let zoneOk: boolean | 'unsure'
    if (typeof zone === 'string') {
      zoneText = zone
      zoneOk = zone === 'Z' ? true : zone === 'z' ? 'unsure' : false
    } else {
      zoneText = `${zone.sign}${pad(zone.h)}:${pad(zone.m)}`
      zoneOk = zone.h <= 23 && zone.m <= 59
    }
    const text = `${y}-${pad(m)}-${pad(d)}${sep}${pad(hh)}:${pad(mm)}:${pad(ss)}${frac ? `.${frac}` : ''}${zoneText}`
    let asInstant: Verdict = 'valid'
    if (!dateOk || !timeOk || zoneOk === false || sep === ' ') asInstant = 'invalid'
    else if (sep === 't' || zoneOk === 'unsure') asInstant = 'unsure'
    return { text, asDate: 'invalid', asInstant }
  })

/** Strings that stress decoders and validators: huge, control characters, RTL, emoji, NUL. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '💥'.repeat(100),
    'a\u0301',
    '\ufeff',
    '%00',
    '../../etc/passwd',
    "'; drop table events; --",
  ),
  fc.integer({ min: 1, max: 5 }).map((k) => 'x'.repeat(10 ** k)),
)
