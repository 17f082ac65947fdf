// `decision-trail rebuild-projections`: every read model derived from the events, rebuilt by
// replaying each stream in version order — the stream heads' state snapshots, `decisions`,
// `decision_access`, the compliance projection (evaluated as of the rebuild's start, or of the
// stream's last recordedAt where that is later: rebuildInstant) and the directory tables.
// Rebuilding equals the inline result brought to the rebuild's instant as the refresh of passed
// deadlines would bring it (test/projections/rebuild.test.ts, rebuild-bulk.test.ts). It is one
// transaction (on SQLite and PostgreSQL): run it with no writer active. Appends from another
// process wait for it; on SQLite, a unit submitted in this process while it runs is refused
// (store/sqlite.ts), never mixed in.
import { type CompiledQuery, type Kysely, sql } from 'kysely'
import type { StoredEvent } from '../domain/envelope'
import { writeCompliance } from '../projections/compliance'
import { projectDecision } from '../projections/decisions'
import { projectDirectoryEvent } from '../projections/directory'
import { type Dialect, MAX_BOUND_PARAMETERS } from '../store/backend'
import { readStreamRangeVia } from '../store/event-store'
import type { Database } from '../store/schema'
import { complianceRowsFor } from './compliance-projection'
import type { AppDeps } from './deps'
import {
  chunkQueries,
  DECISION_TABLES,
  evaluateChunk,
  type PackedChunk,
  rebuildInstant,
  replayDecision,
} from './rebuild-chunk'
import { RebuildPool, rebuildWorkerCount } from './rebuild-workers'

export interface RebuildSummary {
  decisions: number
  directoryStreams: number
  events: number
  /** Worker threads that evaluated decisions (0: all were evaluated on the writing thread). */
  threads: number
  /** The instant the decisions were evaluated as of (rebuildInstant: a later last event aside). */
  at: string
}

const stateUpdate = (deps: AppDeps, streamId: string, version: number, state: unknown): CompiledQuery =>
  deps.store.db
    .updateTable('streams')
    .set({ state: JSON.stringify(state) })
    .where('stream_id', '=', streamId)
    .where('version', '=', version)
    .compile()

/** The writes that project one decision's stream as of `at` (none for a stream not a decision's). */
async function decisionWrites(
  deps: AppDeps,
  streamId: string,
  events: readonly StoredEvent[],
  at: string,
): Promise<CompiledQuery[]> {
  const state = replayDecision(deps, events)
  const last = events.at(-1)
  if (!state || !last) return []
  const rows = await complianceRowsFor(deps, state, events, rebuildInstant(at, last.recordedAt))
  return [
    stateUpdate(deps, streamId, last.version, state),
    ...projectDecision(deps.store.db, state, undefined),
    ...writeCompliance(deps.store.db, rows),
  ]
}

async function rebuildDecision(deps: AppDeps, streamId: string, at: string): Promise<number> {
  const events = await deps.store.readStream(streamId)
  const queries = await decisionWrites(deps, streamId, events, at)
  if (queries.length === 0) return 0
  await deps.store.backend.atomic(queries)
  return events.length
}

/** The events of `ids` (consecutive in stream-id order), by stream, in one query through `db`. */
async function readStreamsVia(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, StoredEvent[]>> {
  const streams = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]))
  const first = ids[0]
  const last = ids.at(-1)
  if (first === undefined || last === undefined) return streams
  for (const e of await readStreamRangeVia(db, first, last)) streams.get(e.decisionId)?.push(e)
  return streams
}

/** The directory tables' writes, replayed from the directory streams, and how many events that was. */
async function directoryWrites(
  deps: AppDeps,
  read: Kysely<Database>,
  streamIds: readonly string[],
): Promise<{ queries: CompiledQuery[]; events: number }> {
  const { db } = deps.store
  const queries: CompiledQuery[] = [
    db.deleteFrom('positions').compile(),
    db.deleteFrom('people').compile(),
    db.deleteFrom('organizations').compile(),
  ]
  let events = 0
  for (const id of streamIds) {
    const stream = await readStreamRangeVia(read, id, id)
    const last = stream.at(-1)
    if (!last) continue
    events += stream.length
    for (const e of stream) queries.push(...projectDirectoryEvent(db, e))
    queries.push(stateUpdate(deps, id, last.version, { events: stream.length }))
  }
  return { queries, events }
}

