// A test app seeded with the demo jurisdiction (16 varied decisions: compliant, noncompliant and
// in progress; corrections, cycles, inspections) through the HTTP app, as `decision-trail demo` does.
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
  ['decision_obligations', ['decision_id', 'cycle', 'obligation']],
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
