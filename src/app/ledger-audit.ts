// `decision-trail verify --db`: audits a whole database the way `verify bundle.json` audits one
// decision, trusting nothing stored (ledger.md §4):
//   1. every stream: each event's hash recomputed, versions 1…n with no gap in commit order, the
//      prevHash chain, and the stream head agreeing with its last event;
//   2. the tree: leaves contiguous from 0, each the leaf of an existing event's (verified) hash, in
//      commit order, no committed event skipped; every stored node recomputed level by level;
//   3. every stored checkpoint: its signature under the supplied key, its root against the
//      recomputed tree, and consistency with the checkpoint before it;
//   4. with `since`, a checkpoint the auditor saved earlier: still a prefix of this tree.
// Memory stays O(streams + page size): events, leaves and nodes are read in keyset pages.
//
// Speed (docs/ledger.md §4): events are read as raw rows (audit-reader.ts) and hashed from their
// stored JSON text without parsing it into objects (fast-event-hash.ts), falling back to
// `eventHash(rowToEvent(row))` for whatever that does not handle. The leaves are matched to the
// events and the nodes recomputed during the same pass (audit-tree.ts); if that quick check finds
// anything amiss, the separate leaf and level-by-level checks below run as before and name it.
// On a SQLite file with enough events, all of steps 1 and 2 first run in slices on worker threads
// (audit-slices.ts), the main thread reading no event, each worker hashing the canonical text
// SQLite builds from the columns where that is the event's canonical JSON; that only says whether
// all is well, and if it is not, the pass above runs and names what is wrong.
import { GENESIS_HASH } from '../domain/envelope'
import { bytesEqual, fromHex, toBase64, toHex } from '../ledger/bytes'
import { type Checkpoint, parseCheckpoint, verifyCheckpoint } from '../ledger/checkpoint'
import {
  consistencyProof,
  consistencyProofError,
  consistencyProofNodes,
  leafHash,
  type NodeId,
  type NodeMap,
  nodeHash,
  nodeKey,
  rootFrom,
  rootNodes,
} from '../ledger/merkle'
import { parseNote, type VerifierKey } from '../ledger/note'
import { type CheckResult, fail, pass } from '../ledger/verify'
import { type AuditReader, openAuditReader } from '../store/audit-reader'
import type { Backend } from '../store/backend'
import { nodeLevelStats, readCheckpointsPage, readLeavesPage, readNodeLevelPage } from '../store/ledger-store'
import { column, eventSubject } from './audit-columns'
import { libraryHash, recomputeHash } from './audit-event-hash'
import { slicesPass } from './audit-slices'
import { QuickTreeCheck } from './audit-tree'
import { type HashResult, hashInWorkers, hashWorkerCount } from './audit-workers'
import { readNodeMap } from './ledger'

export interface AuditInput {
  backend: Backend
  /** The log's verifier key as the auditor obtained it; without, signatures are not checked. */
  key: VerifierKey | undefined
  /** A checkpoint note the auditor saved earlier. */
  since?: string
  /**
   * Hashing worker threads (SQLite files only): 0 hashes on the calling thread; by default one
   * per core for large databases. Results are the same either way.
   */
  workers?: number
  /** Called now and then with a progress line (for stderr). */
  progress?: (line: string) => void
  pageSize?: number
}

/** Runs the audit, stopping at the first failure (the last result then). */
export async function auditDatabase(input: AuditInput): Promise<CheckResult[]> {
  const out: CheckResult[] = []
  for await (const r of audit(input)) {
    out.push(r)
    if (!r.ok) break
  }
  return out
}

export async function* audit(input: AuditInput): AsyncGenerator<CheckResult> {
  const reader = await openAuditReader(input.backend)
  try {
    yield* auditWith(input, reader)
  } finally {
    await reader.close()
  }
}

/**
 * The nodes that the checks of a page of checkpoints will read, going by their stored sizes
 * (only a guide: the checks use the signed sizes, and read whatever else they need).
 */
