// fast-check arbitraries of JSON values and of the many ways to spell them as text, shared by the
// tests of the quick canonical JSON (canonical-text.test.ts, canonical-bytes.test.ts).
import fc from 'fast-check'

// Strings: CJK, ASCII, escapes, controls, U+2028/9, DEL, astral characters and lone surrogates.
const codeUnit = fc.oneof(
  fc.constantFrom('"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029'),
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '😀', '\uffff', '\ue000', 'é', '政', '决'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 2 }),
  fc.constantFrom('明湖区', '重大行政决策', 'org_jz_gov', ' ', 'a b'),
)
export const text = fc.array(codeUnit, { maxLength: 8 }).map((parts) => parts.join(''))
export const key = fc.oneof(
  text,
  fc.constantFrom('a', 'b', 'B', 'aa', '', '1', '10', '2', '__proto__', 'toJSON', 'ä', '😀', '\uffff', '\ue000'),
)
export const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 1e-6, 0.1, 123456789012345, 1234567890123456, 2 ** 53, -(2 ** 53) - 2, 5e-324),
)
export const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, number, fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
})).value

/** A JSON string token for `s`, each character written raw or escaped in one of its spellings. */
export const spelledString = (s: string) =>
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: s.length, maxLength: s.length }).map((how) => {
    let out = '"'
    for (let i = 0; i < s.length; i++) {
      const c = s[i] as string
      const code = c.charCodeAt(0)
      const hex = code.toString(16).padStart(4, '0')
      const must = c === '"' || c === '\\' || code < 0x20
      const h = how[i] as number
      if (h === 1 || (must && h === 0)) out += `\\u${hex}`
      else if (h === 2) out += `\\u${hex.toUpperCase()}`
      else if (h === 3 && JSON.stringify(c).length === 4) out += JSON.stringify(c).slice(1, -1)
      else if (h === 3 && c === '/') out += '\\/'
      else out += must ? `\\u${hex}` : c
    }
    return `${out}"`
  })

/** Spellings of a number: every way JSON allows writing the same double. */
export const spelledNumber = fc.tuple(number, fc.integer({ min: 0, max: 5 })).map(([n, how]) => {
  if (!Number.isFinite(n)) return '0'
  const s = JSON.stringify(n)
  switch (how) {
    case 0:
      return Object.is(n, -0) ? '-0' : s
    case 1:
      return n.toExponential()
    case 2:
      return n.toExponential().replace('e+', 'E')
    case 3:
      return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${s}.0` : s
    case 4:
      return n.toExponential(20).replace('e', 'e+0').replace('e+0-', 'e-0').replace('e+0+', 'e+0')
    default:
      return `${s.replace(/^-/, '')}`.length > 0 ? s : '0'
  }
})