/**
 * SQLite's page cache during a rebuild, in KiB. Its indexes take rows at scattered places (organ
 * and date, valid_until), and with the default 2 MB the same pages are spilled to the WAL again
 * and again inside the one long transaction.
 */
const SQLITE_REBUILD_CACHE_KIB = 256 * 1024

/** Enlarges the SQLite page cache for the rebuild; returns what puts the previous size back. */
async function largerCache(db: Kysely<Database>): Promise<() => Promise<void>> {
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db)
  const previous = Number(rows[0]?.cache_size)
  // Negative: KiB; positive: pages (of 4 KiB by default, at most 64 KiB).
  const kib = previous < 0 ? -previous : previous * 64
  if (!Number.isSafeInteger(previous) || kib >= SQLITE_REBUILD_CACHE_KIB) return async () => undefined
  await sql.raw(`pragma cache_size = -${SQLITE_REBUILD_CACHE_KIB}`).execute(db)
  return async () => {
    await sql.raw(`pragma cache_size = ${previous}`).execute(db)
  }
}

/**
 * Where a rebuild reads and writes. SQLite and PostgreSQL: one transaction for the whole rebuild,
 * so readers see the previous read models until it commits, and a failure (or a crash) leaves them
 * as they were. D1 has no interactive transaction: each chunk is one batch(), the first one also
 * emptying the tables, so a failure there leaves the chunks already written (run it again).
 */
