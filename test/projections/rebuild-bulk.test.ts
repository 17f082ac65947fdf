// The rebuild's bulk path (src/app/rebuild.ts, rebuild-chunk.ts, rebuild-workers.ts): into
// emptied tables, chunk by chunk, in one transaction. Whatever the chunking, the statement sizes,
// the backend or the threads, it writes exactly what the inline projection wrote, brought to the
// rebuild's instant as the refresh of passed deadlines brings it (support.ts); a failure
// part-way leaves the previous read models as they were (SQLite and PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DirectoryCache } from '../../src/app/compliance'
import type { AppDeps } from '../../src/app/deps'
import { backfillProjections, rebuildProjections } from '../../src/app/rebuild'
import { DECISION_TABLES, emptyChunk, type PackedChunk } from '../../src/app/rebuild-chunk'
import { RebuildPool } from '../../src/app/rebuild-workers'
import { seedDemoIfEmpty } from '../../src/cli/demo'
import { EventStore } from '../../src/store/event-store'
import { openSqlite } from '../../src/store/sqlite'
import { createTestApp, type TestApp } from '../support/app'
import { freshPostgres } from '../support/postgres'
import { inlineBroughtToNow, seededApp, snapshot } from './support'

let t: TestApp
/** The inline result brought to now: what a rebuild now must write. */
let inline: Record<string, unknown[]>
beforeAll(async () => {
  t = await seededApp()
  inline = (await inlineBroughtToNow(t)).rows
})
afterAll(() => t.close())

const ORPHAN = 'dec_GONE'

/** Rows of a decision whose stream does not exist, in every table the rebuild empties. */
async function addOrphans(deps: AppDeps): Promise<void> {
  const db = deps.store.db
  await db
    .insertInto('decisions')
    .values({
      decision_id: ORPHAN,
      title: 't',
      summary: 's',
      organ_id: 'o',
      undertaking_unit_id: 'u',
      category: 'c',
      rulebook: 'cn-713',
      phase: 'initiated',
      outcome: null,
      cycle: 1,
      version: 1,
      non_disclosable: 0,
      published: 0,
      initiated_at: '2026-01-01T00:00:00.000Z',
      initiated_date: '2026-01-01',
      last_recorded_at: '2026-01-01T00:00:00.000Z',
    })
    .execute()
  await db.insertInto('decision_access').values({ decision_id: ORPHAN, org_id: 'o', relation: 'organ' }).execute()
  const row = inline.decision_compliance?.[0] as Record<string, unknown>
  await db
    .insertInto('decision_compliance')
    .values({ ...row, decision_id: ORPHAN } as never)
    .execute()
  await db
    .insertInto('decision_findings')
    .values({
      decision_id: ORPHAN,
      finding_id: 'x',
      code: 'x',
      severity: 'minor',
      status: 'open',
      source: 'computed',
      cycle: 1,
    })
    .execute()
}

/** Read models that differ from the inline result: a rebuild that is undone must give these back. */
async function damage(deps: AppDeps): Promise<void> {
  const db = deps.store.db
  const [first, second] = (inline.decisions as Array<{ decision_id: string }>).map((d) => d.decision_id)
  await db
    .deleteFrom('decision_findings')
    .where('decision_id', '=', first as string)
    .execute()
  await db
    .updateTable('decision_compliance')
    .set({ status: 'stale' })
    .where('decision_id', '=', second as string)
    .execute()
  await db
    .updateTable('streams')
    .set({ state: '{}' })
    .where('stream_id', '=', second as string)
    .execute()
  await addOrphans(deps)
}

describe('rebuild-projections, bulk writes into emptied tables', () => {
  it.each([
    [1, 7],
    [3, 13],
    [5, 100],
    [16, 1000],
    [1000, 5],
  ])(
    'chunks of %i decisions, statements of at most %i parameters: the inline result brought to now',
    async (chunk, maxParameters) => {
      await damage(t.deps)
      const seen: number[] = []
      const summary = await rebuildProjections(t.deps, (done) => seen.push(done), { chunk, maxParameters })
      expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
      expect(summary.decisions).toBe(16)
      expect(await snapshot(t)).toEqual(inline)
    },
  )

  it('removes the rows of streams that no longer exist, from every table', async () => {
    await addOrphans(t.deps)
    await rebuildProjections(t.deps)
    for (const table of DECISION_TABLES) {
      const orphans = await t.deps.store.db
        .selectFrom(table)
        .select('decision_id')
        .where('decision_id', '=', ORPHAN)
        .execute()
      expect(orphans, table).toEqual([])
    }
    expect(await snapshot(t)).toEqual(inline)
  })

  it('as on D1 (a batch per chunk, the first also emptying; every statement ≤ 100 parameters): the inline result brought to now', async () => {
    // The test backend refuses any statement over D1's limit; asked for 1000, D1 gets 100.
    const d1: AppDeps = { ...t.deps, store: new EventStore({ ...t.backend, dialect: 'd1' }) }
    await damage(t.deps)
    const summary = await rebuildProjections(d1, undefined, { chunk: 5, maxParameters: 1000 })
    expect(summary.decisions).toBe(16)
    expect(await snapshot(t)).toEqual(inline)
  })

  it('writes a decision whose rulebook cannot be resolved as the inline projection does (unevaluated)', async () => {
    // No version in force when half of the decisions were initiated.
    const rulebooks = t.deps.rulebooks
    const dates = (inline.decisions as Array<{ initiated_at: string }>).map((d) => d.initiated_at).sort()
    const cutoff = dates[8] as string
    const deps: AppDeps = {
      ...t.deps,
      rulebooks: { ...rulebooks, resolve: (id, date) => (date < cutoff ? undefined : rulebooks.resolve(id, date)) },
      directory: new DirectoryCache(),
    }
    // The inline projection's writes, one decision at a time (backfill) into emptied tables.
    for (const table of DECISION_TABLES) await t.deps.store.db.deleteFrom(table).execute()
    expect(await backfillProjections(deps)).toBe(16)
    const expected = await snapshot(t)
    const statuses = (expected.decision_compliance as Array<{ status: string }>).map((r) => r.status)
    expect(statuses).toContain('unevaluated')
    expect(statuses.some((s) => s !== 'unevaluated')).toBe(true)
    await damage(t.deps)
    await rebuildProjections(deps, undefined, { chunk: 3 })
    expect(await snapshot(t)).toEqual(expected)
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(inline)
  })

  it('backfill still projects, one decision at a time, the decisions with no compliance row', async () => {
    const some = (inline.decisions as Array<{ decision_id: string }>).slice(0, 5).map((d) => d.decision_id)
    for (const table of DECISION_TABLES)
      await t.deps.store.db.deleteFrom(table).where('decision_id', 'in', some).execute()
    expect(await backfillProjections(t.deps)).toBe(5)
    expect(await snapshot(t)).toEqual(inline)
    expect(await backfillProjections(t.deps)).toBe(0)
  })
})

