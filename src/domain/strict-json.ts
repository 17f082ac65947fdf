// Strict JSON intake (ledger.md §1 "input hygiene"): hashes must be stable across languages, so
// duplicate keys, integers beyond 2^53, lone surrogates (in values and keys) and absurd nesting
// are refused, and every string is NFC-normalised before anything else sees it. JSON.parse
// checks the grammar; a second, iterative pass over the (now known valid) text finds what
// JSON.parse silently accepts.
import { DomainError } from './errors'

export const MAX_DEPTH = 64

type Frame =
  | { kind: 'object'; keys: Set<string>; key: string | undefined; expectKey: boolean }
  | { kind: 'array'; index: number }

function pathOf(stack: Frame[]): Array<string | number> {
  const path: Array<string | number> = []
  for (const f of stack) {
    if (f.kind === 'array') path.push(f.index)
    else if (f.key !== undefined) path.push(f.key)
  }
  return path
}

export function parseStrictJson(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new DomainError('malformed-json', `The body is not valid JSON: ${(e as Error).message}`)
  }
  scan(text)
  return normalise(value, [])
}

function scan(text: string): void {
  const stack: Frame[] = []
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    const top = stack[stack.length - 1]
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_DEPTH) {
        throw new DomainError('validation-failed', `JSON nesting deeper than ${MAX_DEPTH} levels`, [
          { path: pathOf(stack), message: `nesting deeper than ${MAX_DEPTH} levels`, code: 'too_deep' },
        ])
      }
      stack.push(
        c === 0x7b ? { kind: 'object', keys: new Set(), key: undefined, expectKey: true } : { kind: 'array', index: 0 },
      )
      i++
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      i++
    } else if (c === 0x2c /* , */) {
      if (top?.kind === 'array') top.index++
      else if (top?.kind === 'object') top.expectKey = true
      i++
    } else if (c === 0x22 /* " */) {
      let j = i + 1
      while (j < n) {
        const d = text.charCodeAt(j)
        if (d === 0x5c /* \ */) j += 2
        else if (d === 0x22) break
        else j++
      }
      if (top?.kind === 'object' && top.expectKey) {
        const raw = JSON.parse(text.slice(i, j + 1)) as string
        // A key is hashed like a value, so it follows the same rule.
        if (!raw.isWellFormed()) {
          throw new DomainError('invalid-utf8', 'A key contains a lone surrogate (not valid Unicode)', [
            {
              path: [...pathOf(stack.slice(0, -1)), raw],
              message: 'key not well-formed Unicode',
              code: 'invalid_unicode',
            },
          ])
        }
        const key = raw.normalize('NFC')
        if (top.keys.has(key)) {
          throw new DomainError('duplicate-key', `Duplicate JSON key "${key}"`, [
            { path: [...pathOf(stack.slice(0, -1)), key], message: 'duplicate key', code: 'duplicate_key' },
          ])
        }
        top.keys.add(key)
        top.key = key
        top.expectKey = false
      }
      i = j + 1
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1
      while (j < n && /[0-9eE.+-]/.test(text[j] as string)) j++
      checkNumber(text.slice(i, j), stack)
      i = j
    } else {
      i++ // whitespace, ':', true, false, null
    }
  }
}

function checkNumber(literal: string, stack: Frame[]): void {
  const v = Number(literal)
  if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v))) {
    throw new DomainError('unsafe-integer', `Number ${literal} is outside the safe integer range (|n| < 2^53)`, [
      { path: pathOf(stack), message: 'number outside the range -(2^53-1) … 2^53-1', code: 'unsafe_integer' },
    ])
  }
}

/**
 * U+0000 has no place in any field, and PostgreSQL's text and jsonb cannot hold it: refused on
 * every backend alike (api.md §1, "behaviour is identical across the three").
 */
const nulRefused = (path: Array<string | number>, what: 'string' | 'key') =>
  new DomainError('validation-failed', `A ${what} contains the NUL character (U+0000), which no field may hold`, [
    { path, message: `${what} contains U+0000`, code: 'nul_character' },
  ])

function normalise(value: unknown, path: Array<string | number>): unknown {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) {
      throw new DomainError('invalid-utf8', 'A string contains a lone surrogate (not valid Unicode)', [
        { path, message: 'not well-formed Unicode', code: 'invalid_unicode' },
      ])
    }
    if (value.includes('\0')) throw nulRefused(path, 'string')
    return value.normalize('NFC')
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, [...path, i]))
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries defines own properties, so a "__proto__" key stays an ordinary key.
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        if (k.includes('\0')) throw nulRefused([...path, k], 'key')
        return [k.normalize('NFC'), normalise(v, [...path, k])]
      }),
    )
  }
  return value
}

/** Decode a request body as UTF-8, refusing invalid byte sequences instead of replacing them. */
export function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new DomainError('invalid-utf8', 'The body is not valid UTF-8')
  }
}
