// PostgreSQL units commit concurrently, out of position order; readers of the feed and the ledger
// sequencer stop at the feed horizon (src/store/postgres.ts). Here the race is forced instead of
// hoped for: one append is held open after its event insert (its transaction on a connection of
// its own) while a later append commits a higher position. Real server only (TEST_DATABASE_URL):
// PGlite has one connection, so nothing there can be in flight while something else reads.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { chainEvents } from '../../src/app/envelope'
import { createDeps } from '../../src/compose'
import type { Actor } from '../../src/domain/envelope'
import { EventStore } from '../../src/store/event-store'
import { readUnsequenced } from '../../src/store/ledger-store'
import { migrateToLatest } from '../../src/store/migrate'
import { unitScript } from '../../src/store/pg-script'
import { FEED_REGISTER, FEED_REGISTERED, postgresBackend } from '../../src/store/postgres'
import type { Database } from '../../src/store/schema'
import { sequentialIds, testClock } from '../support/app'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'

const actor: Actor = { personId: 'per_clerk', orgId: 'org_unit', role: 'undertaking' }
const opened: TestPostgres[] = []
afterAll(async () => {
  for (const p of opened) await p.drop()
})

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL feed horizon (TEST_DATABASE_URL)', () => {
  /**
   * A backend whose atomic units run inside a transaction left open on one client: the unit's
   * statements (registration and event insert included) execute, nothing commits until `finish`.
   */
  async function heldOpen(url: string) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('begin')
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    })
    const backend = postgresBackend(
      db,
      () => db.destroy(),
      async (statements) => {
        const answer = (await client.query(unitScript(statements))) as pg.QueryResult | pg.QueryResult[]
        return (Array.isArray(answer) ? answer : [answer]).map((r) => r.rows as Array<Record<string, unknown>>)
      },
    )
    return {
      backend,
      finish: async (how: 'commit' | 'rollback') => {
        await client.query(how)
        await client.end()
        await db.destroy()
      },
    }
  }

  async function setup() {
    const p = await freshPostgres()
    opened.push(p)
    await migrateToLatest(p.backend)
    const deps = createDeps(p.backend, { clock: testClock().now, newId: sequentialIds() })
    const unitFor = (d: { newId: () => string }, stream: string) => ({
      streamId: stream,
      kind: 'decision' as const,
      expectedVersion: 0,
      events: chainEvents(
        { ...deps, newId: d.newId },
        stream,
        { version: 0, headHash: '' },
        actor,
        [{ type: 'DraftRevised', occurredAt: '2025-03-01T09:00:00+08:00', data: { reason: stream } }],
        () => 1,
      ),
      newState: {},
      also: [],
    })
    return { p, deps, store: deps.store, unitFor }
  }

  it('hides a committed position until every lower position still in flight has committed', async () => {
    const { p, store, unitFor } = await setup()
    const [first] = await store.append(unitFor({ newId: sequentialIds(100) }, 'dec_first'))
    const held = await heldOpen(p.url as string)
    const [late] = await new EventStore(held.backend).append(unitFor({ newId: sequentialIds(200) }, 'dec_late'))
    const [early] = await store.append(unitFor({ newId: sequentialIds(300) }, 'dec_early'))
    // The held unit drew the lower position, the other committed the higher one first.
    expect(first?.position).toBeLessThan(late?.position as number)
    expect(late?.position).toBeLessThan(early?.position as number)

    const horizon = await p.backend.feedHorizon?.()
    expect(horizon).toBeLessThan(late?.position as number)
    expect((await store.readFeed(0, 100)).map((e) => e.eventId)).toEqual([first?.eventId])
    expect((await readUnsequenced(store.db, 0, 100, horizon)).map((e) => e.eventId)).toEqual([first?.eventId])
    // Without the horizon the committed higher position is already there: that is the skip.
    expect((await readUnsequenced(store.db, 0, 100)).map((e) => e.eventId)).toEqual([first?.eventId, early?.eventId])

    await held.finish('commit')
    expect(await p.backend.feedHorizon?.()).toBeGreaterThanOrEqual(early?.position as number)
    expect((await store.readFeed(0, 100)).map((e) => e.eventId)).toEqual([
      first?.eventId,
      late?.eventId,
      early?.eventId,
    ])
    await p.backend.close()
  })

  it('moves on past a unit that rolls back, whose position stays a gap for good', async () => {
    const { p, store, unitFor } = await setup()
    const held = await heldOpen(p.url as string)
    await new EventStore(held.backend).append(unitFor({ newId: sequentialIds(200) }, 'dec_aborted'))
    const [after] = await store.append(unitFor({ newId: sequentialIds(300) }, 'dec_after'))
    expect(await store.readFeed(0, 100)).toEqual([])
    await held.finish('rollback')
    expect((await store.readFeed(0, 100)).map((e) => e.eventId)).toEqual([after?.eventId])
    await p.backend.close()
  })

  it('is registered before the position is drawn: the key is a lower bound of every position of the unit', async () => {
    const { p, store, unitFor } = await setup()
    await store.append(unitFor({ newId: sequentialIds(100) }, 'dec_a'))
    const held = await heldOpen(p.url as string)
    const [mine] = await new EventStore(held.backend).append(unitFor({ newId: sequentialIds(200) }, 'dec_b'))
    const c = new pg.Client({ connectionString: p.url })
    await c.connect()
    // Read as the backend reads them, in the same schema (the URL's search_path).
    const keys = await c.query<{ key: string }>(`select key::text from (${FEED_REGISTERED}) as registered`)
    await c.end()
    expect(keys.rows.map((r) => Number(r.key))).toContain((mine?.position as number) - 1)
    expect(FEED_REGISTER.sql).toContain('pg_advisory_xact_lock_shared')
    await held.finish('commit')
    await p.backend.close()
  })

  it("one schema's unit in flight does not hold back another schema's feed in the same database", async () => {
    const a = await setup()
    const b = await setup()
    // Schema a's unit in flight is keyed 0 (a has no events yet), below every position of b's: if
    // the registry did not tell schemas apart, b's feed would stop at 0 until a commits.
    for (let i = 0; i < 3; i++) await b.store.append(b.unitFor({ newId: sequentialIds(100 + i) }, `dec_b${i}`))
    const held = await heldOpen(a.p.url as string)
    await new EventStore(held.backend).append(a.unitFor({ newId: sequentialIds(200) }, 'dec_a_held'))
    const [next] = await b.store.append(b.unitFor({ newId: sequentialIds(300) }, 'dec_b_next'))
    expect((await b.store.readFeed(0, 100)).map((e) => e.eventId)).toContain(next?.eventId)
    expect(await a.store.readFeed(0, 100)).toEqual([])
    await held.finish('commit')
    expect((await a.store.readFeed(0, 100)).map((e) => e.decisionId)).toEqual(['dec_a_held'])
    await a.p.backend.close()
    await b.p.backend.close()
  })
})
