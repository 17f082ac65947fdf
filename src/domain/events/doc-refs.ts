// Finds every DocRef inside a payload, so the caller can check that each one is listed in the
// event's `evidence` (spec/domain.md §3: "A payload may not reference a document that is not in
// the event's evidence list"). It works on any value, so it also covers EventCorrected.data.
import type { DocRef } from './primitives'
import { SHA256_HEX } from './primitives'

export type JsonPath = Array<string | number>
export interface FoundDocRef {
  path: JsonPath
  ref: DocRef
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A DocRef is recognised by shape alone: exactly the keys `name` and `sha256`, a hex digest. */
const asDocRef = (v: Record<string, unknown>): DocRef | undefined => {
  const keys = Object.keys(v)
  if (keys.length !== 2 || !('name' in v) || !('sha256' in v)) return undefined
  const { name, sha256 } = v
  return typeof name === 'string' && typeof sha256 === 'string' && SHA256_HEX.test(sha256)
    ? { name, sha256 }
    : undefined
}

/** Every DocRef in `data`, depth-first in key order, each with its JSON path. */
export function docRefsIn(data: unknown): FoundDocRef[] {
  const found: FoundDocRef[] = []
  // Only ancestors are tracked: a cycle stops the walk, but an object shared by two fields
  // (common in code-built payloads) is reported at both paths.
  const ancestors = new Set<object>()
  const walk = (value: unknown, path: JsonPath): void => {
    if (typeof value !== 'object' || value === null || ancestors.has(value)) return
    if (isPlainObject(value)) {
      const ref = asDocRef(value)
      if (ref) {
        found.push({ path, ref })
        return
      }
    }
    ancestors.add(value)
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : Object.entries(value)
    for (const [key, child] of entries) walk(child, [...path, key])
    ancestors.delete(value)
  }
  walk(data, [])
  return found
}
