// Keeps the compliance read model (projections/compliance.ts) current: evaluated inside each
// append's atomic unit, and re-evaluated on read once a deadline may have changed a status.
import type { CompiledQuery } from 'kysely'
import type { DecisionState } from '../domain/decision-state'
import type { StoredEvent } from '../domain/envelope'
import {
  type ComplianceRows,
  complianceRows,
  validUntil,
  writeCompliance,
  writeComplianceIfCurrent,
} from '../projections/compliance'
import { dateInShanghai } from '../projections/decisions'
import { type ComplianceReport, evaluate, resolveRulebookForDecision } from '../rules'
import type { AppDeps } from './deps'

/** Evaluates a decision's stream at `at` (asOf = knownAt) into its read-model rows. Never throws. */
export async function complianceRowsFor(
  deps: AppDeps,
  state: DecisionState,
  events: readonly StoredEvent[],
  at: string,
): Promise<ComplianceRows> {
  const subject = {
    decisionId: state.decisionId,
    title: state.title,
    organId: state.organId,
    initiatedDate: dateInShanghai(state.initiatedAt),
    rulebookId: state.rulebook ?? deps.config.defaultRulebook,
    streamVersion: events.at(-1)?.version ?? state.version,
    evaluatedAt: at,
  }
  const choice = resolveRulebookForDecision(deps.rulebooks, events, deps.config.defaultRulebook, {
    asOf: at,
    knownAt: at,
  })
  if (!choice.ok) return complianceRows(subject, undefined, null, events)
  let report: ComplianceReport
  try {
    const directory = await deps.directory.get(deps)
    report = evaluate({
      decisionId: state.decisionId,
      events,
      rulebook: choice.rulebook,
      directory,
      asOf: at,
      knownAt: at,
    })
  } catch {
    // A projection never takes an append down; the row says the decision could not be evaluated.
    return complianceRows(subject, undefined, null, events)
  }
  return complianceRows(subject, report, validUntil(report, events, choice.rulebook.parameters.timeZone, at), events)
}

/** The projection queries for an append: `events` is the stored stream plus the new events. */
export async function projectCompliance(
  deps: AppDeps,
  state: DecisionState,
  events: readonly StoredEvent[],
  at: string,
): Promise<CompiledQuery[]> {
  return writeCompliance(deps.store.db, await complianceRowsFor(deps, state, events, at))
}

export interface StaleScope {
  organIds?: readonly string[] | undefined
  from?: string | undefined
  to?: string | undefined
}

/** Refreshes under way, per store, by decision id: concurrent reads share one instead of each redoing it. */
const inFlight = new WeakMap<object, Map<string, Promise<void>>>()
/** Whole refreshes under way, per store, by scope: a read of the same scope waits for it first. */
const scopesInFlight = new WeakMap<object, Map<string, Promise<unknown>>>()

/** Refreshes in parallel, so that their writes share commits (one fsync for many, not one each). */
const REFRESH_CONCURRENCY = 16

/**
 * Re-evaluates, as of now, every decision in scope whose status may have changed since it was
 * projected (valid_until ≤ now), so reads answer as of now. A plain write of derived data, outside
 * any append, applied only if the stream has not moved on meanwhile. Returns how many it refreshed.
 * Concurrent calls (a decision list and a report at the same moment) refresh each decision once:
 * a call waits for a refresh already under way, and skips a row another call has just refreshed.
 */
export async function refreshStale(
  deps: AppDeps,
  scope: StaleScope = {},
  progress?: (done: number, total: number) => void,
): Promise<number> {
  // Requests that arrive while the same scope is being refreshed (say, many decision lists after a
  // quiet weekend) wait for that refresh and then only look for what went stale since: no pile of
  // identical scans, each holding its own list of thousands of decisions.
  const scopes = scopesInFlight.get(deps.store) ?? new Map<string, Promise<unknown>>()
  scopesInFlight.set(deps.store, scopes)
  const key = JSON.stringify([scope.organIds ?? null, scope.from ?? null, scope.to ?? null])
  for (let earlier = scopes.get(key); earlier; earlier = scopes.get(key)) await earlier.catch(() => undefined)
  const work = refreshScope(deps, scope, progress)
  scopes.set(key, work)
  try {
    return await work
  } finally {
    if (scopes.get(key) === work) scopes.delete(key)
  }
}

async function refreshScope(
  deps: AppDeps,
  scope: StaleScope,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const now = deps.clock().toISOString()
  // Found through the valid_until index alone and narrowed to the scope here: with the organ in
  // the query, SQLite (which keeps no statistics) walks the organ's index instead, every row of
  // an organ of 100,000 decisions to find the few that went stale (55 ms per report, measured).
  const organs = scope.organIds ? new Set(scope.organIds) : undefined
  const rows = await deps.store.db
    .selectFrom('decision_compliance')
    .select(['decision_id', 'organ_id', 'initiated_date'])
    .where('valid_until', 'is not', null)
    .where('valid_until', '<=', now)
    .orderBy('decision_id')
    .execute()
  const stale = rows
    .filter(
      (r) =>
        (!organs || organs.has(r.organ_id)) &&
        (!scope.from || r.initiated_date >= scope.from) &&
        (!scope.to || r.initiated_date <= scope.to),
    )
    .map((r) => r.decision_id)
  const refreshing = inFlight.get(deps.store) ?? new Map<string, Promise<void>>()
  inFlight.set(deps.store, refreshing)
  const refreshOne = (id: string): Promise<void> => {
    const current = refreshing.get(id)
    if (current) return current
    const work = refreshDecision(deps, id, now).finally(() => refreshing.delete(id))
    refreshing.set(id, work)
    return work
  }
  let next = 0
  let done = 0
  const worker = async () => {
    for (let i = next++; i < stale.length; i = next++) {
      await refreshOne(stale[i] as string)
      progress?.(++done, stale.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, stale.length) }, worker))
  return stale.length
}

async function refreshDecision(deps: AppDeps, id: string, now: string): Promise<void> {
  // Another read may have refreshed it since the stale list was taken.
  const row = await deps.store.db
    .selectFrom('decision_compliance')
    .select('valid_until')
    .where('decision_id', '=', id)
    .executeTakeFirst()
  if (row?.valid_until === null || row?.valid_until === undefined || row.valid_until > now) return
  const head = await deps.store.readHead<DecisionState>(id)
  const events = await deps.store.readStream(id)
  // A writer got in between the two reads: its append projected the newer stream already.
  if (head?.kind === 'decision' && events.at(-1)?.version === head.version) {
    const rows = await complianceRowsFor(deps, head.state, events, now)
    await deps.store.backend.atomic(writeComplianceIfCurrent(deps.store.db, rows))
  }
}
