// `decision-trail rebuild-projections`: every read model derived from the events, rebuilt by
// replaying each stream in version order — the stream heads' state snapshots, `decisions`,
// `decision_access`, the compliance projection (evaluated, like the inline projection, as of each
// stream's last recordedAt) and the directory tables. Rebuilding equals the inline result
// (test/projections/rebuild.test.ts). Run it with no writer active: a decision appended to while
// it runs is projected again by its next append.
import type { CompiledQuery } from 'kysely'
import { type DecisionState, evolve, initialState } from '../domain/decision-state'
import type { StoredEvent } from '../domain/envelope'
import { writeCompliance } from '../projections/compliance'
import { projectDecision } from '../projections/decisions'
import { projectDirectoryEvent } from '../projections/directory'
import { complianceRowsFor } from './compliance-projection'
import type { AppDeps } from './deps'

export interface RebuildSummary {
  decisions: number
  directoryStreams: number
  events: number
}

/** The decision state an append would have left after these events (initiation through evolve). */
export function replayDecision(deps: AppDeps, events: readonly StoredEvent[]): DecisionState | undefined {
  const [first, ...rest] = events
  if (first?.type !== 'DecisionInitiated') return undefined
  let state = initialState(first)
  if (state.rulebook === undefined) state.rulebook = deps.config.defaultRulebook
  const typeOf = new Map([[first.eventId, first.type]])
  for (const e of rest) {
    const corrected =
      e.type === 'EventCorrected'
        ? typeOf.get(String((e.data as { correctsEventId?: unknown }).correctsEventId))
        : undefined
    state = evolve(state, e, corrected)
    typeOf.set(e.eventId, e.type)
  }
  return state
}

const stateUpdate = (deps: AppDeps, streamId: string, version: number, state: unknown): CompiledQuery =>
  deps.store.db
    .updateTable('streams')
    .set({ state: JSON.stringify(state) })
    .where('stream_id', '=', streamId)
    .where('version', '=', version)
    .compile()

/** The writes that project one decision's stream (none for a stream that is not a decision). */
async function decisionWrites(
  deps: AppDeps,
  streamId: string,
  events: readonly StoredEvent[],
): Promise<CompiledQuery[]> {
  const state = replayDecision(deps, events)
  const last = events.at(-1)
  if (!state || !last) return []
  const rows = await complianceRowsFor(deps, state, events, last.recordedAt)
  return [
    stateUpdate(deps, streamId, last.version, state),
    ...projectDecision(deps.store.db, state, undefined),
    ...writeCompliance(deps.store.db, rows),
  ]
}

async function rebuildDecision(deps: AppDeps, streamId: string): Promise<number> {
  const events = await deps.store.readStream(streamId)
  const queries = await decisionWrites(deps, streamId, events)
  if (queries.length === 0) return 0
  await deps.store.backend.atomic(queries)
  return events.length
}

/** The events of `ids` (consecutive in stream-id order) in one query, by stream. */
async function readStreams(deps: AppDeps, ids: readonly string[]): Promise<Map<string, StoredEvent[]>> {
  const streams = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]))
  const first = ids[0]
  const last = ids.at(-1)
  if (first === undefined || last === undefined) return streams
  for (const e of await deps.store.readStreamRange(first, last)) streams.get(e.decisionId)?.push(e)
  return streams
}

async function rebuildDirectory(deps: AppDeps, streamIds: readonly string[]): Promise<number> {
  const { db } = deps.store
  const queries: CompiledQuery[] = [
    db.deleteFrom('positions').compile(),
    db.deleteFrom('people').compile(),
    db.deleteFrom('organizations').compile(),
  ]
  let count = 0
  for (const id of streamIds) {
    const events = await deps.store.readStream(id)
    const last = events.at(-1)
    if (!last) continue
    count += events.length
    for (const e of events) queries.push(...projectDirectoryEvent(db, e))
    queries.push(stateUpdate(deps, id, last.version, { events: events.length }))
  }
  await deps.store.backend.atomic(queries)
  return count
}

/** Decisions read per query and written per round of commits. */
const REBUILD_CHUNK = 128

export async function rebuildProjections(
  deps: AppDeps,
  progress?: (done: number, total: number) => void,
  opts: { chunk?: number } = {},
): Promise<RebuildSummary> {
  const size = Math.max(1, opts.chunk ?? REBUILD_CHUNK)
  const { db } = deps.store
  const streams = await db.selectFrom('streams').select(['stream_id', 'kind']).orderBy('stream_id').execute()
  const decisions = streams.filter((s) => s.kind === 'decision').map((s) => s.stream_id)
  const directories = streams.filter((s) => s.kind === 'directory').map((s) => s.stream_id)
  let events = await rebuildDirectory(deps, directories)
  // The directory does not move during a rebuild (no writer runs): read it once, not once per decision.
  const directory = await deps.directory.get(deps)
  const pinned: AppDeps = { ...deps, directory: { get: async () => directory } }
  let done = 0
  // A chunk of decisions is read in one query (not one per stream), evaluated, and its decisions'
  // units handed to the backend together: each decision stays its own unit, and units written
  // together share a commit (SQLite group commit; PostgreSQL spreads them over its connections).
  for (let from = 0; from < decisions.length; from += size) {
    const ids = decisions.slice(from, from + size)
    const chunk = await readStreams(deps, ids)
    const writes: Array<Promise<unknown>> = []
    for (const id of ids) {
      const stream = chunk.get(id) ?? []
      const queries = await decisionWrites(pinned, id, stream)
      if (queries.length > 0) {
        events += stream.length
        writes.push(deps.store.backend.atomic(queries))
      }
    }
    await Promise.all(writes)
    for (let i = 0; i < ids.length; i++) progress?.(++done, decisions.length)
  }
  // Rows of streams that no longer exist (a restored or hand-edited database) go.
  const known = db.selectFrom('streams').select('stream_id').where('kind', '=', 'decision')
  await deps.store.backend.atomic([
    db.deleteFrom('decision_access').where('decision_id', 'not in', known).compile(),
    db.deleteFrom('decision_obligations').where('decision_id', 'not in', known).compile(),
    db.deleteFrom('decision_findings').where('decision_id', 'not in', known).compile(),
    db.deleteFrom('decision_compliance').where('decision_id', 'not in', known).compile(),
    db.deleteFrom('decisions').where('decision_id', 'not in', known).compile(),
  ])
  if (decisions.length === 0) progress?.(0, 0)
  return { decisions: decisions.length, directoryStreams: directories.length, events }
}

/**
 * Projects the decisions that have no compliance row yet (a database created before the compliance
 * projection existed). Cheap when there are none: one indexed query.
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
  let done = 0
  for (const { stream_id: id } of missing) {
    await rebuildDecision(deps, id)
    progress?.(++done, missing.length)
  }
  return missing.length
}
