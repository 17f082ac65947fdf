// SQLite group commit (src/store/sqlite.ts): units submitted together are written in one
// transaction with a savepoint each, on the writer thread (file databases) or inline (in-memory
// ones; here on a file, forced). What must hold whatever the batching and the thread: a unit is
// acknowledged only once it is committed (another connection sees it), a failing unit is rolled
// back alone and gets its own error, and the units around it commit.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type CompiledQuery, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/store/backend'
import { UniqueViolation } from '../../src/store/backend'
import { openSqlite, type SqliteOptions } from '../../src/store/sqlite'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function setupWith(
  options: SqliteOptions,
): Promise<{ backend: Backend; other: SqliteDatabase.Database; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'dt-group-commit-')), 'db.sqlite')
  const backend = openSqlite(file, options)
  await sql`create table t (id integer primary key, v text not null unique)`.execute(backend.db)
  // A second connection, as another process would have: it sees only what was committed.
  const other = new SqliteDatabase(file, { readonly: true })
  cleanup.push(
    () => backend.close(),
    () => void other.close(),
  )
  return { backend, other, file }
}

const insert = (backend: Backend, id: number, v: string): CompiledQuery =>
  sql`insert into t (id, v) values (${id}, ${v})`.compile(backend.db)

const visible = (other: SqliteDatabase.Database) =>
  (other.prepare('select id from t order by id').all() as Array<{ id: number }>).map((r) => r.id)