function checkpointNodes(rows: ReadonlyArray<{ treeSize: number }>, previous: number | undefined, n: number): NodeId[] {
  const ids: NodeId[] = []
  let before = previous
  for (const { treeSize } of rows) {
    const size = Number(treeSize)
    if (!Number.isSafeInteger(size) || size < 0 || size > n) continue
    ids.push(...rootNodes(size))
    if (before !== undefined && before > 0 && before < size) ids.push(...consistencyProofNodes(before, size))
    before = size
  }
  return ids
}

/** Stored nodes read through a cache: each is read once, however many checkpoints need it. */
class NodeCache {
  private readonly map = new Map<string, Uint8Array>()
  private readonly absent = new Set<string>()

  constructor(private readonly db: AuditReader['db']) {}

  /** Reads those of `ids` not read yet, all at once. */
  async prefetch(ids: ReadonlyArray<NodeId>): Promise<void> {
    // Bounded: a page's nodes are a few thousand; what older pages needed is rarely needed again.
    if (this.map.size + this.absent.size > 200_000) {
      this.map.clear()
      this.absent.clear()
    }
    const wanted = new Map<string, NodeId>()
    for (const id of ids) {
      const key = nodeKey(id.level, id.index)
      if (!this.map.has(key) && !this.absent.has(key)) wanted.set(key, id)
    }
    if (wanted.size === 0) return
    const found = await readNodeMap(this.db, [...wanted.values()])
    for (const [key, hash] of found) this.map.set(key, hash)
    for (const key of wanted.keys()) if (!found.has(key)) this.absent.add(key)
  }

  /** The stored nodes, among them those of `ids` (absent ones are missing, as readNodeMap leaves them). */
  async get(ids: ReadonlyArray<NodeId>): Promise<NodeMap> {
    for (const id of ids) {
      const key = nodeKey(id.level, id.index)
      if (!this.map.has(key) && !this.absent.has(key)) {
        await this.prefetch(ids)
        break
      }
    }
    return this.map
  }
}

const hashMismatch = (recomputed: string, stored: unknown, subject: string) =>
  fail('stream.hash', `recomputed hash ${recomputed} differs from stored ${stored}: the event was altered`, subject)

interface StreamState {
  version: number
  hash: string
}

interface StreamsPass {
  /** The first failure in commit order, if any. */
  failure?: CheckResult
  streams: Map<string, StreamState>
  seen: number
  /** Leaves the quick tree check verified. */
  n: number
  treeVerified: boolean
}

/**
 * 1. Every event in commit order: its hash recomputed, its version and prevHash against its
 * stream's previous event; the quick tree check alongside. With `hashing`, the hashes of events up
 * to position `hashing.upTo` are recomputed by workers and only the chains are checked here; the
 * earliest failure in commit order is reported either way. Returns undefined if the workers could
 * not run.
 */
