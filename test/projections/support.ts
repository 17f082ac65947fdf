// A test app seeded with the demo jurisdiction (16 varied decisions: compliant, noncompliant and
// in progress; corrections, cycles, inspections) through the HTTP app, as `decision-trail demo` does.
import { refreshStale } from '../../src/app/compliance-projection'
import { seedDemoIfEmpty } from '../../src/cli/demo'
import type { Database } from '../../src/store/schema'
import { createTestApp, type TestApp } from '../support/app'

export async function seededApp(): Promise<TestApp> {
  const t = await createTestApp()
  await seedDemoIfEmpty(t.backend, t.deps, () => undefined)
  return t
}

/** Every read model a rebuild writes, as rows in a stable order. */
export const PROJECTED: ReadonlyArray<[keyof Database, string[]]> = [
  ['decisions', ['decision_id']],
  ['decision_access', ['decision_id', 'org_id', 'relation']],
  ['decision_compliance', ['decision_id']],
  ['decision_findings', ['decision_id', 'finding_id']],
  ['organizations', ['org_id']],
  ['people', ['person_id']],
  ['positions', ['position_id']],
  ['streams', ['stream_id']],
]

export async function snapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const [table, keys] of PROJECTED) {
    let q = t.deps.store.db.selectFrom(table).selectAll()
    for (const k of keys) q = q.orderBy(k as never)
    out[table] = await q.execute()
  }
  return out
}

/**
 * What a rebuild at the clock's instant must write, found the other way: the inline rows whose
 * deadline has passed are refreshed first (refreshStale, as reads and `serve` bring rows to now),
 * and every compliance row says it was evaluated then, or at its last event's recordedAt where
 * that is later (a row no deadline has touched since its last append is the same either way).
 * Leaves the database refreshed; `refreshed`: how many rows the refresh re-evaluated.
 */
export async function inlineBroughtToNow(t: TestApp): Promise<{ rows: Record<string, unknown[]>; refreshed: number }> {
  const refreshed = await refreshStale(t.deps)
  const rows = await snapshot(t)
  const now = t.deps.clock().toISOString()
  rows.decision_compliance = (rows.decision_compliance as Array<{ evaluated_at: string }>).map((r) => ({
    ...r,
    evaluated_at: Date.parse(r.evaluated_at) > Date.parse(now) ? r.evaluated_at : now,
  }))
  return { rows, refreshed }
}
