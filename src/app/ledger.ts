// The ledger service (ledger.md §2–3): one sequencer that gives committed events contiguous
// ledger indexes and appends their leaves to the RFC 9162 tree, signs a checkpoint per batch,
// and answers checkpoints, proofs and witness cosignatures from the stored perfect subtrees.
//
// A sequencing batch is ONE atomic unit (leaves, nodes, state row, checkpoint), so a crash
// leaves either the whole batch or nothing, and the next run resumes from the state row. The
// sequencer refuses — loudly — to sign a tree that is not an append-only extension of the last
// checkpoint it signed. Runs in-process after commits (at most once per `minIntervalMs`) and on
// demand (`sequenceNow`). Does not import deps.ts: AppDeps holds a Ledger, not the reverse.
import type { KeyObject } from 'node:crypto'
import { CompiledQuery, sql } from 'kysely'
import { DomainError } from '../domain/errors'
import { fromHex, toBase64, toHex } from '../ledger/bytes'
import { formatCheckpoint, parseCheckpoint, verifyCosignature } from '../ledger/checkpoint'
import { LedgerError } from '../ledger/errors'
import {
  appendLeaves,
  consistencyProof,
  consistencyProofError,
  consistencyProofNodes,
  inclusionProof,
  inclusionProofNodes,
  leafHash,
  type NodeId,
  nodeKey,
  nodesNeededForBatch,
  rootFrom,
  rootNodes,
} from '../ledger/merkle'
import {
  addSignatureLines,
  formatVerifierKey,
  keyId,
  parseNote,
  parseSignatureLine,
  publicKeyRaw,
  SIG_COSIGNATURE_V1,
  signNote,
  type VerifierKey,
} from '../ledger/note'
import { type Backend, UniqueViolation } from '../store/backend'
import {
  type CheckpointRow,
  type CosignatureRow,
  countCosignatures,
  insertCosignature,
  type LeafRow,
  readCheckpoint,
  readCheckpointsPage,
  readCosignatures,
  readLatestCheckpoint,
  readLeavesByEventIds,
  readLedgerHead,
  readLedgerState,
  readNodes,
  readUnsequenced,
  sequencingUnit,
} from '../store/ledger-store'

export interface LedgerOptions {
  /** The checkpoint origin line, also the signing key's name (C2SP recommendation). */
  origin: string
  signingKey: KeyObject
  /** Witness verifier keys (type 0x04) whose cosignatures POST /v1/ledger/cosignatures accepts. */
  witnessKeys?: readonly VerifierKey[]
  /** Events per sequencing unit (default 2000). */
  batchSize?: number
  /** Least time between two automatic runs (default 1000 ms). */
  minIntervalMs?: number
  /** Where the sequencer reports; a refusal to sign is logged at 'error'. */
  log?: (level: 'info' | 'error', message: string) => void
}

export interface LedgerKeyInfo {
  origin: string
  keyId: string
  /** The note verifier key (vkey): `<origin>+<key id>+<base64(0x01 ‖ public key)>`. */
  verifierKey: string
  /** The raw Ed25519 public key, base64. */
  publicKey: string
}

export interface SequenceResult {
  /** Events given a ledger index by this run. */
  sequenced: number
  treeSize: number
  /** Checkpoints signed by this run. */
  checkpoints: number
}

/** The sequencer will not sign: the stored tree does not extend the last signed checkpoint. */
export class LedgerRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LedgerRefusal'
  }
}

export interface InclusionProof {
  eventId: string
  ledgerIndex: number
  treeSize: number
  leafHash: string
  hashes: string[]
}

export class Ledger {
  readonly origin: string
  private readonly key: KeyObject
  private readonly witnesses: readonly VerifierKey[]
  private readonly batchSize: number
  private readonly minIntervalMs: number
  private readonly log: (level: 'info' | 'error', message: string) => void
  private chain: Promise<unknown> = Promise.resolve()
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastRunAt = 0
  private unsubscribe: (() => void) | undefined
  private stopped = false

