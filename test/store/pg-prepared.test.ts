// Atomic units on a node-postgres pool prepare each statement text once per connection and run it
// by EXECUTE (src/store/postgres.ts, preparedScripts). What a session holds is read from the
// server itself (pg_prepared_statements, on a pool of one connection), so each case below fails if
// the units were inlined instead, prepared anew each time, or lost. Real server only.
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { sql } from 'kysely'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UniqueViolation } from '../../src/store/backend'
import { openPostgres, preparedScripts } from '../../src/store/postgres'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'

const nameOf = (text: string) => `dt_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`

describe.skipIf(!TEST_DATABASE_URL)('prepared statements of atomic units (TEST_DATABASE_URL)', () => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await freshPostgres()
    await sql`create table probe (id integer primary key, t text)`.execute(pg.backend.db)
  })
  afterAll(async () => {
    await pg.backend.close()
    await pg.drop()
  })

  /** A backend on one connection, so its reads see the session its units ran on. */
  const single = (prepare = true) => openPostgres(pg.url as string, { max: 1, prepare })
  type Single = ReturnType<typeof single>
  const insert = (b: Single, id: number, t: string) =>
    b.db
      .insertInto('probe' as never)
      .values({ id, t } as never)
      .compile()
  const session = async (b: Single) =>
    (
      await sql<{
        name: string
        statement: string
        runs: number
        pid: number
      }>`select name, statement, (generic_plans + custom_plans)::int as runs, pg_backend_pid() as pid
         from pg_prepared_statements order by name`.execute(b.db)
    ).rows
  const count = async (b: Single, id: number) =>
    Number((await sql<{ n: string }>`select count(*) as n from probe where id = ${id}`.execute(b.db)).rows[0]?.n ?? -1)

  it('prepares a text once per connection, under its hash, and runs it by EXECUTE', async () => {
    const b = single()
    try {
      await b.atomic([insert(b, 1, 'a')])
      await b.atomic([insert(b, 2, "it's")])
      await b.atomic([insert(b, 3, '$1')])
      const text = insert(b, 0, '').sql
      const held = await session(b)
      expect(held.map((s) => s.name)).toEqual([nameOf(text)])
      expect(held[0]?.statement).toBe(`prepare ${nameOf(text)} as ${text}`)
      expect(held[0]?.runs).toBe(3)
      const rows = await sql<{ id: number; t: string }>`select id, t from probe where id <= 3 order by id`.execute(b.db)
      expect(rows.rows).toEqual([
        { id: 1, t: 'a' },
        { id: 2, t: "it's" },
        { id: 3, t: '$1' },
      ])
    } finally {
      await b.close()
    }
  })

  it('inlines a text the server will not prepare (a parameter of no inferable type), and runs it', async () => {
    const b = single()
    try {
      const query = sql<{ x: boolean }>`select ${null} is null as x`.compile(b.db)
      expect(await b.atomic([query])).toEqual([[{ x: true }]])
      expect(await b.atomic([query])).toEqual([[{ x: true }]])
      expect((await session(b)).map((s) => s.name)).not.toContain(nameOf(query.sql))
    } finally {
      await b.close()
    }
  })

  it('keeps the connection and its statements through a unit the server refuses', async () => {
    const b = single()
    try {
      const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(b.db)).rows[0]?.pid
      await b.atomic([insert(b, 10, 'first')])
      const [before, held] = [await pid(), await session(b)]
      expect(held).toHaveLength(1)
      await expect(b.atomic([insert(b, 11, 'x'), insert(b, 10, 'again')])).rejects.toBeInstanceOf(UniqueViolation)
      expect(await count(b, 11)).toBe(0)
      expect(await pid()).toBe(before)
      expect((await session(b)).map((s) => s.name)).toEqual(held.map((s) => s.name))
    } finally {
      await b.close()
    }
  })

  it('sends a unit again, inlined, when the session has lost its statements, and writes it once', async () => {
    const b = single()
    try {
      await b.atomic([insert(b, 20, 'prepared')])
      expect(await session(b)).toHaveLength(1)
      await sql`deallocate all`.execute(b.db)
      await b.atomic([insert(b, 21, 'after the loss')])
      await b.atomic([insert(b, 22, 'inlined from then on')])
      expect(await count(b, 21)).toBe(1)
      expect(await count(b, 22)).toBe(1)
      expect(await session(b)).toEqual([])
    } finally {
      await b.close()
    }
  })

  it('takes a statement already prepared under the name as the same text (the name is its hash)', async () => {
    const b = single()
    try {
      const text = insert(b, 0, '').sql
      await sql.raw(`prepare ${nameOf(text)} as ${text}`).execute(b.db)
      await b.atomic([insert(b, 30, 'x')])
      const held = await session(b)
      expect(held.map((s) => [s.name, s.runs])).toEqual([[nameOf(text), 1]])
    } finally {
      await b.close()
    }
  })

  it('discards a connection the server ends during a unit, and prepares again on the next one', async () => {
    const b = single()
    const other = single()
    try {
      await b.atomic([insert(b, 50, 'x')])
      const [held] = await session(b)
      // The unit is still running when its session is terminated (FATAL 57P01, then the socket ends).
      const lost = b.atomic([insert(b, 51, 'lost'), sql`select pg_sleep(5)`.compile(b.db)])
      // It may fail before the terminating query below answers: handled from now on, checked below.
      lost.catch(() => undefined)
      await new Promise((r) => setTimeout(r, 200))
      await sql`select pg_terminate_backend(${held?.pid as number})`.execute(other.db)
      await expect(lost).rejects.toThrow()
      await b.atomic([insert(b, 52, 'after')])
      const now = await session(b)
      expect(now.map((s) => s.name)).toEqual([held?.name])
      expect(now[0]?.pid).not.toBe(held?.pid)
      expect(await count(b, 51)).toBe(0)
      expect(await count(b, 52)).toBe(1)
    } finally {
      await b.close()
      await other.close()
    }
  })

  it('prepares nothing when prepare is off', async () => {
    const b = single(false)
    try {
      await b.atomic([insert(b, 40, 'x')])
      await b.atomic([insert(b, 41, 'y')])
      expect(await count(b, 41)).toBe(1)
      expect(await session(b)).toEqual([])
    } finally {
      await b.close()
    }
  })
})

describe('a connection that fails while it is out of the pool', () => {
  it('is heard (the process goes on) and handed back as broken, even when the query then answers', async () => {
    const released: unknown[] = []
    const client = Object.assign(new EventEmitter(), {
      // The socket reports an error while the query is pending; the query still answers.
      query: () =>
        new Promise((resolve) => {
          setImmediate(() => {
            client.emit('error', new Error('Connection terminated unexpectedly'))
            resolve({ rows: [{ one: 1 }] })
          })
        }),
      release: (broken?: boolean) => released.push(broken),
    })
    const pool = { connect: async () => client } as unknown as pg.Pool
    const run = preparedScripts(pool, false)
    expect(await run([{ sql: 'select 1 as one', parameters: [] }])).toEqual([[{ one: 1 }]])
    expect(released).toEqual([true])
    // The discarded client keeps a listener: a later error on its socket is heard too.
    expect(() => client.emit('error', new Error('again'))).not.toThrow()
  })
})
