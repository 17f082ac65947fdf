// Whether stored JSON bytes already are RFC 8785 canonical JSON, read without making JavaScript
// strings of them: `verify --db` hashes the canonical text SQLite builds from an event's columns
// (src/store/audit-raw.ts), and may take a matching hash as a pass only where the stored `data`
// and `evidence` are canonical — for any other text the hash would be over bytes that are not the
// event's canonical JSON, which a forger could have chosen.
//
// `isCanonicalJson(bytes, start, end)` is true only where `canonicalize(JSON.parse(text))` (the
// library of ledger.md §1) gives back the very text of bytes[start, end), which must be valid
// UTF-8 (the caller checks: `isUtf8`). It accepts a subset of canonical texts and says false for
// the rest, which the audit then hashes the other ways:
//   - no whitespace outside strings; literals `true`, `false`, `null`;
//   - a number only as JSON.stringify writes it (String(Number(token)) === token, finite, not -0);
//   - a string with no raw control character and only the escapes JSON.stringify writes: \" \\ \b
//     \f \n \r \t, and \u00xx (lowercase) for the other control characters; a \u escape of
//     anything else (a lone surrogate) is left to the library;
//   - object members in strictly ascending order of their keys' bytes, which is the library's
//     order of UTF-16 code units for keys without escapes and without characters above U+FFFF
//     (any other key is left to the library); strictly ascending also means no key twice;
//   - nesting up to 64 levels.
// test/ledger/canonical-bytes.test.ts checks it against the library on generated values and texts.

const QUOTE = 0x22
const BACKSLASH = 0x5c
const MAX_DEPTH = 64

/** Control characters JSON.stringify writes as \u00xx (those without a short escape). */
const needsUnicodeEscape = (code: number) =>
  code < 0x20 && code !== 8 && code !== 9 && code !== 10 && code !== 12 && code !== 13
const SHORT_ESCAPES = new Set([QUOTE, BACKSLASH, 0x62, 0x66, 0x6e, 0x72, 0x74]) // " \ b f n r t
const hexDigit = (b: number | undefined) =>
  b === undefined ? -1 : b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1

/** 1 for the bytes a string holds as they are: all but the quote, the backslash and controls. */
const PLAIN = new Uint8Array(256).fill(1)
PLAIN.fill(0, 0, 0x20)
PLAIN[QUOTE] = 0
PLAIN[BACKSLASH] = 0

class NotCanonical extends Error {}
const NOT = new NotCanonical()

class Scanner {
  at: number
  constructor(
    readonly b: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.at = start
  }

  /** Past the string token at the cursor; whether it had an escape. */
  string(): boolean {
    const { b, end } = this
    let escaped = false
    let i = this.at + 1 // past the opening quote
    for (;;) {
      // The plain run, in a tight loop: most bytes of a payload are in strings.
      while (PLAIN[b[i] as number] === 1) i++
      const c = b[i] as number
      if (i >= end || c < 0x20) throw NOT
      if (c === QUOTE) {
        this.at = i + 1
        return escaped
      }
      escaped = true
      const e = b[i + 1] as number
      if (SHORT_ESCAPES.has(e)) {
        i += 2
        continue
      }
      // \u00xx, lowercase, only for a control character without a short escape.
      if (e !== 0x75 || b[i + 2] !== 0x30 || b[i + 3] !== 0x30) throw NOT
      const hi = hexDigit(b[i + 4])
      const lo = hexDigit(b[i + 5])
      if (hi < 0 || lo < 0 || !needsUnicodeEscape(hi * 16 + lo)) throw NOT
      i += 6
    }
  }

  number(): void {
    const { b, end } = this
    const from = this.at
    let i = from
    let plain = true // digits only, as JSON.stringify writes integers below 10^15
    for (; i < end; i++) {
      const c = b[i] as number
      if (c >= 0x30 && c <= 0x39) continue
      // - + . E e
      if (c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45 || c === 0x65) plain = false
      else break
    }
    this.at = i
    const digits = i - from
    if (digits === 0) throw NOT
    if (plain && digits <= 15 && (b[from] !== 0x30 || digits === 1)) return
    let token = ''
    for (let k = from; k < i; k++) token += String.fromCharCode(b[k] as number)
    const n = Number(token)
    if (!Number.isFinite(n) || String(n) !== token) throw NOT
  }

  literal(text: string): void {
    for (let i = 0; i < text.length; i++) if (this.b[this.at + i] !== text.charCodeAt(i)) throw NOT
    this.at += text.length
  }

  /** Key bytes [from, to) after the previous key [prevFrom, prevTo), compared byte by byte. */
  private ascending(prevFrom: number, prevTo: number, from: number, to: number): boolean {
    const { b } = this
    const n = Math.min(prevTo - prevFrom, to - from)
    for (let i = 0; i < n; i++) {
      const x = b[prevFrom + i] as number
      const y = b[from + i] as number
      if (x !== y) return x < y
    }
    return prevTo - prevFrom < to - from
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw NOT
    const c = this.b[this.at]
    if (c === QUOTE) this.string()
    else if (c === 0x7b) this.object(depth)
    else if (c === 0x5b) this.array(depth)
    else if (c === 0x74) this.literal('true')
    else if (c === 0x66) this.literal('false')
    else if (c === 0x6e) this.literal('null')
    else this.number()
  }

  /** Past the opening bracket at the cursor; true (and past the closing one) if it is empty. */
  private empty(close: number): boolean {
    this.at++
    if (this.b[this.at] !== close) return false
    this.at++
    return true
  }

  private object(depth: number): void {
    const { b } = this
    if (this.empty(0x7d)) return
    let prevFrom = -1
    let prevTo = -1
    for (;;) {
      if (b[this.at] !== QUOTE) throw NOT
      const from = this.at + 1
      if (this.string()) throw NOT // a key with an escape: left to the library
      const to = this.at - 1
      for (let i = from; i < to; i++) if ((b[i] as number) >= 0xf0) throw NOT // above U+FFFF
      if (prevFrom >= 0 && !this.ascending(prevFrom, prevTo, from, to)) throw NOT
      prevFrom = from
      prevTo = to
      if (b[this.at] !== 0x3a) throw NOT // :
      this.at++
      this.value(depth + 1)
      const next = b[this.at]
      this.at++
      if (next === 0x7d) return // }
      if (next !== 0x2c) throw NOT // ,
    }
  }

  private array(depth: number): void {
    const { b } = this
    if (this.empty(0x5d)) return
    for (;;) {
      this.value(depth + 1)
      const next = b[this.at]
      this.at++
      if (next === 0x5d) return // ]
      if (next !== 0x2c) throw NOT // ,
    }
  }
}

/**
 * Whether the valid UTF-8 bytes[start, end) are one JSON value in RFC 8785 canonical form, the
 * library's output for it (see above; false where in doubt).
 */
export function isCanonicalJson(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  if (start >= end) return false
  const s = new Scanner(bytes, start, end)
  try {
    s.value(0)
  } catch (e) {
    if (e === NOT) return false
    throw e
  }
  return s.at === end
}