  constructor(
    private readonly backend: Backend,
    private readonly clock: () => Date,
    options: LedgerOptions,
  ) {
    this.origin = options.origin
    this.key = options.signingKey
    this.witnesses = options.witnessKeys ?? []
    for (const w of this.witnesses) {
      if (w.type !== SIG_COSIGNATURE_V1) throw new Error(`witness key ${w.name} is not a cosignature/v1 key`)
    }
    this.batchSize = options.batchSize ?? 2000
    this.minIntervalMs = options.minIntervalMs ?? 1000
    this.log = options.log ?? (() => undefined)
    // Fails at start-up, not at the first signature, when the origin cannot be a key name.
    formatVerifierKey(this.origin, publicKeyRaw(this.key))
  }

  private get db() {
    return this.backend.db
  }

  keyInfo(): LedgerKeyInfo {
    const raw = publicKeyRaw(this.key)
    return {
      origin: this.origin,
      keyId: keyId(this.origin, raw),
      verifierKey: formatVerifierKey(this.origin, raw),
      publicKey: toBase64(raw),
    }
  }

  // -------------------------------------------------------------------------------------------
  // Scheduling

  /** Sequences after every commit signal, debounced to at most one run per minIntervalMs. */
  start(commits?: { on(listener: () => void): () => void }): void {
    this.stopped = false
    this.unsubscribe = commits?.on(() => this.schedule())
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    this.unsubscribe = undefined
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.chain.catch(() => undefined)
  }

