// RFC 8785 canonical JSON straight from stored JSON text, for verifying a whole database fast.
//
// `canonicalJsonOfText(text)` returns exactly `canonicalize(JSON.parse(text))` (the `canonicalize`
// package, ledger.md §1), or `undefined` for anything it does not handle, and the caller then goes
// the library's way. It never parses the text into objects: strings, numbers and literals are
// copied from the text when they already are in canonical form, and only object members are
// reordered. Each piece is the library's own output by construction:
//   - a string token with no escape, no control character and no surrogate is what
//     JSON.stringify writes for its value; any other string token is JSON.stringify(JSON.parse(token));
//   - a plain integer of up to 15 digits (not -0) is what JSON.stringify writes for its value; any
//     other number is JSON.stringify(Number(token)), and a number that overflows is handed back;
//   - members are sorted by key in UTF-16 code units (the library's Object.keys().sort()); a key
//     that occurs twice is handed back (JSON.parse would keep the last);
//   - whitespace between tokens is skipped, as JSON.parse does; anything else is handed back.
// test/ledger/canonical-text.test.ts checks it against the library with generated values and texts.

const WS = /[ \t\n\r]*/y
/** A string token that is its own canonical form. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON must escape
const PLAIN_STRING = /"[^"\\\u0000-\u001f\ud800-\udfff]*"/y
/** Any valid JSON string token. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON must escape
const ANY_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const PLAIN_INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/

class Unhandled extends Error {}
const UNHANDLED = new Unhandled()

/** A cursor over one JSON text. */
class Reader {
  at = 0
  constructor(readonly text: string) {}

  skip(): void {
    WS.lastIndex = this.at
    WS.test(this.text)
    this.at = WS.lastIndex
  }

  /** The canonical form of the string token at the cursor, and its decoded value. */
  string(): { canonical: string; value: string } {
    PLAIN_STRING.lastIndex = this.at
    if (PLAIN_STRING.test(this.text)) {
      const canonical = this.text.slice(this.at, PLAIN_STRING.lastIndex)
      this.at = PLAIN_STRING.lastIndex
      return { canonical, value: canonical.slice(1, -1) }
    }
    ANY_STRING.lastIndex = this.at
    if (!ANY_STRING.test(this.text)) throw UNHANDLED
    const value = JSON.parse(this.text.slice(this.at, ANY_STRING.lastIndex)) as string
    this.at = ANY_STRING.lastIndex
    return { canonical: JSON.stringify(value), value }
  }

  value(depth: number): string {
    if (depth > 64) throw UNHANDLED
    this.skip()
    const c = this.text.charCodeAt(this.at)
    if (c === 0x22) return this.string().canonical
    if (c === 0x7b) return this.object(depth)
    if (c === 0x5b) return this.array(depth)
    if (c === 0x74 && this.text.startsWith('true', this.at)) {
      this.at += 4
      return 'true'
    }
    if (c === 0x66 && this.text.startsWith('false', this.at)) {
      this.at += 5
      return 'false'
    }
    if (c === 0x6e && this.text.startsWith('null', this.at)) {
      this.at += 4
      return 'null'
    }
    NUMBER.lastIndex = this.at
    if (!NUMBER.test(this.text)) throw UNHANDLED
    const token = this.text.slice(this.at, NUMBER.lastIndex)
    this.at = NUMBER.lastIndex
    if (PLAIN_INTEGER.test(token)) return token
    const n = Number(token)
    if (!Number.isFinite(n)) throw UNHANDLED // the library refuses it: let it say so
    return JSON.stringify(n)
  }

  array(depth: number): string {
    this.at++ // [
    this.skip()
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++
      return '[]'
    }
    let out = '['
    for (;;) {
      out += this.value(depth + 1)
      this.skip()
      const c = this.text.charCodeAt(this.at++)
      if (c === 0x5d) return `${out}]`
      if (c !== 0x2c) throw UNHANDLED
      out += ','
    }
  }

  object(depth: number): string {
    this.at++ // {
    this.skip()
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++
      return '{}'
    }
    const members: Array<{ key: string; text: string }> = []
    let sorted = true
    for (;;) {
      this.skip()
      if (this.text.charCodeAt(this.at) !== 0x22) throw UNHANDLED
      const key = this.string()
      this.skip()
      if (this.text.charCodeAt(this.at++) !== 0x3a) throw UNHANDLED
      const text = `${key.canonical}:${this.value(depth + 1)}`
      const last = members[members.length - 1]
      if (last !== undefined && !(last.key < key.value)) sorted = false
      members.push({ key: key.value, text })
      this.skip()
      const c = this.text.charCodeAt(this.at++)
      if (c === 0x7d) break
      if (c !== 0x2c) throw UNHANDLED
    }
    if (!sorted) {
      members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      for (let i = 1; i < members.length; i++) {
        if ((members[i] as { key: string }).key === (members[i - 1] as { key: string }).key) throw UNHANDLED
      }
    }
    let out = '{'
    for (let i = 0; i < members.length; i++) {
      if (i > 0) out += ','
      out += (members[i] as { text: string }).text
    }
    return `${out}}`
  }
}

