// The quick canonical JSON of verify --db (src/ledger/canonical-text.ts, fast-event-hash.ts) must
// be byte-identical to the library's: canonicalize(JSON.parse(text)) for every text it accepts,
// and undefined (the library's way) for everything else. Checked on generated values and texts.
import canonicalize from 'canonicalize'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJsonOfText, jsonString } from '../../src/ledger/canonical-text'
import { eventHash } from '../../src/ledger/event-hash'
import { canonicalEnvelopeOfColumns, eventHashOfColumns } from '../../src/ledger/fast-event-hash'
import { rowToEvent } from '../../src/store/event-store'
import { key, number, spelledNumber, spelledString, text, value } from './json-arbitraries'

const RUNS = 400

/** What the audit computed before: the library over the parsed text (or its error). */
function library(text: string): string | Error {
  try {
    return canonicalize(JSON.parse(text)) as string
  } catch (e) {
    return e as Error
  }
}

/** Either the same text as the library, or undefined; never a different answer. */
function agrees(text: string, mustHandle = false): void {
  const quick = canonicalJsonOfText(text)
  const lib = library(text)
  if (quick === undefined) {
    if (mustHandle) expect(lib, `not handled: ${JSON.stringify(text)}`).toBeInstanceOf(Error)
    return
  }
  expect(lib).not.toBeInstanceOf(Error)
  expect(quick).toBe(lib)
}

describe('canonicalJsonOfText equals canonicalize(JSON.parse(text))', () => {
  it('for the canonical text, JSON.stringify and indented text of generated values', () => {
    fc.assert(
      fc.property(value, (v) => {
        agrees(canonicalize(v) as string, true)
        agrees(JSON.stringify(v), true)
        agrees(JSON.stringify(v, null, 2), true)
        agrees(` \t\n${JSON.stringify(v)}\r\n`, true)
      }),
      { numRuns: RUNS },
    )
  })

  it('for strings spelled with any escapes, raw or \\u (either case), lone surrogates included', () => {
    fc.assert(
      fc.property(
        text.chain((s) => spelledString(s)),
        key.chain((k) => spelledString(k)),
        (token, k) => {
          agrees(token, true)
          agrees(`[${token},${token}]`, true)
          agrees(`{${k}:${token}}`, true)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('for numbers in every spelling: -0, exponents, 1e21, small decimals, long mantissas', () => {
    fc.assert(
      fc.property(spelledNumber, spelledNumber, (a, b) => {
        agrees(a, true)
        agrees(`[${a},${b}]`, true)
        agrees(`{"n":${a},"m":[${b}]}`, true)
      }),
      { numRuns: RUNS },
    )
    for (const t of ['-0', '-0.0', '0e5', '1e21', '1E+21', '1e-7', '0.000001', '100e-2', '1.5e300', '-1e-400'])
      agrees(t, true)
    for (const t of ['1e400', '-1e400']) expect(canonicalJsonOfText(t)).toBeUndefined() // the library refuses
  })

  it('sorts keys by UTF-16 code units and refuses duplicate keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (members) => {
        const t = `{${members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`
        agrees(t, new Set(members.map(([k]) => k)).size === members.length)
      }),
      { numRuns: RUNS },
    )
    expect(canonicalJsonOfText('{"\uffff":1,"😀":2,"\ue000":3}')).toBe('{"😀":2,"\ue000":3,"\uffff":1}')
    expect(canonicalJsonOfText('{"b":1,"a":2,"b":3}')).toBeUndefined()
  })

  it('never gives an answer for a text JSON.parse refuses, nor a different one for one it accepts', () => {
    const mutated = fc
      .tuple(
        value,
        fc.nat(),
        fc.constantFrom('', ',', '"', '\\', '{', '}', '[', ']', ':', '0', '-', ' ', '\u0001'),
        fc.boolean(),
      )
      .map(([v, at, c, replace]) => {
        const t = JSON.stringify(v)
        const i = t.length === 0 ? 0 : at % t.length
        return t.slice(0, i) + c + t.slice(i + (replace ? 1 : 0))
      })
    fc.assert(
      fc.property(mutated, (t) => agrees(t)),
      { numRuns: RUNS * 2 },
    )
    for (const t of [
      '',
      ' ',
      '01',
      '1.',
      '.5',
      '+1',
      '[1,]',
      '{"a":1,}',
      '{"a"1}',
      'tru',
      'nul',
      '"a',
      '"\t"',
      '[]]',
      '{}x',
      '\ufeff{}',
    ])
      agrees(t)
  })
})

describe('jsonString', () => {
  it('is JSON.stringify for every string', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s))
      }),
      { numRuns: RUNS },
    )
  })
})

