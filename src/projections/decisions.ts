// The decision list read model and its access table, written in the same atomic unit as each
// append (so they can never disagree with the events), and rebuildable from the events.
import type { CompiledQuery, Kysely } from 'kysely'
import type { DecisionState } from '../domain/decision-state'
import { localDate } from '../rules'
import { rowChunks } from '../store/backend'
import { preparedUpsert } from '../store/prepared'
import type { Database, DecisionsTable } from '../store/schema'

/** A decision's civil date in the jurisdiction (the time zone of the national rulebook). */
export function dateInShanghai(iso: string): string {
  return localDate(iso, 'Asia/Shanghai') ?? iso.slice(0, 10)
}

export function accessRows(state: DecisionState): Array<{ org_id: string; relation: string }> {
  const rows = [
    { org_id: state.organId, relation: 'organ' },
    { org_id: state.undertakingUnitId, relation: 'undertaking' },
    ...state.coUnitIds.map((o) => ({ org_id: o, relation: 'co_undertaking' })),
    ...state.legalityReviewBodyIds.map((o) => ({ org_id: o, relation: 'legality_review' })),
    ...state.reviewerOrgIds.map((o) => ({ org_id: o, relation: 'reviewer' })),
    ...state.executingUnitIds.map((o) => ({ org_id: o, relation: 'executing' })),
  ]
  const seen = new Set<string>()
  return rows.filter(
    (r) => r.org_id !== '' && !seen.has(`${r.org_id}|${r.relation}`) && seen.add(`${r.org_id}|${r.relation}`),
  )
}

/** The decision list row of a decision state. */
export function decisionRow(state: DecisionState): DecisionsTable {
  return {
    decision_id: state.decisionId,
    title: state.title,
    summary: state.summary,
    organ_id: state.organId,
    undertaking_unit_id: state.undertakingUnitId,
    category: state.category,
    rulebook: state.rulebook ?? '',
    phase: state.phase,
    outcome: state.outcome ?? null,
    cycle: state.cycle,
    version: state.version,
    non_disclosable: state.flags.nonDisclosable ? 1 : 0,
    published: state.published ? 1 : 0,
    initiated_at: state.initiatedAt,
    initiated_date: dateInShanghai(state.initiatedAt),
    last_recorded_at: state.lastRecordedAt,
  }
}

const decisionUpsert = preparedUpsert('decisions', 'decision_id')

export function projectDecision(
  db: Kysely<Database>,
  state: DecisionState,
  previous: DecisionState | undefined,
): CompiledQuery[] {
  const queries: CompiledQuery[] = [decisionUpsert(db, decisionRow(state))]
  const before = new Set(previous ? accessRows(previous).map((r) => `${r.org_id}|${r.relation}`) : [])
  const after = accessRows(state)
  const changed = after.length !== before.size || after.some((r) => !before.has(`${r.org_id}|${r.relation}`))
  if (changed) {
    // Access only grows except when a correction changes the organ or units, or re-addresses a
    // request, assessment or assignment (decision-state.ts): rewrite it then.
    queries.push(db.deleteFrom('decision_access').where('decision_id', '=', state.decisionId).compile())
    for (const part of rowChunks(after, 3))
      queries.push(
        db
          .insertInto('decision_access')
          .values(part.map((r) => ({ decision_id: state.decisionId, ...r })))
          .compile(),
      )
  }
  return queries
}
