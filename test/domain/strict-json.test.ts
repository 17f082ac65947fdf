import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../src/domain/errors'
import { decodeUtf8, MAX_DEPTH, parseStrictJson } from '../../src/domain/strict-json'
import { canonicalJson, eventHash } from '../../src/ledger/event-hash'

const refusal = (text: string) => {
  try {
    parseStrictJson(text)
    return undefined
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError)
    return { code: (e as DomainError).code, paths: (e as DomainError).errors?.map((i) => i.path) }
  }
}

describe('strict JSON intake', () => {
  it.each([
    ['{"a":1,"a":2}', 'duplicate-key', [['a']]],
    ['{"x":{"b":1,"c":{"d":[1,{"e":1,"e":2}]}}}', 'duplicate-key', [['x', 'c', 'd', 1, 'e']]],
    ['{"a":1,"\\u0061":2}', 'duplicate-key', [['a']]],
    ['{"n":9007199254740992}', 'unsafe-integer', [['n']]],
    ['{"n":-9007199254740993}', 'unsafe-integer', [['n']]],
    ['{"list":[1,2,1e20]}', 'unsafe-integer', [['list', 2]]],
    ['{"n":1e400}', 'unsafe-integer', [['n']]],
    ['{"s":"\\ud800"}', 'invalid-utf8', [['s']]],
    // Keys follow the same rule as values: escaped or raw, at the top or nested.
    ['{"\\ud800":1}', 'invalid-utf8', [['\ud800']]],
    ['{"a":{"b\\udc00c":"ok"}}', 'invalid-utf8', [['a', 'b\udc00c']]],
    ['{"list":[{"ok":1},{"\ud83d":2}]}', 'invalid-utf8', [['list', 1, '\ud83d']]],
    ['{"\\ud800":1,"\\ud800":2}', 'invalid-utf8', [['\ud800']]],
    ['{"a":', 'malformed-json', undefined],
    ['', 'malformed-json', undefined],
  ])('refuses %s with %s at the right path', (text, code, paths) => {
    expect(refusal(text)).toEqual({ code, paths })
  })

  it('accepts the largest safe integers, fractions and the same key in sibling objects', () => {
    expect(parseStrictJson('{"a":9007199254740991,"b":-9007199254740991,"c":1.5,"d":[{"k":1},{"k":2}]}')).toEqual({
      a: 9007199254740991,
      b: -9007199254740991,
      c: 1.5,
      d: [{ k: 1 }, { k: 2 }],
    })
  })

  it(`refuses nesting deeper than ${MAX_DEPTH} levels and accepts exactly ${MAX_DEPTH}`, () => {
    expect(refusal(`${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`)?.code).toBe('validation-failed')
    expect(refusal(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).toBeUndefined()
  })

  it('normalises every string (and key) to NFC', () => {
    const decomposed = 'e\u0301' // é as e + combining acute
    const value = parseStrictJson(JSON.stringify({ [decomposed]: [decomposed] })) as Record<string, string[]>
    expect(Object.keys(value)).toEqual(['\u00e9'])
    expect(value['\u00e9']).toEqual(['\u00e9'])
  })

  it('accepts keys with well-formed surrogate pairs (escaped or raw)', () => {
    expect(parseStrictJson('{"\\ud83d\\ude00":1,"😀x":2}')).toEqual({ '😀': 1, '😀x': 2 })
  })

  it('keeps "__proto__" as an ordinary key', () => {
    const v = parseStrictJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(Object.hasOwn(v, '__proto__')).toBe(true)
  })

  it('refuses invalid UTF-8 bytes instead of replacing them', () => {
    expect(() => decodeUtf8(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))).toThrow(DomainError)
    expect(decodeUtf8(new TextEncoder().encode('{"标题":"票价"}'))).toBe('{"标题":"票价"}')
  })

  it('parses back exactly what JSON.stringify wrote, for any JSON value without unsafe numbers', () => {
    const safe = fc.jsonValue().filter((v) => !JSON.stringify(v).match(/\d{16,}|e\+?\d{2,}/i))
    fc.assert(
      fc.property(safe, (v) => {
        const text = JSON.stringify(v)
        expect(parseStrictJson(text)).toEqual(
          JSON.parse(text, (_k, x) => (typeof x === 'string' ? x.normalize('NFC') : x)),
        )
      }),
      { numRuns: 300 },
    )
  })
})

describe('canonical JSON and event hashes (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and writes numbers in ECMAScript form', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 1e21, 0.1], '\u20ac': 'x', '\u00e9': 'y' })).toBe(
      '{"a":[true,null,1e+21,0.1],"b":1,"é":"y","€":"x"}',
    )
  })

  it('is independent of key order, and omits absent optional fields', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse())
        expect(canonicalJson(reversed)).toBe(canonicalJson(d))
      }),
    )
    const base = {
      eventId: '01J00000000000000000000001',
      decisionId: 'dec_01J00000000000000000000000',
      version: 1,
      type: 'DraftPrepared',
      schemaVersion: 1,
      occurredAt: '2025-03-01T09:00:00+08:00',
      recordedAt: '2025-03-01T01:00:00.000Z',
      actor: { personId: 'per_a', orgId: 'org_b', role: 'undertaking' as const },
      data: { x: 1 },
      evidence: [],
      prevHash: '0'.repeat(64),
    }
    expect(eventHash({ ...base, correlationId: undefined } as never)).toBe(eventHash(base))
    expect(eventHash({ ...base, correlationId: 'c' })).not.toBe(eventHash(base))
    expect(eventHash({ ...base, data: { x: 2 } })).not.toBe(eventHash(base))
    expect(eventHash(base)).toMatch(/^[0-9a-f]{64}$/)
  })
})
