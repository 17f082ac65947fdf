// One chunk of a rebuild (rebuild.ts): decisions' streams replayed and evaluated into the rows of
// their read models, packed as flat runs per table. The same code runs on the writing thread and in
// the rebuild workers (rebuild-job.ts), so both write exactly the rows the inline projection, and
// then the refresh of a passed deadline, would have left (rebuildInstant).
import type { CompiledQuery } from 'kysely'
import { type DecisionState, evolve, initialState } from '../domain/decision-state'
import type { StoredEvent } from '../domain/envelope'
import {
  appendRuns,
  insertRuns,
  type Row,
  type RowRun,
  type StreamState,
  updateStreamStates,
} from '../projections/bulk'
import { accessRows, decisionRow } from '../projections/decisions'
import type { Dialect } from '../store/backend'
import { complianceRowsFor } from './compliance-projection'
import type { AppDeps } from './deps'

/**
 * An initiation (or a correction of it) that names no rulebook is under the configured default
 * (rules.md §1): the state records which, as every append and the rebuild leave it.
 */
export function withDefaultRulebook(deps: AppDeps, state: DecisionState): DecisionState {
  if (state.rulebook === undefined) state.rulebook = deps.config.defaultRulebook
  return state
}

/**
 * Corrections whose original's payload the state derives a sequence from — a meeting's outcome,
 * whether an adjustment was major (the cycle, the phase), a publication's date, an inspection
 * finding's id: the state is replayed with the corrected payload in the original's place. The other
 * corrections the state takes as they come (evolve: the initiation, reclassifications, the
 * organizations named) or holds nothing of.
 */
export const REPLAYED_CORRECTIONS: ReadonlySet<string> = new Set([
  'CollectiveDiscussionHeld',
  'DecisionAdjusted',
  'DecisionPublished',
  'InspectionFindingRecorded',
  'FindingResolved',
])

/**
 * The decision state an append would have left after these events (initiation through evolve),
 * each event of a type in REPLAYED_CORRECTIONS read with its latest correction. An append of such
 * a correction replays the stream the same way, so both leave the same state.
 */
export function replayDecision(deps: AppDeps, events: readonly StoredEvent[]): DecisionState | undefined {
  const [first, ...rest] = events
  if (first?.type !== 'DecisionInitiated') return undefined
  const typeOf = new Map(events.map((e) => [e.eventId, e.type]))
  const correctedData = new Map<string, Record<string, unknown>>()
  for (const e of rest) {
    if (e.type !== 'EventCorrected') continue
    const target = String((e.data as { correctsEventId?: unknown }).correctsEventId)
    const data = (e.data as { data?: unknown }).data
    if (REPLAYED_CORRECTIONS.has(typeOf.get(target) ?? '') && data && typeof data === 'object')
      correctedData.set(target, data as Record<string, unknown>)
  }
  let state = withDefaultRulebook(deps, initialState(first))
  for (const e of rest) {
    const corrected =
      e.type === 'EventCorrected'
        ? typeOf.get(String((e.data as { correctsEventId?: unknown }).correctsEventId))
        : undefined
    const data = correctedData.get(e.eventId)
    state = withDefaultRulebook(deps, evolve(state, data ? { ...e, data } : e, corrected))
  }
  return state
}

/** The read models of decisions: emptied by a rebuild and written anew, parents first. */
export const DECISION_TABLES = ['decisions', 'decision_access', 'decision_compliance', 'decision_findings'] as const
export type DecisionTable = (typeof DECISION_TABLES)[number]

/** A chunk's rows, ready to write or to send to the writing thread. */
export interface PackedChunk {
  /** Events of the streams that were decisions (rebuilt). */
  events: number
  states: StreamState[]
  tables: Record<DecisionTable, RowRun[]>
}

/** A chunk with no rows yet. */
export function emptyChunk(): PackedChunk {
  return {
    events: 0,
    states: [],
    tables: {
      decisions: [],
      decision_access: [],
      decision_compliance: [],
      decision_findings: [],
    },
  }
}

/**
 * The instant a rebuild that started at `at` evaluates a decision whose last event was recorded at
 * `lastRecordedAt`: `at`, the rows as a refresh would leave them once the decision's deadlines up
 * to now are judged (the inline projection evaluated as of the last recordedAt, and every deadline
 * passed since makes the row stale); the last recordedAt where that is later (a clock behind the
 * events), so that no event is evaluated as not yet known.
 */
export function rebuildInstant(at: string, lastRecordedAt: string): string {
  return Date.parse(lastRecordedAt) > Date.parse(at) ? lastRecordedAt : at
}

/**
 * Replays and evaluates the streams `ids` (their events in `streams`) into their rows, each as of
 * rebuildInstant(at, its last recordedAt).
 */
export async function evaluateChunk(
  deps: AppDeps,
  ids: readonly string[],
  streams: ReadonlyMap<string, readonly StoredEvent[]>,
  at: string,
): Promise<PackedChunk> {
  const packed = emptyChunk()
  const add = (table: DecisionTable, rows: readonly Row[]) => appendRuns(packed.tables[table], rows)
  for (const id of ids) {
    const events = streams.get(id) ?? []
    const state = replayDecision(deps, events)
    const last = events.at(-1)
    if (!state || !last) continue
    const compliance = await complianceRowsFor(deps, state, events, rebuildInstant(at, last.recordedAt))
    packed.states.push({ streamId: id, version: last.version, state: JSON.stringify(state) })
    add('decisions', [decisionRow(state)])
    add(
      'decision_access',
      accessRows(state).map((r) => ({ decision_id: state.decisionId, ...r })),
    )
    add('decision_compliance', [compliance.row])
    add('decision_findings', compliance.findings)
    packed.events += events.length
  }
  return packed
}

/** The statements that write a packed chunk into emptied tables. */
export function chunkQueries(packed: PackedChunk, dialect: Dialect, maxParameters: number): CompiledQuery[] {
  const out = updateStreamStates(dialect, packed.states, maxParameters)
  for (const table of DECISION_TABLES) out.push(...insertRuns(dialect, table, packed.tables[table], maxParameters))
  return out
}
