// Writing the compliance rows: a decision's rows after a write are exactly the new ones, however
// they differ from the old (obligations are upserted and only stale rows deleted), and reads that
// refresh stale rows at the same moment leave the same rows as one refresh would.
import { describe, expect, it } from 'vitest'
import { refreshStale } from '../../src/app/compliance-projection'
import { type ComplianceRows, writeCompliance } from '../../src/projections/compliance'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { seededApp, snapshot } from './support'

const row = (id: string, latestCycle: number): ComplianceRows['row'] => ({
  decision_id: id,
  organ_id: 'org_x',
  initiated_date: '2025-03-01',
  status: 'in_progress',
  rulebook_id: 'cn-713',
  rulebook_version: 1,
  latest_cycle: latestCycle,
  stream_version: 3,
  evaluated_at: '2025-03-02T00:00:00.000Z',
  valid_until: null,
  latest_states: '',
  open_codes: '',
  finding_counts: '',
  report_item: null,
})
const ob = (id: string, cycle: number, obligation: string, state: string, dueBy: string | null = null) => ({
  decision_id: id,
  cycle,
  obligation,
  state,
  due_by: dueBy,
})

describe('writeCompliance replaces a decision’s rows', () => {
  it('leaves exactly the new obligations: changed, unchanged, added and dropped cycles and names', async () => {
    const backend = openSqlite(':memory:')
    await migrateToLatest(backend)
    const { db } = backend
    const write = (rows: ComplianceRows) => backend.atomic(writeCompliance(db, rows))
    const obligations = async (id: string) =>
      (
        await db
          .selectFrom('decision_obligations')
          .selectAll()
          .where('decision_id', '=', id)
          .orderBy('cycle')
          .orderBy('obligation')
          .execute()
      ).map((o) => ({ ...o, cycle: Number(o.cycle) }))
    const other = [ob('dec_B', 1, 'drafting', 'done')]
    await write({ row: row('dec_B', 1), obligations: other, findings: [] })

    const first = [
      ob('dec_A', 1, 'drafting', 'done'),
      ob('dec_A', 1, 'hearing', 'pending', '2025-04-01'),
      ob('dec_A', 2, 'drafting', 'pending'),
      ob('dec_A', 2, 'hearing', 'not_applicable'),
    ]
    await write({ row: row('dec_A', 2), obligations: first, findings: [] })
    expect(await obligations('dec_A')).toEqual(first)

    // A correction removed the second cycle; a due date moved; a state changed.
    const second = [ob('dec_A', 1, 'drafting', 'done'), ob('dec_A', 1, 'hearing', 'done', '2025-04-08')]
    await write({ row: row('dec_A', 1), obligations: second, findings: [] })
    expect(await obligations('dec_A')).toEqual(second)

    // Another set of obligation names; then a decision that could not be evaluated has none.
    const third = [ob('dec_A', 1, 'drafting', 'done'), ob('dec_A', 1, 'publication', 'pending', null)]
    await write({ row: row('dec_A', 1), obligations: third, findings: [] })
    expect(await obligations('dec_A')).toEqual(third)
    await write({ row: row('dec_A', 0), obligations: [], findings: [] })
    expect(await obligations('dec_A')).toEqual([])

    expect(await obligations('dec_B')).toEqual(other)
    await backend.close()
  })
})

describe('refreshing stale rows', () => {
  it('gives the same rows whether several reads refresh them at once or one does', async () => {
    const t = await seededApp()
    try {
      const { db } = t.deps.store
      // Years later, every deadline of the demo has passed.
      t.clock.set('2031-06-01T00:00:00.000Z')
      const counts = await Promise.all([refreshStale(t.deps), refreshStale(t.deps), refreshStale(t.deps)])
      expect(counts[0]).toBeGreaterThan(0)
      const refreshed = (
        await db
          .selectFrom('decision_compliance')
          .select('decision_id')
          .where('evaluated_at', '=', '2031-06-01T00:00:00.000Z')
          .execute()
      ).map((r) => r.decision_id)
      expect(refreshed).toHaveLength(counts[0])
      expect(await refreshStale(t.deps)).toBe(0)
      const concurrent = await snapshot(t)
      // The same decisions made stale again and refreshed by one read alone.
      await db
        .updateTable('decision_compliance')
        .set({ valid_until: '2000-01-01T00:00:00.000Z' })
        .where('decision_id', 'in', refreshed)
        .execute()
      expect(await refreshStale(t.deps)).toBe(refreshed.length)
      const alone = await snapshot(t)
      expect(alone.decision_compliance).toEqual(concurrent.decision_compliance)
      expect(alone.decision_obligations).toEqual(concurrent.decision_obligations)
      expect(alone.decision_findings).toEqual(concurrent.decision_findings)
    } finally {
      await t.close()
    }
  })

  it('refreshes only the stale rows of the scope asked for: its organs and initiation dates', async () => {
    const t = await seededApp()
    try {
      const { db } = t.deps.store
      t.clock.set('2031-06-01T00:00:00.000Z')
      const rows = await db
        .selectFrom('decision_compliance')
        .select(['decision_id', 'organ_id', 'initiated_date'])
        .orderBy('decision_id')
        .execute()
      // Every row stale, so the scope alone decides what is refreshed.
      await db.updateTable('decision_compliance').set({ valid_until: '2000-01-01T00:00:00.000Z' }).execute()
      const organs = [...new Set(rows.map((r) => r.organ_id))]
      const dates = rows.map((r) => r.initiated_date).sort()
      const from = dates[Math.floor(dates.length / 3)] as string
      const to = dates[Math.floor((2 * dates.length) / 3)] as string
      const organ = rows.find((r) => r.initiated_date >= from && r.initiated_date <= to)?.organ_id as string
      expect(organs.length).toBeGreaterThan(1)
      const inScope = rows
        .filter((r) => r.organ_id === organ && r.initiated_date >= from && r.initiated_date <= to)
        .map((r) => r.decision_id)
      expect(inScope.length).toBeGreaterThan(0)
      expect(inScope.length).toBeLessThan(rows.length)
      expect(await refreshStale(t.deps, { organIds: [organ], from, to })).toBe(inScope.length)
      const refreshed = await db
        .selectFrom('decision_compliance')
        .select('decision_id')
        .where('evaluated_at', '=', '2031-06-01T00:00:00.000Z')
        .orderBy('decision_id')
        .execute()
      expect(refreshed.map((r) => r.decision_id)).toEqual(inScope)
      expect(await refreshStale(t.deps, { organIds: [] })).toBe(0)
      expect(await refreshStale(t.deps)).toBe(rows.length - inScope.length)
    } finally {
      await t.close()
    }
  })
})
