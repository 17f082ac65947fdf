// Projections (style.md): rebuilding from the events equals the inline result brought to the
// rebuild's instant (the rows whose deadline has passed refreshed), and replaying twice gives the
// same. The inline rows come from appends through the HTTP app (the demo seeding).
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshStale } from '../../src/app/compliance-projection'
import { rebuildProjections } from '../../src/app/rebuild'
import { replayDecision } from '../../src/app/rebuild-chunk'
import { seedDemoIfEmpty } from '../../src/cli/demo'
import { createTestApp, type TestApp } from '../support/app'
import { freshPostgres } from '../support/postgres'
import { inlineBroughtToNow, seededApp, snapshot } from './support'

let t: TestApp
/** The rows the appends wrote. */
let inline: Record<string, unknown[]>
/** The same brought to now: what a rebuild now must write. */
let current: Record<string, unknown[]>
beforeAll(async () => {
  t = await seededApp()
  inline = await snapshot(t)
  current = (await inlineBroughtToNow(t)).rows
})
afterAll(() => t.close())

describe('rebuild-projections', () => {
  it('the seeded database has varied decisions in every projection', () => {
    expect(inline.decisions).toHaveLength(16)
    expect(inline.decision_compliance).toHaveLength(16)
    const statuses = new Set((inline.decision_compliance as Array<{ status: string }>).map((r) => r.status))
    expect(statuses).toEqual(new Set(['compliant', 'in_progress', 'noncompliant']))
    const rows = inline.decision_compliance as Array<{ latest_states: string; latest_cycle: number }>
    expect(rows.every((r) => r.latest_states.length === 17)).toBe(true)
    expect(inline.decision_findings?.length).toBeGreaterThan(10)
    expect(rows.some((r) => r.latest_cycle === 2)).toBe(true)
  })

  it('rebuilds tables emptied or damaged into exactly the inline result brought to now, with progress', async () => {
    const db = t.deps.store.db
    for (const table of [
      'decisions',
      'decision_access',
      'decision_compliance',
      'decision_findings',
      'positions',
    ] as const)
      await db.deleteFrom(table).execute()
    await db.updateTable('streams').set({ state: '{}' }).execute()
    // An orphan row (a stream that does not exist) goes too.
    await db
      .insertInto('decision_findings')
      .values({
        decision_id: 'dec_GONE',
        finding_id: 'x',
        code: 'x',
        severity: 'minor',
        status: 'open',
        source: 'computed',
        cycle: 1,
      })
      .execute()
    const seen: Array<[number, number]> = []
    const summary = await rebuildProjections(t.deps, (done, total) => seen.push([done, total]))
    expect(summary.decisions).toBe(16)
    expect(summary.directoryStreams).toBe(1)
    expect(seen.at(-1)).toEqual([16, 16])
    expect(await snapshot(t)).toEqual(current)
  })

  it('reads and writes in chunks of any size to the same rows, each decision counted once', async () => {
    for (const chunk of [1, 3, 16, 1000]) {
      await t.deps.store.db.deleteFrom('decision_findings').execute()
      const seen: number[] = []
      const summary = await rebuildProjections(t.deps, (done) => seen.push(done), { chunk })
      expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
      expect(summary.decisions).toBe(16)
      expect(await snapshot(t)).toEqual(current)
    }
  })

  it('replaying twice gives the same', async () => {
    await rebuildProjections(t.deps)
    const once = await snapshot(t)
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(once)
    expect(once).toEqual(current)
  })

  it('replays each stream to the state snapshot its appends left on the head', async () => {
    const heads = await t.deps.store.db.selectFrom('streams').selectAll().where('kind', '=', 'decision').execute()
    for (const head of heads) {
      const events = await t.deps.store.readStream(head.stream_id)
      expect(JSON.stringify(replayDecision(t.deps, events))).toBe(head.state)
    }
  })

  it('evaluates every decision as of its start, so that no row is left stale by a passed deadline', async () => {
    const now = t.deps.clock().toISOString()
    // Two years on, deadlines of the decisions under way have passed since their last events.
    t.clock.set('2028-11-20T02:00:00.000Z')
    try {
      const later = await inlineBroughtToNow(t)
      expect(later.refreshed).toBeGreaterThan(0)
      const status = (rows: Record<string, unknown[]>) =>
        (rows.decision_compliance as Array<{ status: string }>).map((r) => r.status)
      expect(status(later.rows)).not.toEqual(status(current)) // some statuses changed with the clock alone
      await t.deps.store.db.deleteFrom('decision_compliance').execute()
      await rebuildProjections(t.deps)
      expect(await snapshot(t)).toEqual(later.rows)
      const rows = await t.deps.store.db
        .selectFrom('decision_compliance as c')
        .innerJoin('decisions as d', 'd.decision_id', 'c.decision_id')
        .select(['c.evaluated_at', 'c.valid_until', sql<number>`c.stream_version - d.version`.as('gap')])
        .execute()
      for (const r of rows) {
        expect(r.evaluated_at).toBe('2028-11-20T02:00:00.000Z')
        if (r.valid_until !== null) expect(r.valid_until > r.evaluated_at).toBe(true)
        expect(Number(r.gap)).toBe(0)
      }
      // Nothing is left for reads or `serve` to refresh.
      expect(await refreshStale(t.deps)).toBe(0)
    } finally {
      t.clock.set(now)
    }
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(current)
  })

  it('evaluates a decision whose last event is later than the clock as of that event', async () => {
    const last = (inline.decisions as Array<{ last_recorded_at: string }>)
      .map((d) => d.last_recorded_at)
      .sort()
      .at(-1) as string
    const earlier = new Date(Date.parse(last) - 86_400_000).toISOString()
    const now = t.deps.clock().toISOString()
    t.clock.set(earlier)
    try {
      await rebuildProjections(t.deps)
    } finally {
      t.clock.set(now)
    }
    const rows = await t.deps.store.db
      .selectFrom('decision_compliance as c')
      .innerJoin('decisions as d', 'd.decision_id', 'c.decision_id')
      .select(['c.evaluated_at', 'd.last_recorded_at'])
      .execute()
    for (const r of rows) {
      // ISO instants in UTC: their text order is their time order.
      const later = r.last_recorded_at > earlier
      expect(r.evaluated_at).toBe(later ? r.last_recorded_at : earlier)
    }
    expect(rows.some((r) => r.evaluated_at === last)).toBe(true)
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(current)
  })
})

describe('rebuild-projections on PostgreSQL (PGlite, or the server of TEST_DATABASE_URL)', () => {
  it('reads the streams in chunks and rebuilds exactly the inline result brought to now', async () => {
    const pg = await freshPostgres()
    const p = await createTestApp({ backend: pg.backend })
    try {
      await seedDemoIfEmpty(p.backend, p.deps, () => undefined)
      const { rows: before } = await inlineBroughtToNow(p)
      expect(before.decisions).toHaveLength(16)
      for (const table of ['decisions', 'decision_access', 'decision_compliance', 'decision_findings'] as const)
        await p.deps.store.db.deleteFrom(table).execute()
      const summary = await rebuildProjections(p.deps, undefined, { chunk: 5 })
      expect(summary.decisions).toBe(16)
      expect(await snapshot(p)).toEqual(before)
    } finally {
      await p.close()
      await pg.drop()
    }
  }, 120_000)
})