async function withTarget<T>(
  deps: AppDeps,
  work: (read: Kysely<Database>, write: (queries: readonly CompiledQuery[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  const { backend } = deps.store
  if (backend.dialect === 'd1')
    return work(backend.db, async (queries) => {
      if (queries.length) await backend.atomic(queries)
    })
  const restore = backend.dialect === 'sqlite' ? await largerCache(backend.db) : undefined
  try {
    return await backend.db.transaction().execute((trx) =>
      work(trx, async (queries) => {
        for (const q of queries) await trx.executeQuery(q)
      }),
    )
  } finally {
    await restore?.()
  }
}

/** Decisions read per query and written per statement round. */
const REBUILD_CHUNK = 128

/** Bound parameters per statement by backend: D1 refuses more than 100; the others take many more. */
const MAX_PARAMETERS: Record<Dialect, number> = { sqlite: 1000, postgres: 1000, d1: MAX_BOUND_PARAMETERS }

export interface RebuildOptions {
  /** Decisions read and written together (default 128). */
  chunk?: number
  /** Bound parameters per statement (default by backend; never above D1's limit on D1). */
  maxParameters?: number
  /** Evaluation threads on a SQLite file (default: one per core from 5,000 decisions; 0: none). */
  workers?: number
}

/** The file behind a SQLite database; undefined in memory (or on another backend). */
async function sqliteFile(deps: AppDeps, read: Kysely<Database>): Promise<string | undefined> {
  if (deps.store.backend.dialect !== 'sqlite') return undefined
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(read)
  return rows.find((r) => r.name === 'main')?.file || undefined
}

/** Chunks evaluated ahead of the one being written, per worker. */
const AHEAD_PER_WORKER = 2

interface ChunkEvaluator {
  evaluate(ids: string[]): Promise<PackedChunk>
  /** How many chunks to have under evaluation at once. */
  ahead: number
  /** Worker threads that evaluated chunks so far. */
  threads(): number
  close(): Promise<void>
}

/**
 * Evaluates chunks as of `at` on this thread, reading through `read` (the rebuild's transaction),
 * or in worker threads on a SQLite file. `deps` has its directory view read already.
 */
async function chunkEvaluator(
  deps: AppDeps,
  read: Kysely<Database>,
  at: string,
  decisions: number,
  requested: number | undefined,
): Promise<ChunkEvaluator> {
  const local = async (ids: string[]) => evaluateChunk(deps, ids, await readStreamsVia(read, ids), at)
  const file = await sqliteFile(deps, read)
  const count = file === undefined ? 0 : rebuildWorkerCount(decisions, requested)
  if (file === undefined || count === 0)
    return { evaluate: local, ahead: 1, threads: () => 0, close: async () => undefined }
  const pool = RebuildPool.start(
    {
      file,
      jurisdiction: deps.config.jurisdiction,
      defaultRulebook: deps.config.defaultRulebook,
      rulebooks: deps.rulebooks.documents(),
      at,
    },
    count,
  )
  return {
    evaluate: (ids) => pool.evaluate(ids, () => local(ids)),
    ahead: count * AHEAD_PER_WORKER,
    threads: () => pool.threads,
    close: () => pool.close(),
  }
}

/**
 * Rebuilds every read model from the events: the directory tables, then the decisions' read
 * models, emptied first and written anew as multi-row inserts, chunk by chunk. On SQLite and
 * PostgreSQL all of it is one transaction: a failure leaves the previous read models intact, and
 * readers see them until the commit. On a SQLite file with many decisions, worker threads evaluate
 * the chunks while this thread writes them.
 */
export async function rebuildProjections(
  deps: AppDeps,
  progress?: (done: number, total: number) => void,
  opts: RebuildOptions = {},
): Promise<RebuildSummary> {
  const size = Math.max(1, opts.chunk ?? REBUILD_CHUNK)
  const dialect = deps.store.backend.dialect
  const limit = opts.maxParameters ?? MAX_PARAMETERS[dialect]
  const maxParameters = Math.max(1, dialect === 'd1' ? Math.min(limit, MAX_BOUND_PARAMETERS) : limit)
  // The directory does not move during a rebuild (no writer runs): read once, not per decision,
  // and before the transaction, which then holds the connection Kysely reads through.
  const directory = await deps.directory.get(deps)
  const current: AppDeps = { ...deps, directory: { get: async () => directory } }
  // One instant for every decision: the read models as of the rebuild's start (rebuildInstant).
  const at = deps.clock().toISOString()
  return withTarget(deps, async (read, write) => {
    const { db } = deps.store
    // Emptied first, in the same transaction (on D1, in the first batch).
    let pending: CompiledQuery[] = DECISION_TABLES.map((t) => db.deleteFrom(t).compile())
    if (dialect !== 'd1') {
      await write(pending)
      pending = []
    }
    const streams = await read.selectFrom('streams').select(['stream_id', 'kind']).orderBy('stream_id').execute()
    const decisions = streams.filter((s) => s.kind === 'decision').map((s) => s.stream_id)
    const directories = streams.filter((s) => s.kind === 'directory').map((s) => s.stream_id)
    const dir = await directoryWrites(deps, read, directories)
    pending.push(...dir.queries)
    let events = dir.events
    const chunks: string[][] = []
    for (let from = 0; from < decisions.length; from += size) chunks.push(decisions.slice(from, from + size))
    const evaluator = await chunkEvaluator(current, read, at, decisions.length, opts.workers)
    // Chunks are evaluated ahead (by the workers) and written in order.
    const ahead: Array<Promise<PackedChunk>> = []
    let next = 0
    const fill = () => {
      while (next < chunks.length && ahead.length < evaluator.ahead) {
        const result = evaluator.evaluate(chunks[next++] as string[])
        result.catch(() => undefined) // awaited in turn below; a failure there ends the rebuild
        ahead.push(result)
      }
    }
    let done = 0
    let threads = 0
    try {
      fill()
      for (const ids of chunks) {
        const packed = await (ahead.shift() as Promise<PackedChunk>)
        fill()
        await write([...pending, ...chunkQueries(packed, dialect, maxParameters)])
        pending = []
        events += packed.events
        for (let i = 0; i < ids.length; i++) progress?.(++done, decisions.length)
      }
      threads = evaluator.threads()
    } finally {
      await evaluator.close()
    }
    await write(pending)
    if (decisions.length === 0) progress?.(0, 0)
    return { decisions: decisions.length, directoryStreams: directories.length, events, threads, at }
  })
}

/**
 * Projects the decisions that have no compliance row yet (a database created before the compliance
 * projection existed), as of now as the rebuild does. Cheap when there are none: one indexed query.
 */
export async function backfillProjections(
  deps: AppDeps,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const missing = await deps.store.db
    .selectFrom('streams as s')
    .leftJoin('decision_compliance as c', 'c.decision_id', 's.stream_id')
    .select('s.stream_id')
    .where('s.kind', '=', 'decision')
    .where('c.decision_id', 'is', null)
    .orderBy('s.stream_id')
    .execute()
  const at = deps.clock().toISOString()
  let done = 0
  for (const { stream_id: id } of missing) {
    await rebuildDecision(deps, id, at)
    progress?.(++done, missing.length)
  }
  return missing.length
}
