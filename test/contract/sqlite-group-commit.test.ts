// SQLite group commit (src/store/sqlite.ts): units submitted together are written in one
// transaction with a savepoint each. What must hold whatever the batching: a unit is
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
import { openSqlite } from '../../src/store/sqlite'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function setup(): Promise<{ backend: Backend; other: SqliteDatabase.Database }> {
  const file = join(mkdtempSync(join(tmpdir(), 'dt-group-commit-')), 'db.sqlite')
  const backend = openSqlite(file)
  await sql`create table t (id integer primary key, v text not null unique)`.execute(backend.db)
  // A second connection, as another process would have: it sees only what was committed.
  const other = new SqliteDatabase(file, { readonly: true })
  cleanup.push(
    () => backend.close(),
    () => void other.close(),
  )
  return { backend, other }
}

const insert = (backend: Backend, id: number, v: string): CompiledQuery =>
  sql`insert into t (id, v) values (${id}, ${v})`.compile(backend.db)

const visible = (other: SqliteDatabase.Database) =>
  (other.prepare('select id from t order by id').all() as Array<{ id: number }>).map((r) => r.id)

describe('SQLite group commit', () => {
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
})
