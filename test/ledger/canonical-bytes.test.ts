// isCanonicalJson (src/ledger/canonical-bytes.ts) lets verify --db take a hash of stored bytes as
// a pass: it must never say true for a text the library would write otherwise (checked on every
// spelling of generated values), and should say true for the library's own output outside the
// few cases it leaves to the library (so that the audit stays fast).
import { isUtf8 } from 'node:buffer'
import canonicalize from 'canonicalize'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCanonicalJson } from '../../src/ledger/canonical-bytes'
import { key, spelledNumber, spelledString, text, value } from './json-arbitraries'

const RUNS = 400

/** The library's canonical text of the JSON text, or undefined if it has none. */
function library(t: string): string | undefined {
  try {
    return canonicalize(JSON.parse(t)) as string
  } catch {
    return undefined
  }
}

/** Never true unless the text is its own canonical form; as UTF-8, and inside a larger buffer. */
function sound(t: string): boolean {
  const bytes = Buffer.from(t, 'utf8')
  const says = isUtf8(bytes) && isCanonicalJson(bytes)
  // The text those bytes are (a lone surrogate of `t` became U+FFFD), as the audit reads it.
  const read = bytes.toString('utf8')
  if (says) expect(library(read), JSON.stringify(t)).toBe(read)
  // The same bytes between others: nothing outside [start, end) is read as part of the value.
  const padded = Buffer.concat([Buffer.from('["x",'), bytes, Buffer.from(',1]}')])
  expect(isCanonicalJson(padded, 5, 5 + bytes.length)).toBe(isCanonicalJson(bytes))
  return says
}

/** What isCanonicalJson leaves to the library: lone surrogates, keys with escapes or astral characters. */
function leftToLibrary(v: unknown): boolean {
  if (typeof v === 'string') return /\p{Surrogate}/u.test(v) // a lone one (a pair is one code point here)
  if (Array.isArray(v)) return v.some(leftToLibrary)
  if (v !== null && typeof v === 'object')
    return Object.entries(v).some(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a key is escaped for
      ([k, x]) => /["\\\u0000-\u001f]|[\u{10000}-\u{10ffff}]|\p{Surrogate}/u.test(k) || leftToLibrary(x),
    )
  return false
}

describe('isCanonicalJson', () => {
  it('says true for the library’s output of generated values, unless it leaves the value to the library', () => {
    fc.assert(
      fc.property(value, (v) => {
        const t = canonicalize(v) as string
        expect(sound(t), t).toBe(!leftToLibrary(JSON.parse(t)))
      }),
      { numRuns: RUNS * 2 },
    )
  })

  it('never says true for another spelling: JSON.stringify, whitespace, key order, escapes, numbers', () => {
    fc.assert(
      fc.property(value, (v) => {
        sound(JSON.stringify(v))
        sound(JSON.stringify(v, null, 1))
        sound(` ${canonicalize(v)}`)
        sound(`${canonicalize(v)}\n`)
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
          sound(JSON.stringify(Object.fromEntries(Object.entries(v).reverse())))
        }
      }),
      { numRuns: RUNS },
    )
    fc.assert(
      fc.property(
        text.chain((s) => spelledString(s)),
        key.chain((k) => spelledString(k)),
        spelledNumber,
        (token, k, n) => {
          sound(token)
          sound(`[${token},${n}]`)
          sound(`{${k}:${token}}`)
          sound(`{${k}:${n},${k}:${n}}`)
          sound(`{"a":${n},${k}:[${token}]}`)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('on chosen texts', () => {
    const yes = ['{}', '[]', '0', '-1', '1.5', '1e+21', '1e-7', '"政\\n\\u001f\\u0000"', '{"":1,"a":[true,false,null]}']
    const no = [
      '-0',
      '1.0',
      '1E+21',
      '1e21',
      '01',
      '+1',
      '"\\/"',
      '"\\u0041"',
      '"\\u001F"',
      '"\\ud800"', // a lone surrogate: canonical, but left to the library
      '{"b":1,"a":2}',
      '{"a":1,"a":1}',
      '{"a":1,}',
      '[1,]',
      '{"a":1',
      '{"a" :1}',
      ' {}',
      '{} ',
      'nul',
      'true1',
      '',
    ]
    for (const t of yes) expect(sound(t), t).toBe(true)
    for (const t of no) expect(sound(t), t).toBe(false)
    // Deeper than 64 levels is left to the library.
    expect(sound(`${'['.repeat(64)}${']'.repeat(64)}`)).toBe(true)
    expect(sound(`${'['.repeat(66)}${']'.repeat(66)}`)).toBe(false)
  })
})
