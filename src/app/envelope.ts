// Builds envelopes: server-set ids, versions, recordedAt and the per-stream hash chain.
import type { Actor, EvidenceDoc, StoredEvent } from '../domain/envelope'
import { GENESIS_HASH } from '../domain/envelope'
import { eventHash } from '../ledger/event-hash'
import type { PendingEvent } from '../store/event-store'
import type { AppDeps } from './deps'

export interface EventInput {
  type: string
  occurredAt: string
  data: Record<string, unknown>
  evidence?: EvidenceDoc[]
  correlationId?: string
  causationId?: string
}

/** Chains `inputs` after a head at `version`/`headHash` (0 / 64 zeros for a new stream). */
export function chainEvents(
  deps: AppDeps,
  streamId: string,
  head: { version: number; headHash: string },
  actor: Actor,
  inputs: readonly EventInput[],
  schemaVersion: (type: string) => number,
): PendingEvent[] {
  const recordedAt = deps.clock().toISOString()
  let prevHash = head.version === 0 ? GENESIS_HASH : head.headHash
  return inputs.map((input, i) => {
    const e: Omit<PendingEvent, 'hash'> = {
      eventId: deps.newId(),
      decisionId: streamId,
      version: head.version + i + 1,
      type: input.type,
      schemaVersion: schemaVersion(input.type),
      occurredAt: input.occurredAt,
      recordedAt,
      actor: { personId: actor.personId, orgId: actor.orgId, role: actor.role },
      data: input.data,
      evidence: input.evidence ?? [],
      prevHash,
    }
    if (input.correlationId !== undefined) e.correlationId = input.correlationId
    if (input.causationId !== undefined) e.causationId = input.causationId
    const hash = eventHash(e)
    prevHash = hash
    return { ...e, hash }
  })
}

export type { StoredEvent }