describe.each([{ writer: 'thread' as const }, { writer: 'inline' as const }])(
  'SQLite group commit ($writer)',
  (options) => {
    const setup = () => setupWith(options)

    it('acknowledges each of many concurrent units only once another connection sees it committed', async () => {
      const { backend, other } = await setup()
      const seenAtAck: boolean[] = []
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          backend.atomic([insert(backend, i + 1, `v${i + 1}`)]).then(() => {
            seenAtAck.push(visible(other).includes(i + 1))
          }),
        ),
      )
      expect(seenAtAck).toHaveLength(50)
      expect(seenAtAck.every(Boolean)).toBe(true)
      expect(visible(other)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    })

    it('rolls back a unit whose unique constraint fires, alone, with UniqueViolation; the others commit', async () => {
      const { backend, other } = await setup()
      const results = await Promise.allSettled([
        backend.atomic([insert(backend, 1, 'a'), insert(backend, 2, 'b')]),
        // Its first row is fine, its second clashes with the unit before it: neither may remain.
        backend.atomic([insert(backend, 3, 'c'), insert(backend, 4, 'a')]),
        backend.atomic([insert(backend, 5, 'e')]),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      const reason = (results[1] as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(UniqueViolation)
      expect((reason as UniqueViolation).table).toBe('t')
      expect(visible(other)).toEqual([1, 2, 5])
    })

    it('rolls back a unit with a failing statement alone and returns the rows of the others', async () => {
      const { backend, other } = await setup()
      const results = await Promise.allSettled([
        backend.atomic([insert(backend, 1, 'a'), sql`select v from t where id = 1`.compile(backend.db)]),
        backend.atomic([insert(backend, 2, 'b'), sql`insert into no_such_table values (1)`.compile(backend.db)]),
        backend.atomic([insert(backend, 3, 'c')]),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((results[0] as PromiseFulfilledResult<unknown>).value).toEqual([[], [{ v: 'a' }]])
      expect(visible(other)).toEqual([1, 3])
    })

    it('commits the units queued before close', async () => {
      const { backend, other } = await setup()
      const pending = [backend.atomic([insert(backend, 1, 'a')]), backend.atomic([insert(backend, 2, 'b')])]
      await backend.close()
      await expect(Promise.all(pending)).resolves.toHaveLength(2)
      expect(visible(other)).toEqual([1, 2])
    })

    it('refuses a unit while the connection is inside a long transaction, which it leaves whole', async () => {
      const { backend, other } = await setup()
      let refused: unknown
      await backend.db.transaction().execute(async (trx) => {
        await sql`insert into t (id, v) values (1, 'inside')`.execute(trx)
        refused = await backend.atomic([insert(backend, 2, 'outside')]).catch((e: unknown) => e)
        // Still one transaction: nothing of it is visible yet, and it goes on.
        expect(visible(other)).toEqual([])
        await sql`insert into t (id, v) values (3, 'inside too')`.execute(trx)
      })
      expect(refused).toBeInstanceOf(Error)
      expect(String(refused)).toMatch(/long transaction/)
      expect(visible(other)).toEqual([1, 3])
      // Once it has ended, units are written again.
      await backend.atomic([insert(backend, 2, 'outside')])
      expect(visible(other)).toEqual([1, 2, 3])
    })
  },
)

describe('SQLite writer thread', () => {
  // data_version changes on a connection when ANOTHER connection commits to the file.
  const dataVersion = async (backend: Backend) =>
    Number((await sql<{ data_version: number }>`pragma data_version`.execute(backend.db)).rows[0]?.data_version)

  it('writes overlapping units of a file database on a connection of its own, a lone unit on the main one', async () => {
    const thread = await setupWith({})
    // Alone, with the thread idle: written on the main connection, whose data_version stays.
    const before = await dataVersion(thread.backend)
    await thread.backend.atomic([insert(thread.backend, 1, 'a')])
    expect(await dataVersion(thread.backend)).toBe(before)
    // Overlapping: written by the thread's connection; the main one sees a foreign commit.
    await Promise.all([2, 3, 4].map((id) => thread.backend.atomic([insert(thread.backend, id, `v${id}`)])))
    expect(await dataVersion(thread.backend)).not.toBe(before)
    // The main connection reads what the thread committed as soon as the units are acknowledged.
    expect((await sql<{ id: number }>`select id from t order by id`.execute(thread.backend.db)).rows).toEqual(
      [1, 2, 3, 4].map((id) => ({ id })),
    )

    const inline = await setupWith({ writer: 'inline' })
    const inlineBefore = await dataVersion(inline.backend)
    await Promise.all([1, 2, 3].map((id) => inline.backend.atomic([insert(inline.backend, id, `v${id}`)])))
    expect(await dataVersion(inline.backend)).toBe(inlineBefore)
  })

  it('groups units sent while a transaction is being written, each acknowledged after its commit', async () => {
    const { backend, other } = await setupWith({})
    // A first unit starts the thread; then the log is emptied, so its frames count what follows.
    await backend.atomic([insert(backend, 1000, 'first')])
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(backend.db)
    const acked: number[] = []
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        backend.atomic([insert(backend, i + 1, `v${i + 1}`)]).then(() => {
          if (visible(other).includes(i + 1)) acked.push(i + 1)
        }),
      ),
    )
    expect(acked).toHaveLength(200)
    expect(visible(other)).toHaveLength(201)
    // Each commit appends the pages it changed to the log (here at least the table's leaf page):
    // 200 commits would leave 200 frames or more; grouped, they leave a few.
    const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(backend.db)
    const log = rows[0]?.log ?? -1
    expect(log).toBeGreaterThan(0)
    expect(log).toBeLessThan(40)
  })

  it('rejects the units of a writer thread that dies, and writes again afterwards', async () => {
    const { backend, other } = await setupWith({
      writerEntry: new URL('../fixtures/dying-sqlite-writer.mjs', import.meta.url),
    })
    // Together, so they go to the thread, which exits on them: neither is written, both rejected.
    const results = await Promise.allSettled([1, 2].map((id) => backend.atomic([insert(backend, id, `v${id}`)])))
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/writer thread stopped.*exited with code 3/)
    expect(visible(other)).toEqual([])
    // A unit alone, the thread gone: written on the main connection.
    await backend.atomic([insert(backend, 3, 'v3')])
    expect(visible(other)).toEqual([3])
    // Overlapping units start a new thread (which dies again here): refused, never hung.
    const again = await Promise.allSettled([4, 5].map((id) => backend.atomic([insert(backend, id, `v${id}`)])))
    expect(again.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(visible(other)).toEqual([3])
  })

  it('lets a process exit without close once its units are written (an idle thread holds nothing open)', async () => {
    const { execFileSync } = await import('node:child_process')
    const file = join(mkdtempSync(join(tmpdir(), 'dt-writer-exit-')), 'db.sqlite')
    const script = `
      import { sql } from 'kysely'
      import { openSqlite } from './src/store/sqlite.ts'
      const backend = openSqlite(${JSON.stringify(file)})
      await sql\`create table t (id integer primary key)\`.execute(backend.db)
      // Together, so that they go to the writer thread (which then idles, unclosed).
      await Promise.all([7, 8].map((id) => backend.atomic([sql\`insert into t (id) values (\${id})\`.compile(backend.db)])))
      console.log('written')
    `
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      timeout: 20_000,
      encoding: 'utf8',
    })
    expect(out.trim()).toBe('written')
    const check = new SqliteDatabase(file, { readonly: true })
    cleanup.push(() => void check.close())
    expect(check.prepare('select id from t order by id').all()).toEqual([{ id: 7 }, { id: 8 }])
  })
})