  private schedule(): void {
    if (this.stopped || this.timer) return
    const wait = Math.max(0, this.lastRunAt + this.minIntervalMs - Date.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.sequenceNow().catch(() => undefined) // already logged
    }, wait)
    this.timer.unref?.()
  }

  /** Sequences everything committed so far; runs are serialized within this process. */
  sequenceNow(): Promise<SequenceResult> {
    const run = this.chain.then(() => this.runAll())
    this.chain = run.catch(() => undefined)
    return run
  }

  /**
   * Sequences everything committed so far without waiting for this instance's other runs, for a
   * runtime where one request may not wait on I/O another request started (Workers: the run
   * chained behind another request's failed with "Cannot perform I/O on behalf of a different
   * request"). Overlapping runs are safe as runs of separate processes are: the one that loses
   * the race for the same indexes writes nothing (runBatch).
   */
  sequenceDetached(): Promise<SequenceResult> {
    return this.runAll()
  }

  private async runAll(): Promise<SequenceResult> {
    this.lastRunAt = Date.now()
    const total: SequenceResult = { sequenced: 0, treeSize: 0, checkpoints: 0 }
    try {
      for (;;) {
        const r = await this.runBatch()
        total.sequenced += r.sequenced
        total.checkpoints += r.checkpoints
        total.treeSize = r.treeSize
        if (r.sequenced < this.batchSize) break
      }
    } catch (e) {
      if (e instanceof LedgerRefusal) {
        this.log('error', `LEDGER: REFUSING TO SIGN. ${e.message}`)
      } else {
        this.log('error', `ledger: sequencing failed: ${e instanceof Error ? e.message : String(e)}`)
      }
      throw e
    }
    if (total.sequenced > 0)
      this.log('info', `ledger: sequenced ${total.sequenced} events; tree size ${total.treeSize}`)
    return total
  }

  /** One atomic sequencing unit: at most batchSize events, their leaves and nodes, a checkpoint. */
  async runBatch(): Promise<SequenceResult> {
    // One read for both: separate reads could straddle another sequencer's commit.
    const state = await readLedgerHead(this.db)
    const m = state.nextIndex
    const end = state.leavesEnd
    if (end !== m) {
      throw new LedgerRefusal(
        `ledger_state says the next index is ${m} but the stored leaves end at ${end}; the tree was edited outside the sequencer`,
      )
    }
    // No position above the feed horizon: one still in flight below it would be skipped for good.
    const horizon = await this.backend.feedHorizon?.()
    const events = await readUnsequenced(this.db, state.lastPosition, this.batchSize, horizon)
    const latest = await readLatestCheckpoint(this.db)
    if (events.length === 0 && latest !== undefined) return { sequenced: 0, treeSize: m, checkpoints: 0 }

    const n = m + events.length
    const leaves = events.map((e) => leafHash(e.hash))
    const previous = latest ? this.previousHead(latest) : undefined
    if (previous && previous.size > n) {
      throw new LedgerRefusal(`the last checkpoint has tree size ${previous.size} but the tree has only ${n} leaves`)
    }
    const wanted: NodeId[] = [
      ...nodesNeededForBatch(m, events.length),
      ...rootNodes(n),
      ...(previous && previous.size > 0 ? consistencyProofNodes(previous.size, n) : []),
    ]
    const nodes = await readNodeMap(this.db, wanted)
    let fresh: ReturnType<typeof appendLeaves>
    let root: Uint8Array
    try {
      fresh = appendLeaves(m, leaves, (level, index) => {
        const h = nodes.get(nodeKey(level, index))
        if (h === undefined) throw new LedgerError('missing-node', `node (level ${level}, index ${index}) is missing`)
        return h
      })
      for (const f of fresh) nodes.set(nodeKey(f.level, f.index), f.hash)
      root = rootFrom(n, nodes)
      if (previous && previous.size > 0) {
        const why = consistencyProofError(
          previous.size,
          n,
          previous.root,
          root,
          consistencyProof(previous.size, n, nodes),
        )
        if (why !== undefined) {
          throw new LedgerRefusal(
            `tree size ${n} would not be an append-only extension of the signed checkpoint of size ${previous.size}: ${why}`,
          )
        }
      }
    } catch (e) {
      if (e instanceof LedgerError) throw new LedgerRefusal(`the stored tree is damaged: ${e.message}`)
      throw e
    }

    const at = this.clock().toISOString()
    const note = signNote(formatCheckpoint({ origin: this.origin, size: n, rootHash: root }), this.origin, this.key)
    const unit = sequencingUnit(this.db, {
      fromIndex: m,
      toIndex: n,
      lastPosition: events.at(-1)?.position ?? state.lastPosition,
      leaves: events.map((e, i) => ({
        ledgerIndex: m + i,
        eventId: e.eventId,
        position: e.position,
        leafHash: toHex(leaves[i]!),
      })),
      nodes: fresh.map((f) => ({ level: f.level, index: f.index, hash: toHex(f.hash) })),
      checkpoint: { treeSize: n, rootHash: toHex(root), note, signedAt: at },
      at,
    })
    try {
      await this.backend.atomic(unit)
    } catch (e) {
      // Another sequencer (another process) took these indexes first: nothing was written here.
      if (e instanceof UniqueViolation && e.table.startsWith('ledger_')) {
        return { sequenced: 0, treeSize: (await readLedgerState(this.db)).nextIndex, checkpoints: 0 }
      }
      throw e
    }
    return { sequenced: events.length, treeSize: n, checkpoints: 1 }
  }

  /** The tree head the last checkpoint signed, read from its signed text (not the columns). */
  private previousHead(row: CheckpointRow): { size: number; root: Uint8Array } {
    let head: { size: number; rootHash: Uint8Array }
    try {
      head = parseCheckpoint(parseNote(row.note).text)
    } catch (e) {
      throw new LedgerRefusal(`the stored checkpoint of size ${row.treeSize} does not parse: ${(e as Error).message}`)
    }
    if (head.size !== row.treeSize || toHex(head.rootHash) !== row.rootHash) {
      throw new LedgerRefusal(`the stored checkpoint of size ${row.treeSize} disagrees with its own signed text`)
    }
    return { size: head.size, root: head.rootHash }
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  async treeSize(): Promise<number> {
    return (await readLedgerState(this.db)).nextIndex
  }

  latestCheckpoint(): Promise<CheckpointRow | undefined> {
    return readLatestCheckpoint(this.db)
  }

  /** The latest checkpoint, signing the first one (possibly of the empty tree) if none exists. */
  async ensureCheckpoint(): Promise<CheckpointRow> {
    const latest = await readLatestCheckpoint(this.db)
    if (latest) return latest
    await this.sequenceNow().catch(unavailable)
    return (await readLatestCheckpoint(this.db)) ?? unavailable(new Error('no checkpoint was signed'))
  }

  checkpoint(treeSize: number): Promise<CheckpointRow | undefined> {
    return readCheckpoint(this.db, treeSize)
  }

  listCheckpoints(after: number, limit: number): Promise<CheckpointRow[]> {
    return readCheckpointsPage(this.db, after, limit)
  }

  /** How many witness cosignatures each listed checkpoint has, in one query per 90 sizes. */
  cosignatureCounts(treeSizes: readonly number[]): Promise<Map<number, number>> {
    return countCosignatures(this.db, treeSizes)
  }

  /** The signed note with the stored witness cosignature lines appended. */
  async servedNote(row: CheckpointRow): Promise<string> {
    const lines = (await readCosignatures(this.db, row.treeSize)).map((c) => c.line)
    return lines.length ? addSignatureLines(row.note, lines) : row.note
  }

  /** Leaves of the given events, sequencing first when any of them is not in the tree yet. */
  async leavesSequencing(eventIds: readonly string[]): Promise<Map<string, LeafRow>> {
    let found = await readLeavesByEventIds(this.db, eventIds)
    if (found.size < new Set(eventIds).size) {
      await this.sequenceNow().catch(unavailable)
      found = await readLeavesByEventIds(this.db, eventIds)
    }
    return found
  }

  /** The latest checkpoint, sequencing first when it does not cover `ledgerIndex`. */
  async checkpointCovering(ledgerIndex: number): Promise<CheckpointRow> {
    let cp = await this.ensureCheckpoint()
    if (cp.treeSize <= ledgerIndex) {
      await this.sequenceNow().catch(unavailable)
      cp = await this.ensureCheckpoint()
    }
    if (cp.treeSize <= ledgerIndex) unavailable(new Error(`no checkpoint covers ledger index ${ledgerIndex}`))
    return cp
  }

  /** Inclusion proofs (hex hashes) of several leaves against one tree size, in one node read. */
  async inclusionProofs(indexes: readonly number[], treeSize: number): Promise<Map<number, string[]>> {
    const ids = indexes.flatMap((i) => inclusionProofNodes(i, treeSize))
    const nodes = await readNodeMap(this.db, ids)
    return new Map(indexes.map((i) => [i, inclusionProof(i, treeSize, nodes).map(toHex)]))
  }

  async consistencyProof(from: number, to: number): Promise<string[]> {
    if (from === 0 || from === to) return []
    return consistencyProof(from, to, await readNodeMap(this.db, consistencyProofNodes(from, to))).map(toHex)
  }

  // -------------------------------------------------------------------------------------------
  // Witness cosignatures

  /**
   * Verifies tlog-cosignature/v1 lines against the stored checkpoint of `treeSize` and the
   * configured witness keys, then stores them (all or none). A line already stored is no error.
   */
  /**
   * Verifies and stores witnesses' cosignature lines for a stored checkpoint (a line already
   * stored is kept as it was). `also` adds queries to the same atomic unit, given the response
   * (an Idempotency-Key record).
   */
  async addCosignatures(
    treeSize: number,
    lines: readonly string[],
    also: (response: CosignaturesStored) => CompiledQuery[] = () => [],
  ): Promise<CosignaturesStored> {
    const row = await readCheckpoint(this.db, treeSize)
    if (!row) throw new DomainError('not-found', `No checkpoint of tree size ${treeSize}.`)
    const body = parseNote(row.note).text
    const at = this.clock().toISOString()
    const rows: CosignatureRow[] = []
    for (const [i, raw] of lines.entries()) {
      const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw
      let sig: { name: string; keyId: string }
      try {
        sig = parseSignatureLine(line)
      } catch (e) {
        throw new DomainError('cosignature-invalid', `Line ${i + 1} is not a signature line.`, [
          { path: ['cosignatures', i], message: (e as Error).message },
        ])
      }
      const witness = this.witnesses.find((w) => w.name === sig.name && w.keyId === sig.keyId)
      if (!witness) {
        throw new DomainError(
          'unknown-witness',
          `No configured witness ${sig.name} with key ${sig.keyId} (LEDGER_WITNESS_KEYS).`,
          [{ path: ['cosignatures', i], message: 'not a configured witness key' }],
        )
      }
      try {
        const c = verifyCosignature(line, body, witness)
        rows.push({ treeSize, name: c.name, keyId: c.keyId, line, cosignedAt: c.timestamp, receivedAt: at })
      } catch (e) {
        throw new DomainError(
          'cosignature-invalid',
          `The cosignature of ${sig.name} does not verify over the checkpoint of size ${treeSize}.`,
          [{ path: ['cosignatures', i], message: (e as Error).message }],
        )
      }
    }
    const response = {
      treeSize,
      cosignatures: rows.map((r) => ({ name: r.name, keyId: r.keyId, timestamp: r.cosignedAt })),
    }
    const queries = [...rows.map((r) => insertCosignature(this.db, r)), ...also(response)]
    if (queries.length) await this.backend.atomic(queries)
    return response
  }
}

