// The stored event envelope of spec/domain.md §2 and the identities it carries.
// Pure types: no I/O, no clock, no ids.

export const ROLES = [
  'admin',
  'organ_office',
  'undertaking',
  'legality_reviewer',
  'reviewer',
  'executing',
  'inspector',
  'public',
] as const
export type Role = (typeof ROLES)[number]

/** Who recorded an event: always taken from the authenticated token, never from the body. */
export interface Actor {
  personId: string
  orgId: string
  role: Role
  /**
   * An inspector's jurisdiction, the organization whose subtree it reads (docs/choices.md): its
   * own organization when that is a government, else the nearest government above it. Set when
   * the token is authenticated; never recorded in an event.
   */
  jurisdictionId?: string
}

/** One document listed in an event's `evidence`. */
export interface EvidenceDoc {
  name: string
  sha256: string
  mediaType?: string
  size?: number
  uri?: string
}

/** A pointer from a payload into the event's evidence list. */
export interface DocRef {
  name: string
  sha256: string
}

/** The hashed part of an event (ledger.md §1): everything but `hash` and `position`. */
export interface HashedEnvelope {
  eventId: string
  decisionId: string
  version: number
  type: string
  schemaVersion: number
  occurredAt: string
  recordedAt: string
  actor: Actor
  data: Record<string, unknown>
  evidence: EvidenceDoc[]
  correlationId?: string
  causationId?: string
  prevHash: string
}

/** An event as stored and served. `decisionId` is the stream id (`dec_…` or `dir_…`). */
export interface StoredEvent extends HashedEnvelope {
  position: number
  hash: string
}

export const GENESIS_HASH = '0'.repeat(64)
