// /readyz's "migrations current" (api.md §3): every shipped migration applied, and none that this
// version does not know.
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/store/backend'
import { migrateToLatest, migrationsCurrent } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'

let backend: Backend | undefined
afterEach(async () => {
  await backend?.close()
})

describe('migrationsCurrent', () => {
  it('is true at exactly the shipped migrations, false with one missing or one unknown', async () => {
    backend = openSqlite(':memory:')
    expect(await migrationsCurrent(backend)).toBe(false)
    await migrateToLatest(backend)
    expect(await migrationsCurrent(backend)).toBe(true)
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2027-01-01T00:00:00.000Z')`.execute(
      backend.db,
    )
    expect(await migrationsCurrent(backend)).toBe(false)
    await sql`delete from kysely_migration where name = '9999_from_a_newer_version'`.execute(backend.db)
    expect(await migrationsCurrent(backend)).toBe(true)
    await sql`delete from kysely_migration where name = (select max(name) from kysely_migration)`.execute(backend.db)
    expect(await migrationsCurrent(backend)).toBe(false)
  })
})
