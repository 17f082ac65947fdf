// Writing the compliance rows: a decision's rows after a write are exactly the new ones, however
// they differ from the old (the row upserted, the findings replaced), and reads that
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
const finding = (id: string, findingId: string, status: string, cycle = 1): ComplianceRows['findings'][number] => ({
  decision_id: id,
  finding_id: findingId,
  code: findingId.split('#')[0] as string,
  severity: 'major',
  status,
  source: 'computed',
  cycle,
  proven_at: '2025-03-01T00:00:00.000Z',
})

describe('writeCompliance replaces a decision’s rows', () => {
  it('leaves exactly the new row and findings: changed, unchanged, added and dropped', async () => {
    const backend = openSqlite(':memory:')
    await migrateToLatest(backend)
    const { db } = backend
    const write = (rows: ComplianceRows) => backend.atomic(writeCompliance(db, rows))
    const stored = async (id: string) => ({
      row: await db.selectFrom('decision_compliance').selectAll().where('decision_id', '=', id).executeTakeFirst(),
      findings: (
        await db
          .selectFrom('decision_findings')
          .selectAll()
          .where('decision_id', '=', id)
          .orderBy('finding_id')
          .execute()
      ).map((f) => ({ ...f, cycle: Number(f.cycle) })),
    })
    const other = { row: row('dec_B', 1), findings: [finding('dec_B', 'hearing-missing#1', 'open')] }
    await write(other)

    const first = {
      row: row('dec_A', 2),
      findings: [finding('dec_A', 'hearing-missing#1', 'open'), finding('dec_A', 'publication-late#2', 'open', 2)],
    }
    await write(first)
    expect(await stored('dec_A')).toEqual({ row: { ...first.row, latest_cycle: 2 }, findings: first.findings })

    // A correction removed the second cycle; a finding was resolved; another appeared.
    const second = {
      row: { ...row('dec_A', 1), status: 'noncompliant', latest_states: 'dm' },
      findings: [finding('dec_A', 'archive-incomplete#1', 'open'), finding('dec_A', 'hearing-missing#1', 'resolved')],
    }
    await write(second)
    expect(await stored('dec_A')).toEqual(second)

    // A decision that could not be evaluated has no findings.
    const third = { row: { ...row('dec_A', 0), status: 'unevaluated' }, findings: [] }
    await write(third)
    expect(await stored('dec_A')).toEqual(third)

    expect(await stored('dec_B')).toEqual(other)
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