// The quick way, for texts with no backslash, control character or surrogate, and no whitespace
// between tokens (what JSON.stringify writes for our payloads): every string token is then its
// own canonical form, so values are located with indexOf and copied, and a value whose canonical
// form is its own text (sorted keys, canonical numbers all the way down) is not copied at all.
// Each function returns the canonical text of the value at `pos`, or null when that is exactly
// the text it spans; it advances `pos` past the value.

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON must escape
const QUICK_REFUSES = /[\\\u0000-\u001f\ud800-\udfff]/
const NUMBER_TOKEN = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/

let t = ''
let pos = 0

function quickValue(depth: number): string | null {
  const c = t.charCodeAt(pos)
  if (c === 0x22) {
    const end = t.indexOf('"', pos + 1)
    if (end < 0) throw UNHANDLED
    pos = end + 1
    return null
  }
  if (c === 0x7b) return quickObject(depth)
  if (c === 0x5b) return quickArray(depth)
  if (c === 0x74 && t.startsWith('true', pos)) {
    pos += 4
    return null
  }
  if (c === 0x66 && t.startsWith('false', pos)) {
    pos += 5
    return null
  }
  if (c === 0x6e && t.startsWith('null', pos)) {
    pos += 4
    return null
  }
  const start = pos
  for (;;) {
    const d = t.charCodeAt(pos)
    // digits, '-', '+', '.', 'e', 'E'
    if ((d >= 0x30 && d <= 0x39) || d === 0x2d || d === 0x2b || d === 0x2e || d === 0x65 || d === 0x45) pos++
    else break
  }
  const token = t.slice(start, pos)
  if (PLAIN_INTEGER.test(token)) return null
  if (!NUMBER_TOKEN.test(token)) throw UNHANDLED
  const n = Number(token)
  if (!Number.isFinite(n)) throw UNHANDLED
  const canonical = JSON.stringify(n)
  return canonical === token ? null : canonical
}

function quickArray(depth: number): string | null {
  if (depth > 64) throw UNHANDLED
  const start = pos
  pos++ // [
  if (t.charCodeAt(pos) === 0x5d) {
    pos++
    return null
  }
  let out: string | null = null
  for (;;) {
    const from = pos
    const v = quickValue(depth + 1)
    if (v !== null && out === null) out = t.slice(start, from)
    if (out !== null) out += v ?? t.slice(from, pos)
    const c = t.charCodeAt(pos++)
    if (c === 0x5d) return out === null ? null : `${out}]`
    if (c !== 0x2c) throw UNHANDLED
    if (out !== null) out += ','
  }
}

interface Member {
  key: string
  /** Where the member's key starts, and where its value starts and ends. */
  from: number
  valueFrom: number
  to: number
  canonical: string | null
}

const byKey = (a: Member, b: Member) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

function quickObject(depth: number): string | null {
  if (depth > 64) throw UNHANDLED
  pos++ // {
  if (t.charCodeAt(pos) === 0x7d) {
    pos++
    return null
  }
  const members: Member[] = []
  let verbatim = true
  let previous = ''
  for (;;) {
    const from = pos
    if (t.charCodeAt(pos) !== 0x22) throw UNHANDLED
    const end = t.indexOf('"', pos + 1)
    if (end < 0) throw UNHANDLED
    const key = t.slice(pos + 1, end)
    if (members.length > 0 && !(previous < key)) verbatim = false
    previous = key
    pos = end + 1
    if (t.charCodeAt(pos++) !== 0x3a) throw UNHANDLED
    const valueFrom = pos
    const canonical = quickValue(depth + 1)
    if (canonical !== null) verbatim = false
    members.push({ key, from, valueFrom, to: pos, canonical })
    const c = t.charCodeAt(pos++)
    if (c === 0x7d) break
    if (c !== 0x2c) throw UNHANDLED
  }
  if (verbatim) return null
  members.sort(byKey)
  let out = '{'
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member
    if (i > 0) {
      if ((members[i - 1] as Member).key === m.key) throw UNHANDLED // JSON.parse keeps the last
      out += ','
    }
    out += t.slice(m.from, m.valueFrom) + (m.canonical ?? t.slice(m.valueFrom, m.to))
  }
  return `${out}}`
}

function quick(text: string): string | undefined {
  t = text
  pos = 0
  try {
    const out = quickValue(0)
    return pos === text.length ? (out ?? text) : undefined
  } catch (e) {
    if (e === UNHANDLED) return undefined
    throw e
  } finally {
    t = ''
  }
}

/** `canonicalize(JSON.parse(text))`, or undefined where the library's own way must be taken. */
export function canonicalJsonOfText(text: string): string | undefined {
  if (!QUICK_REFUSES.test(text)) {
    const out = quick(text)
    if (out !== undefined) return out
  }
  const r = new Reader(text)
  try {
    const out = r.value(0)
    r.skip()
    return r.at === text.length ? out : undefined
  } catch (e) {
    if (e === UNHANDLED) return undefined
    throw e
  }
}

/** JSON.stringify(s) for a string, taking the quick way when nothing in it needs escaping. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/
export const jsonString = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`)