/** What POST /v1/ledger/cosignatures answers: the lines stored by this request. */
export interface CosignaturesStored {
  treeSize: number
  cosignatures: Array<{ name: string; keyId: string; timestamp: number }>
}

/** The listed stored nodes as merkle.ts takes them (absent ones are simply missing). */
export async function readNodeMap(
  db: Backend['db'],
  ids: ReadonlyArray<{ level: number; index: number }>,
): Promise<Map<string, Uint8Array>> {
  // A proof's few dozen nodes span every level: one query for all of them, not one per level.
  if (ids.length > 0 && ids.length <= FEW_NODES) {
    // The query's text depends only on how many nodes it names: compiled once per count (in the
    // database's own dialect), the builder would otherwise cost more than the lookup itself.
    const texts = nodeQueries.get(db) ?? new Map<number, string>()
    nodeQueries.set(db, texts)
    let text = texts.get(ids.length)
    if (text === undefined) {
      const terms = ids.map(({ level, index }) => sql`(level = ${level} and idx = ${index})`)
      text = sql`select level, idx, hash from ledger_nodes where ${sql.join(terms, sql` or `)}`.compile(db).sql
      texts.set(ids.length, text)
    }
    const params = ids.flatMap(({ level, index }) => [level, index])
    const { rows } = await db.executeQuery<{ level: number; idx: number; hash: string }>(
      CompiledQuery.raw(text, params),
    )
    return new Map(rows.map((r) => [nodeKey(Number(r.level), Number(r.idx)), fromHex(r.hash)]))
  }
  return new Map((await readNodes(db, ids)).map((r) => [nodeKey(r.level, r.index), fromHex(r.hash)]))
}

/** At most this many (level, index) pairs in one query: two parameters each, within D1's 100. */
const FEW_NODES = 48
/** Per database (each has its dialect): the query text for each count of nodes. */
const nodeQueries = new WeakMap<object, Map<number, string>>()

function unavailable(e: unknown): never {
  throw new DomainError(
    'ledger-unavailable',
    `The ledger could not sequence the latest events: ${e instanceof Error ? e.message : String(e)}`,
  )
}
