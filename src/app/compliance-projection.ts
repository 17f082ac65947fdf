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
    organId: state.organId,
    initiatedDate: dateInShanghai(state.initiatedAt),
    rulebookId: state.rulebook ?? deps.config.defaultRulebook,
    streamVersion: events.at(-1)?.version ?? state.version,
    evaluatedAt: at,
  }
  const choice = resolveRulebookForDecision(deps.rulebooks, events, deps.config.defaultRulebook)
  if (!choice.ok) return complianceRows(subject, undefined, null)
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
    return complianceRows(subject, undefined, null)
  }
  return complianceRows(subject, report, validUntil(report, events, choice.rulebook.parameters.timeZone, at))
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

/**
 * Re-evaluates, as of now, every decision in scope whose status may have changed since it was
 * projected (valid_until ≤ now), so reads answer as of now. A plain write of derived data, outside
 * any append, applied only if the stream has not moved on meanwhile. Returns how many it refreshed.
 */
export async function refreshStale(
  deps: AppDeps,
  scope: StaleScope = {},
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const now = deps.clock().toISOString()
  let q = deps.store.db
    .selectFrom('decision_compliance')
    .select('decision_id')
    .where('valid_until', 'is not', null)
    .where('valid_until', '<=', now)
  if (scope.organIds) q = q.where('organ_id', 'in', scope.organIds.length ? [...scope.organIds] : [''])
  if (scope.from) q = q.where('initiated_date', '>=', scope.from)
  if (scope.to) q = q.where('initiated_date', '<=', scope.to)
  const stale = await q.orderBy('decision_id').execute()
  let done = 0
  for (const { decision_id: id } of stale) {
    const head = await deps.store.readHead<DecisionState>(id)
    const events = await deps.store.readStream(id)
    // A writer got in between the two reads: its append projected the newer stream already.
    if (head?.kind === 'decision' && events.at(-1)?.version === head.version) {
      const rows = await complianceRowsFor(deps, head.state, events, now)
      await deps.store.backend.atomic(writeComplianceIfCurrent(deps.store.db, rows))
    }
    progress?.(++done, stale.length)
  }
  return stale.length
}
