// Ledger reads that depend on who asks: inclusion proofs of events the caller may read, and the
// verifiable export bundle of a decision (ledger.md §3). Checkpoints, consistency proofs and the
// key reveal only hashes of the whole log and are served to anyone (routes/ledger.ts).
import type { Actor, StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { PUBLIC_RECORD_TYPES } from '../domain/public-record'
import { directoryRefsIn } from '../domain/references'
import { BUNDLE_FORMAT, type BundleEvent, type BundleProof, type LedgerBundle } from '../ledger/verify'
import { isDecisionId, loadReadable } from './decisions'
import { type AppDeps, directoryStream } from './deps'
import type { InclusionProof } from './ledger'

// Moved to domain/public-record; re-exported so existing importers keep compiling.

/** A consistency proof carried in a bundle exported with `?since=` (not part of verify.ts's shape). */
export interface SinceProof {
  from: number
  to: number
  hashes: string[]
}

export type ExportBundle = LedgerBundle & { sinceProof?: SinceProof }

function forbidden(permission: string, reason: string): never {
  throw new DomainError('forbidden', `Missing permission: ${permission}. ${reason}`, undefined, { permission })
}

/** Throws 404/403 unless `actor` may read `event` (the public: only its public record). */
async function requireReadable(deps: AppDeps, actor: Actor, event: StoredEvent): Promise<void> {
  if (event.decisionId === directoryStream(deps)) {
    // The directory is readable by every authenticated role (routes/directory.ts), not the public.
    if (actor.role === 'public') throw new DomainError('not-found', `No public event ${event.eventId}.`)
    return
  }
  await loadReadable(deps, actor, event.decisionId)
  if (actor.role === 'public' && !PUBLIC_RECORD_TYPES.has(event.type)) {
    throw new DomainError('not-found', `No public event ${event.eventId}.`)
  }
}

function requireTreeSize(treeSize: number, current: number): void {
  if (treeSize > current) {
    throw new DomainError('invalid-query', `The tree has ${current} leaves; there is no tree of size ${treeSize}.`, [
      { path: ['treeSize'], message: `at most ${current}` },
    ])
  }
}

export async function inclusionProofFor(
  deps: AppDeps,
  actor: Actor,
  eventId: string,
  treeSize?: number,
): Promise<InclusionProof> {
  const event = await deps.store.readEventById(eventId)
  if (!event) throw new DomainError('not-found', `No event ${eventId}.`)
  await requireReadable(deps, actor, event)
  const leaf = (await deps.ledger.leavesSequencing([eventId])).get(eventId)
  if (!leaf) throw new DomainError('ledger-unavailable', `Event ${eventId} is not sequenced yet; retry shortly.`)
  const size = treeSize ?? (await deps.ledger.checkpointCovering(leaf.ledgerIndex)).treeSize
  requireTreeSize(size, await deps.ledger.treeSize())
  if (size <= leaf.ledgerIndex) {
    throw new DomainError(
      'invalid-query',
      `Event ${eventId} is leaf ${leaf.ledgerIndex}; a tree of size ${size} does not contain it.`,
      [{ path: ['treeSize'], message: `must be above ${leaf.ledgerIndex}` }],
    )
  }
  const hashes = (await deps.ledger.inclusionProofs([leaf.ledgerIndex], size)).get(leaf.ledgerIndex) ?? []
  return { eventId, ledgerIndex: leaf.ledgerIndex, treeSize: size, leafHash: leaf.leafHash, hashes }
}

export async function consistencyProofFor(
  deps: AppDeps,
  from: number,
  to: number | undefined,
): Promise<{ from: number; to: number; hashes: string[] }> {
  const size = to ?? (await deps.ledger.ensureCheckpoint()).treeSize
  requireTreeSize(size, await deps.ledger.treeSize())
  if (from > size) {
    throw new DomainError('invalid-query', `from (${from}) is larger than to (${size}).`, [
      { path: ['from'], message: `at most ${size}` },
    ])
  }
  return { from, to: size, hashes: await deps.ledger.consistencyProof(from, size) }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/**
 * The directory events the decision's trail relies on: the registrations of every organization
 * and person its events name (payload references and actors), the organizations' ancestors, the
 * heads of the named organizations (the trail's "responsible leader"), and every position those
 * people held, with its end.
 */
export function directoryEventsFor(decisionEvents: readonly StoredEvent[], dir: readonly StoredEvent[]): StoredEvent[] {
  const orgs = new Set<string>()
  const people = new Set<string>()
  for (const e of decisionEvents) {
    orgs.add(e.actor.orgId)
    people.add(e.actor.personId)
    for (const r of directoryRefsIn(e.data)) (r.kind === 'organization' ? orgs : people).add(r.id)
  }
  const parentOf = new Map<string, string>()
  for (const e of dir) {
    if (e.type === 'OrganizationRegistered' && str(e.data.parentId)) {
      parentOf.set(e.data.orgId as string, e.data.parentId as string)
    }
  }
  for (const e of dir) {
    if (e.type === 'PositionAssigned' && e.data.capacity === 'head' && orgs.has(e.data.orgId as string)) {
      people.add(e.data.personId as string)
    }
  }
  for (const id of [...orgs]) {
    for (let p = parentOf.get(id), hops = 0; p !== undefined && hops < 64; p = parentOf.get(p), hops++) orgs.add(p)
  }
  const positions = new Set<string>()
  for (const e of dir) {
    if (e.type === 'PositionAssigned' && people.has(e.data.personId as string))
      positions.add(e.data.positionId as string)
  }
  return dir.filter((e) => {
    const d = e.data
    switch (e.type) {
      case 'OrganizationRegistered':
        return orgs.has(d.orgId as string)
      case 'PersonRegistered':
        return people.has(d.personId as string)
      case 'PositionAssigned':
      case 'PositionEnded':
        return positions.has(d.positionId as string)
      default:
        return false
    }
  })
}

/**
 * Sequences `events` if needed, then proves each against one signed checkpoint covering them all:
 * the events with their ledger indexes, the served checkpoint note and one inclusion proof each
 * (same order as given). Callers check read permission first.
 */
export async function proveEvents(
  deps: AppDeps,
  events: readonly StoredEvent[],
): Promise<{ checkpoint: string; treeSize: number; events: BundleEvent[]; proofs: BundleProof[] }> {
  const leaves = await deps.ledger.leavesSequencing(events.map((e) => e.eventId))
  const indexed = events.map((e): BundleEvent => {
    const leaf = leaves.get(e.eventId)
    if (!leaf) throw new DomainError('ledger-unavailable', `Event ${e.eventId} is not sequenced yet; retry shortly.`)
    return { ...e, ledgerIndex: leaf.ledgerIndex }
  })
  const checkpoint = await deps.ledger.checkpointCovering(Math.max(...indexed.map((e) => e.ledgerIndex)))
  const size = checkpoint.treeSize
  const hashes = await deps.ledger.inclusionProofs(
    indexed.map((e) => e.ledgerIndex),
    size,
  )
  return {
    checkpoint: await deps.ledger.servedNote(checkpoint),
    treeSize: size,
    events: indexed,
    proofs: indexed.map((e) => ({
      eventId: e.eventId,
      ledgerIndex: e.ledgerIndex,
      treeSize: size,
      hashes: hashes.get(e.ledgerIndex) ?? [],
    })),
  }
}

/**
 * The verifiable bundle of one decision: its events as stored with their ledger indexes, the
 * latest checkpoint (sequencing first when it does not cover them), one inclusion proof per event
 * against it, and the directory events the trail relies on with theirs. With `since`, also the
 * consistency proof from that tree size to the bundle's, for `verify --since`.
 */
export async function exportDecision(
  deps: AppDeps,
  actor: Actor,
  decisionId: string,
  opts: { since?: number | undefined } = {},
): Promise<ExportBundle> {
  if (actor.role === 'public') {
    if (isDecisionId(decisionId)) await loadReadable(deps, actor, decisionId) // 404 when not public
    forbidden(
      'export a decision',
      'a bundle holds every event as stored, internal steps included; the public record is at /v1/public/decisions/{id}',
    )
  }
  await loadReadable(deps, actor, decisionId)
  const events = await deps.store.readStream(decisionId)
  const dir = directoryEventsFor(events, await deps.store.readStream(directoryStream(deps)))
  const proved = await proveEvents(deps, [...events, ...dir])
  const size = proved.treeSize
  const bundle: ExportBundle = {
    format: BUNDLE_FORMAT,
    decisionId,
    events: proved.events.slice(0, events.length),
    checkpoint: proved.checkpoint,
    proofs: proved.proofs.slice(0, events.length),
    directory: { events: proved.events.slice(events.length), proofs: proved.proofs.slice(events.length) },
  }
  if (opts.since !== undefined) {
    if (opts.since > size) {
      throw new DomainError('invalid-query', `since (${opts.since}) is beyond the bundle's tree size ${size}.`, [
        { path: ['since'], message: `at most ${size}` },
      ])
    }
    bundle.sinceProof = { from: opts.since, to: size, hashes: await deps.ledger.consistencyProof(opts.since, size) }
  }
  return bundle
}