describe('eventHashOfColumns equals eventHash(rowToEvent(row))', () => {
  const columns = fc.record({
    event_id: fc.oneof(fc.constant('01JC4QFCX0G97QQFECHBP78H6G'), text),
    stream_id: fc.oneof(fc.constant('dec_01JB4WQ9S0K9WYTDFS67Z7XW1X'), text),
    version: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('3', ' 4', 'x', 1.5, -0)),
    type: fc.oneof(fc.constant('InterUnitConsultationRecorded'), text),
    schema_version: fc.oneof(fc.constant(1), fc.constantFrom('2', 'NaN', 1e21)),
    occurred_at: fc.constant('2024-11-08T07:00:00+08:00'),
    recorded_at: fc.constant('2024-11-08T01:51:00.000Z'),
    actor_person_id: fc.oneof(fc.constant('per_ran_yutong'), text),
    actor_org_id: fc.constant('org_jz_civil'),
    actor_role: fc.constantFrom('undertaking', 'admin'),
    data: fc.oneof(
      fc.dictionary(key, value, { maxKeys: 6 }).map((d) => JSON.stringify(d)),
      value.map((v) => JSON.stringify(v, null, 1)),
    ),
    evidence: fc
      .array(
        fc.record(
          { name: text, sha256: fc.constant('56ad2353'), mediaType: fc.constant('application/pdf'), size: number },
          { requiredKeys: ['name', 'sha256'] },
        ),
        { maxLength: 3 },
      )
      .map((e) => JSON.stringify(e)),
    correlation_id: fc.option(fc.oneof(fc.constant('cor_1'), text), { nil: null }),
    causation_id: fc.option(fc.oneof(fc.constant('cau_1'), text), { nil: null }),
    prev_hash: fc.constant('885d7037c38646a8041e6dd491394b69dcccdba8257e9de8dd1a5ac7312f8456'),
  })

  it('for generated rows, or it hands the row back', () => {
    fc.assert(
      fc.property(columns, (r) => {
        const c = {
          eventId: r.event_id,
          decisionId: r.stream_id,
          version: r.version,
          type: r.type,
          schemaVersion: r.schema_version,
          occurredAt: r.occurred_at,
          recordedAt: r.recorded_at,
          actorPersonId: r.actor_person_id,
          actorOrgId: r.actor_org_id,
          actorRole: r.actor_role,
          data: r.data,
          evidence: r.evidence,
          correlationId: r.correlation_id,
          causationId: r.causation_id,
          prevHash: r.prev_hash,
        }
        const quick = eventHashOfColumns(c)
        let slow: string | Error
        try {
          slow = eventHash(rowToEvent({ ...r, position: 7, hash: '' } as unknown as Parameters<typeof rowToEvent>[0]))
        } catch (e) {
          slow = e as Error
        }
        if (quick === undefined) {
          // Handed back only where the library's way is needed: a number it refuses.
          const n = [Number(r.version), Number(r.schema_version)]
          expect(slow instanceof Error || n.some((x) => !Number.isFinite(x))).toBe(true)
        } else {
          expect(quick).toBe(slow)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('puts the envelope keys in RFC 8785 order and omits absent ids', () => {
    const c = {
      eventId: 'e',
      decisionId: 'd',
      version: 1,
      type: 't',
      schemaVersion: 1,
      occurredAt: 'o',
      recordedAt: 'r',
      actorPersonId: 'p',
      actorOrgId: 'g',
      actorRole: 'admin',
      data: '{}',
      evidence: '[]',
      correlationId: null,
      causationId: 'c',
      prevHash: 'h',
    }
    expect(canonicalEnvelopeOfColumns(c)).toBe(
      '{"actor":{"orgId":"g","personId":"p","role":"admin"},"causationId":"c","data":{},"decisionId":"d","eventId":"e","evidence":[],"occurredAt":"o","prevHash":"h","recordedAt":"r","schemaVersion":1,"type":"t","version":1}',
    )
  })
})