describe('a rebuild that fails part-way leaves the previous read models intact (SQLite)', () => {
  it('when the work stops between chunks (a progress callback throws)', async () => {
    await damage(t.deps)
    const before = await snapshot(t)
    const stop = (done: number) => {
      if (done === 7) throw new Error('stopped')
    }
    await expect(rebuildProjections(t.deps, stop, { chunk: 3 })).rejects.toThrow('stopped')
    expect(await snapshot(t)).toEqual(before)
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(inline)
  })

  it('when the database refuses a row mid-way (a trigger on one decision)', async () => {
    await damage(t.deps)
    const before = await snapshot(t)
    const ninth = (inline.decisions as Array<{ decision_id: string }>)[8]?.decision_id as string
    await sql
      .raw(
        `create trigger refuse before insert on decision_compliance when new.decision_id = '${ninth}' ` +
          `begin select raise(abort, 'refused by test'); end`,
      )
      .execute(t.deps.store.db)
    try {
      await expect(rebuildProjections(t.deps, undefined, { chunk: 2 })).rejects.toThrow('refused by test')
    } finally {
      await sql.raw('drop trigger refuse').execute(t.deps.store.db)
    }
    expect(await snapshot(t)).toEqual(before)
    await rebuildProjections(t.deps)
    expect(await snapshot(t)).toEqual(inline)
  })
})

describe('rebuild workers (a SQLite file)', () => {
  it('evaluate the chunks in threads while this one writes: the inline result brought to now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-rebuild-'))
    const f = await createTestApp({ backend: openSqlite(join(dir, 'db.sqlite')) })
    try {
      await seedDemoIfEmpty(f.backend, f.deps, () => undefined)
      const { rows: expected } = await inlineBroughtToNow(f)
      await damage(f.deps)
      const seen: number[] = []
      const summary = await rebuildProjections(f.deps, (done) => seen.push(done), { workers: 2, chunk: 3 })
      expect(summary.decisions).toBe(16)
      expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
      expect(await snapshot(f)).toEqual(expected)
    } finally {
      await f.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('a worker that cannot run hands its chunk back to be evaluated on this thread', async () => {
    const pool = RebuildPool.start(
      {
        file: join(tmpdir(), 'no-such-dir', 'none.db'),
        jurisdiction: 'main',
        defaultRulebook: 'cn-713',
        rulebooks: [],
        at: '2026-11-20T02:00:00.000Z',
      },
      1,
    )
    const local: PackedChunk = { ...emptyChunk(), events: 3 }
    try {
      await expect(pool.evaluate(['dec_A'], async () => local)).resolves.toBe(local)
      // Once failed, the worker gets no more chunks.
      await expect(pool.evaluate(['dec_B'], async () => local)).resolves.toBe(local)
    } finally {
      await pool.close()
    }
  }, 60_000)
})

describe('rebuild-projections on PostgreSQL: bulk writes, and a failure part-way undone', () => {
  it('rebuilds the inline result brought to now in small statements; a rebuild stopped part-way changes nothing', async () => {
    const pg = await freshPostgres()
    const p = await createTestApp({ backend: pg.backend })
    try {
      await seedDemoIfEmpty(p.backend, p.deps, () => undefined)
      const { rows: expected } = await inlineBroughtToNow(p)
      await damage(p.deps)
      const before = await snapshot(p)
      const stop = (done: number) => {
        if (done === 9) throw new Error('stopped')
      }
      await expect(rebuildProjections(p.deps, stop, { chunk: 4 })).rejects.toThrow('stopped')
      expect(await snapshot(p)).toEqual(before)
      const summary = await rebuildProjections(p.deps, undefined, { chunk: 5, maxParameters: 13 })
      expect(summary.decisions).toBe(16)
      expect(await snapshot(p)).toEqual(expected)
    } finally {
      await p.close()
      await pg.drop()
    }
  }, 120_000)
})
