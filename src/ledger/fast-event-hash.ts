// The event hash of ledger.md §1 computed from a stored row's columns, without parsing its JSON
// into objects: the canonical envelope is assembled from the columns (its keys in RFC 8785
// order) and the canonical forms of `data` and `evidence` taken from their stored text
// (canonical-text.ts). Returns undefined where that does not apply; the caller then hashes the
// event the library's way (event-hash.ts), so the result is always that of `eventHash`.
import * as nodeCrypto from 'node:crypto'
import { canonicalJsonOfText, jsonString } from './canonical-text'

/** The columns of an `events` row that are hashed, as stored. */
export interface HashedColumns {
  eventId: unknown
  decisionId: unknown
  version: unknown
  type: unknown
  schemaVersion: unknown
  occurredAt: unknown
  recordedAt: unknown
  actorPersonId: unknown
  actorOrgId: unknown
  actorRole: unknown
  data: unknown
  evidence: unknown
  correlationId: unknown
  causationId: unknown
  prevHash: unknown
}

// crypto.hash (Node ≥ 20.12) is a one-shot without a Hash object; createHash elsewhere.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash
export const sha256HexOfText: (text: string) => string =
  typeof oneShot === 'function'
    ? (text) => oneShot('sha256', text, 'hex')
    : (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')

const str = (v: unknown): string | undefined => (typeof v === 'string' ? jsonString(v) : undefined)

function num(v: unknown): string | undefined {
  // rowToEvent takes Number() of the column; the library refuses NaN and ±Infinity.
  const n = Number(v)
  return Number.isFinite(n) ? JSON.stringify(n) : undefined
}

/** The canonical JSON of the hashed part of the event stored in these columns, if it can tell. */
export function canonicalEnvelopeOfColumns(c: HashedColumns): string | undefined {
  if (typeof c.data !== 'string' || typeof c.evidence !== 'string') return undefined
  const orgId = str(c.actorOrgId)
  const personId = str(c.actorPersonId)
  const role = str(c.actorRole)
  const data = canonicalJsonOfText(c.data)
  const decisionId = str(c.decisionId)
  const eventId = str(c.eventId)
  const evidence = canonicalJsonOfText(c.evidence)
  const occurredAt = str(c.occurredAt)
  const prevHash = str(c.prevHash)
  const recordedAt = str(c.recordedAt)
  const schemaVersion = num(c.schemaVersion)
  const type = str(c.type)
  const version = num(c.version)
  if (
    orgId === undefined ||
    personId === undefined ||
    role === undefined ||
    data === undefined ||
    decisionId === undefined ||
    eventId === undefined ||
    evidence === undefined ||
    occurredAt === undefined ||
    prevHash === undefined ||
    recordedAt === undefined ||
    schemaVersion === undefined ||
    type === undefined ||
    version === undefined
  )
    return undefined
  // Absent (NULL) correlation and causation ids are omitted, as rowToEvent and hashedPart do.
  let ids = ''
  if (c.causationId !== null && c.causationId !== undefined) {
    const v = str(c.causationId)
    if (v === undefined) return undefined
    ids += `"causationId":${v},`
  }
  if (c.correlationId !== null && c.correlationId !== undefined) {
    const v = str(c.correlationId)
    if (v === undefined) return undefined
    ids += `"correlationId":${v},`
  }
  return `{"actor":{"orgId":${orgId},"personId":${personId},"role":${role}},${ids}"data":${data},"decisionId":${decisionId},"eventId":${eventId},"evidence":${evidence},"occurredAt":${occurredAt},"prevHash":${prevHash},"recordedAt":${recordedAt},"schemaVersion":${schemaVersion},"type":${type},"version":${version}}`
}

/** eventHash of the stored event, or undefined where the caller must take the library's way. */
export function eventHashOfColumns(c: HashedColumns): string | undefined {
  const text = canonicalEnvelopeOfColumns(c)
  return text === undefined ? undefined : sha256HexOfText(text)
}
