// Event hashing of ledger.md §1: SHA-256 over the RFC 8785 (JCS) canonical JSON of the envelope
// without `hash` and `position`. Kept separate from storage so an offline verifier can reuse it.
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import type { HashedEnvelope, StoredEvent } from '../domain/envelope'
import { sha256, toHex } from './bytes'

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new TypeError('value has no JSON representation')
  return text
}

/** Lowercase hex SHA-256; a string is hashed as its UTF-8 bytes. */
export function sha256Hex(input: string | Uint8Array): string {
  // A string goes to the hash as UTF-8 directly (no intermediate copy): every event is hashed.
  return typeof input === 'string' ? createHash('sha256').update(input, 'utf8').digest('hex') : toHex(sha256(input))
}

/** The exact object that is hashed: optional fields are omitted when absent, never `undefined`. */
export function hashedPart(event: HashedEnvelope | StoredEvent): HashedEnvelope {
  const part: HashedEnvelope = {
    eventId: event.eventId,
    decisionId: event.decisionId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: { personId: event.actor.personId, orgId: event.actor.orgId, role: event.actor.role },
    data: event.data,
    evidence: event.evidence,
    prevHash: event.prevHash,
  }
  if (event.correlationId !== undefined) part.correlationId = event.correlationId
  if (event.causationId !== undefined) part.causationId = event.causationId
  return part
}

export function eventHash(event: HashedEnvelope | StoredEvent): string {
  return sha256Hex(canonicalJson(hashedPart(event)))
}