async function streamsPass(
  input: AuditInput,
  reader: AuditReader,
  page: number,
  hashing: { upTo: number; outcome: Promise<HashResult> } | undefined,
): Promise<StreamsPass | undefined> {
  const progress = input.progress ?? (() => undefined)
  const tree = new QuickTreeCheck(reader, page)
  const streams = new Map<string, StreamState>()
  let after = Number.MIN_SAFE_INTEGER // a forged position may be 0 or negative
  let seen = 0
  let failure: { position: number; result: CheckResult } | undefined

  /** The chain checks of one event whose hash is (or will be) checked; false at a failure. */
  const chain = (
    position: number,
    eventId: string,
    decisionId: string,
    version: number,
    prevHash: unknown,
    hash: string,
  ) => {
    const known = streams.get(decisionId)
    const s = known ?? { version: 0, hash: GENESIS_HASH }
    if (version !== s.version + 1) {
      failure = {
        position,
        result: fail(
          'stream.version',
          `expected version ${s.version + 1} next in commit order, found ${version}: an event is missing or out of order`,
          eventSubject(decisionId, eventId, version, position),
        ),
      }
      return false
    }
    if (prevHash !== s.hash) {
      failure = {
        position,
        result: fail(
          'stream.chain',
          `prevHash is not the hash of version ${s.version}: the chain is broken`,
          eventSubject(decisionId, eventId, version, position),
        ),
      }
      return false
    }
    // Updated in place: one object per stream, not one per event.
    s.version = version
    s.hash = hash
    if (known === undefined) streams.set(decisionId, s)
    tree.event(eventId, position, hash)
    return true
  }

  // Events whose hashes the workers recompute: only their chain columns are read here.
  if (hashing && reader.chainEvents) {
    for (;;) {
      const rows = reader.chainEvents(after, hashing.upTo, page)
      for (const [position, eventId, decisionId, version, prevHash, hash] of rows) {
        if (!chain(Number(position), eventId, decisionId, Number(version), prevHash, hash)) break
        after = Number(position)
        seen++
      }
      if (failure) break
      if (rows.length) progress(`streams: ${seen} events checked`)
      await tree.leaves()
      if (rows.length < page) break
    }
    const hashed = await hashing.outcome
    if (hashed.kind === 'failed') return undefined
    // The events the workers could not hash the quick way, hashed here the library's way (which
    // throws where it always threw), in commit order, up to the first failure.
    let hashFailure: { position: number; result: CheckResult } | undefined
    for (const position of hashed.handBack) {
      if (failure && position > failure.position) break
      const row = reader.eventAt?.(position)
      if (row === undefined) return undefined // changed under us: the single-threaded pass decides
      const recomputed = libraryHash(row)
      if (recomputed !== row[column.hash]) {
        const subject = eventSubject(row[column.stream_id], row[column.event_id], Number(row[column.version]), position)
        hashFailure = { position, result: hashMismatch(recomputed, row[column.hash], subject) }
        break
      }
    }
    if (hashFailure === undefined && hashed.kind === 'mismatch') {
      hashFailure = {
        position: hashed.position,
        result: hashMismatch(hashed.recomputed, hashed.stored, hashed.subject),
      }
    }
    // At the same event the hash is checked first.
    if (hashFailure && (!failure || hashFailure.position <= failure.position)) failure = hashFailure
    if (failure) return { failure: failure.result, streams, seen, n: tree.n, treeVerified: false }
  }

  // The rest (all events when no worker hashes), hashed here.
  for (;;) {
    const rows = await reader.events(after, page)
    for (const row of rows) {
      const position = Number(row[column.position])
      const eventId = row[column.event_id] as string
      const decisionId = row[column.stream_id] as string
      const version = Number(row[column.version])
      const storedHash = row[column.hash] as string
      const recomputed = recomputeHash(row)
      if (recomputed !== storedHash) {
        const result = hashMismatch(recomputed, storedHash, eventSubject(decisionId, eventId, version, position))
        return { failure: result, streams, seen, n: tree.n, treeVerified: false }
      }
      if (!chain(position, eventId, decisionId, version, row[column.prev_hash], storedHash)) {
        return {
          failure: (failure as unknown as { result: CheckResult }).result,
          streams,
          seen,
          n: tree.n,
          treeVerified: false,
        }
      }
      after = position
    }
    seen += rows.length
    if (rows.length) progress(`streams: ${seen} events checked`)
    await tree.leaves()
    if (rows.length < page) break
  }
  const treeVerified = await tree.finish()
  if (treeVerified) progress(`tree: ${tree.n} leaves and their nodes checked`)
  return { streams, seen, n: tree.n, treeVerified }
}

async function* auditWith(input: AuditInput, reader: AuditReader): AsyncGenerator<CheckResult> {
  const page = input.pageSize ?? 2000
  const progress = input.progress ?? (() => undefined)
  const { db } = reader

  // 1. Streams, in commit order; on every core where the database is a SQLite file: first all of
  // steps 1 and 2 in slices (audit-slices.ts), which only says whether all is well; if it is not,
  // the hashes in workers and the rest on this thread, which name what is wrong.
  let pass1: StreamsPass | undefined
  const bounds = reader.file !== undefined ? reader.positionBounds?.() : undefined
  const workers = bounds !== undefined ? hashWorkerCount(bounds[1] - bounds[0] + 1, input.workers) : 0
  if (reader.file !== undefined && bounds !== undefined && workers > 0) {
    const sliced = await slicesPass(reader, reader.file, bounds, workers, page, progress)
    if (sliced) pass1 = { ...sliced, treeVerified: true }
  }
  if (pass1 === undefined) {
    const hashing =
      reader.file !== undefined && bounds !== undefined && workers > 0
        ? { upTo: bounds[1], outcome: hashInWorkers(reader.file, bounds[0], bounds[1], workers) }
        : undefined
    pass1 = await streamsPass(input, reader, page, hashing)
    // Workers unavailable here: the same pass on this thread alone.
    if (pass1 === undefined) pass1 = (await streamsPass(input, reader, page, undefined)) as StreamsPass
  }
  if (pass1.failure) return yield pass1.failure
  const { streams, seen, treeVerified } = pass1
  const heads = await reader.heads()
  for (const [streamId, headVersion, headHash] of heads) {
    const s = streams.get(streamId)
    if (!s || s.version !== Number(headVersion) || s.hash !== headHash) {
      return yield fail(
        'stream.head',
        `the stream head says version ${headVersion}, the events end at version ${s?.version ?? 0}: events were removed from its tail`,
        streamId,
      )
    }
  }
  const headIds = new Set(heads.map((h) => h[0]))
  for (const [id, s] of [...streams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!headIds.has(id)) {
      return yield fail('stream.head', 'events exist for a stream with no head row', id)
    }
    yield pass('stream', `versions 1–${s.version}: every hash recomputes and the chain is intact`, id)
  }
  yield pass('streams', `${streams.size} streams, ${seen} events`)

  // 2. The tree. The quick check during the pass above covers all of it when all is well;
  // otherwise the checks below run, and name what is wrong.
  let n = pass1.n
  if (!treeVerified) {
    n = 0
    // 2a. Leaves: contiguous, each the leaf of its event's verified hash, in commit order.
    let lastPosition = Number.MIN_SAFE_INTEGER
    for (;;) {
      // Each leaf with its event (if it still exists), in one query per page.
      const joined = await db
        .selectFrom('ledger_leaves as l')
        .leftJoin('events as e', 'e.event_id', 'l.event_id')
        .select(['l.ledger_index', 'l.event_id', 'l.position', 'l.leaf_hash', 'e.hash', 'e.position as event_position'])
        .where('l.ledger_index', '>=', n)
        .orderBy('l.ledger_index')
        .limit(page)
        .execute()
      const leaves = joined.map((r) => ({
        ledgerIndex: Number(r.ledger_index),
        eventId: r.event_id,
        position: Number(r.position),
        leafHash: r.leaf_hash,
      }))
      const events = new Map<string, { hash: string; position: number }>()
      for (const r of joined)
        if (r.hash !== null) events.set(r.event_id, { hash: r.hash, position: Number(r.event_position) })
      for (const l of leaves) {
        const subject = `leaf ${l.ledgerIndex} (${l.eventId})`
        if (l.ledgerIndex !== n) {
          return yield fail(
            'tree.leaves',
            `expected ledger index ${n}, found ${l.ledgerIndex}: a leaf is missing`,
            subject,
          )
        }
        const e = events.get(l.eventId)
        if (!e)
          return yield fail('tree.leaves', 'the tree holds a leaf whose event is gone: an event was deleted', subject)
        if (l.leafHash !== toHex(leafHash(e.hash))) {
          return yield fail('tree.leaves', 'the stored leaf is not the leaf of the event’s hash', subject)
        }
        if (l.position !== e.position) {
          return yield fail(
            'tree.order',
            `the leaf records position ${l.position}, the event has ${e.position}`,
            subject,
          )
        }
        if (e.position <= lastPosition) {
          return yield fail(
            'tree.order',
            `position ${e.position} is not after the previous leaf's ${lastPosition}: an event was inserted into the tree with a forged position`,
            subject,
          )
        }
        lastPosition = e.position
        n++
      }
      if (leaves.length) progress(`tree: ${n} leaves checked`)
      if (leaves.length < page) break
    }
    const skipped = await db
      .selectFrom('events')
      .select(['event_id', 'position'])
      .where('position', '<=', lastPosition)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ledger_leaves')
              .select('ledger_index')
              .whereRef('ledger_leaves.event_id', '=', 'events.event_id'),
          ),
        ),
      )
      .orderBy('position')
      .limit(1)
      .executeTakeFirst()
    if (skipped) {
      return yield fail(
        'tree.leaves',
        `committed at position ${skipped.position} but not in the tree: the ledger skipped it`,
        skipped.event_id,
      )
    }
  }
  const pending = seen - n
  yield pass(
    'tree.leaves',
    `${n} leaves, contiguous, in commit order, each the leaf of its event${pending > 0 ? `; ${pending} later events are not sequenced yet` : ''}`,
  )
  if (treeVerified) {
    for (let level = 0; 2 ** level <= Math.max(n, 1); level++) {
      const expected = Math.floor(n / 2 ** level)
      const how = level === 0 ? 'equal to the verified leaves' : 'recomputed from the level below'
      if (expected > 0) yield pass('tree.nodes', `level ${level}: ${expected} nodes ${how}`)
    }
  } else {
    const stats = await nodeLevelStats(db)
    // 2b. Nodes, level by level: level 0 are the leaves, level L the hash of two nodes of L − 1.
    for (let level = 0; 2 ** level <= Math.max(n, 1); level++) {
      const expected = Math.floor(n / 2 ** level)
      const st = stats.find((s) => s.level === level)
      const count = st?.count ?? 0
      if (count !== expected || (count > 0 && (st?.min !== 0 || st?.max !== count - 1))) {
        return yield fail('tree.nodes', `level ${level} has ${count} nodes, a tree of ${n} leaves has ${expected}`)
      }
      for (let from = 0; from < expected; from += page) {
        const rows = await readNodeLevelPage(db, level, from, page)
        if (level === 0) {
          const leaves = await readLeavesPage(db, from, page)
          for (const [i, r] of rows.entries()) {
            if (r.hash !== leaves[i]?.leafHash)
              return yield fail('tree.nodes', 'the stored node differs from the leaf', `node (0, ${r.index})`)
          }
        } else {
          const below = await readNodeLevelPage(db, level - 1, 2 * from, 2 * page)
          for (const [i, r] of rows.entries()) {
            const left = below[2 * i]
            const right = below[2 * i + 1]
            if (!left || !right || r.hash !== toHex(nodeHash(fromHex(left.hash), fromHex(right.hash)))) {
              return yield fail(
                'tree.nodes',
                'the stored node is not the hash of its two children',
                `node (${level}, ${r.index})`,
              )
            }
          }
        }
      }
      if (expected > 0) {
        const how = level === 0 ? 'equal to the verified leaves' : 'recomputed from the level below'
        yield pass('tree.nodes', `level ${level}: ${expected} nodes ${how}`)
      }
    }
    const beyond = stats.find((s) => 2 ** s.level > Math.max(n, 1))
    if (beyond)
      return yield fail('tree.nodes', `level ${beyond.level} has ${beyond.count} nodes, beyond a tree of ${n} leaves`)
  }

  // 3. Checkpoints: signature, root against the verified nodes, consistency with the previous.
  // Every node was recomputed from the verified leaves above, so reading them now is safe. A
  // server signs a checkpoint per sequencing batch (up to one a second), so a database holds many:
  // the nodes are read once for a page of them (consecutive checkpoints share most of theirs).
  const nodes = new NodeCache(db)
  const verifiedNodes = (ids: ReadonlyArray<NodeId>) => nodes.get(ids)
  let previous: Checkpoint | undefined
  let checkpoints = 0
  let afterSize = -1
  for (;;) {
    const rows = await readCheckpointsPage(db, afterSize, page)
    await nodes.prefetch(checkpointNodes(rows, previous?.size, n))
    for (const row of rows) {
      const subject = `checkpoint ${row.treeSize}`
      let cp: Checkpoint
      try {
        cp = input.key ? verifyCheckpoint(row.note, input.key) : parseCheckpoint(parseNote(row.note).text)
      } catch (e) {
        return yield fail(
          'checkpoint.signature',
          `does not verify with the supplied key: ${(e as Error).message}`,
          subject,
        )
      }
      if (cp.size !== row.treeSize || toHex(cp.rootHash) !== row.rootHash) {
        return yield fail('checkpoint.columns', 'the stored size or root differs from the signed note', subject)
      }
      if (cp.size > n) {
        return yield fail(
          'checkpoint.root',
          `signed for ${cp.size} leaves, the tree has ${n}: leaves were removed`,
          subject,
        )
      }
      const root = rootFrom(cp.size, await verifiedNodes(rootNodes(cp.size)))
      if (!bytesEqual(root, cp.rootHash)) {
        return yield fail(
          'checkpoint.root',
          'the signed root differs from the root of the stored tree: the tree was rewritten',
          subject,
        )
      }
      if (previous && previous.size > 0 && previous.size < cp.size) {
        const proof = consistencyProof(
          previous.size,
          cp.size,
          await verifiedNodes(consistencyProofNodes(previous.size, cp.size)),
        )
        const why = consistencyProofError(previous.size, cp.size, previous.rootHash, cp.rootHash, proof)
        if (why !== undefined)
          return yield fail(
            'checkpoint.consistency',
            `not consistent with checkpoint ${previous.size}: ${why}`,
            subject,
          )
      }
      yield pass(
        'checkpoint',
        `root ${toBase64(cp.rootHash)} ${input.key ? 'signed by the supplied key' : '(signature NOT checked: no --key)'}, matches the tree${previous ? `, extends checkpoint ${previous.size}` : ''}`,
        subject,
      )
      previous = cp
      afterSize = row.treeSize
      checkpoints++
    }
    if (rows.length < page) break
  }
  if (previous === undefined && n > 0) return yield fail('checkpoints', `${n} leaves but no signed checkpoint`)
  if (previous !== undefined && previous.size < n) {
    return yield fail('checkpoints', `leaves ${previous.size}–${n - 1} are covered by no signed checkpoint`)
  }

  // 4. A checkpoint the auditor saved earlier.
  if (input.since !== undefined) {
    if (!input.key) return yield fail('since.signature', '--since needs --key')
    let saved: Checkpoint
    try {
      saved = verifyCheckpoint(input.since, input.key)
    } catch (e) {
      return yield fail(
        'since.signature',
        `the saved checkpoint does not verify with the supplied key: ${(e as Error).message}`,
      )
    }
    if (saved.size > n) {
      return yield fail(
        'since.consistency',
        `the saved checkpoint covers ${saved.size} leaves, the database only ${n}: the tail of the log was removed`,
      )
    }
    const root = rootFrom(saved.size, await verifiedNodes(rootNodes(saved.size)))
    if (!bytesEqual(root, saved.rootHash)) {
      return yield fail(
        'since.consistency',
        `the tree's first ${saved.size} leaves do not have the saved root: the log's history was rewritten`,
      )
    }
    yield pass('since.consistency', `the saved checkpoint of size ${saved.size} is a prefix of this tree`)
  }

  yield pass(
    'database.verified',
    `${streams.size} streams and ${n} leaves verified; ${checkpoints} checkpoints ${input.key ? 'signed by the supplied key' : '(signatures not checked)'} match the tree`,
  )
}
