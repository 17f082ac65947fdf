// The Cloudflare D1 backend. D1 has no interactive transactions, so an atomic unit is one batch():
// D1 runs a batch as a single SQL transaction and rolls all of it back when any statement fails.
// That is exactly the shape every write here already has (read the head, decide, write once,
// guarded by unique constraints), so no other code differs. A statement binds at most 100
// parameters on D1: callers keep under it (see `chunks` in ledger-store.ts).
import type { D1Database } from '@cloudflare/workers-types'
import { type DatabaseIntrospector, type DatabaseMetadata, Kysely, type TableMetadata } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import { type Backend, uniqueViolationFromSqliteMessage } from './backend'
import type { Database } from './schema'

/**
 * Kysely's SQLite introspector reads pragma_table_info of every table, and D1 refuses that for
 * its own internal tables (`_cf_KV`: SQLITE_AUTH), which breaks the migrator. The migrator only
 * asks which tables exist, so names are all this one reads, leaving D1's tables out.
 */
class D1Introspector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas() {
    return []
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await (this.db as unknown as Kysely<{ sqlite_master: { name: string; type: string } }>)
      .selectFrom('sqlite_master')
      .select(['name', 'type'])
      .where('type', 'in', ['table', 'view'])
      .orderBy('name')
      .execute()
    return rows
      .filter((r) => !/^(sqlite_|_cf_)/.test(r.name))
      .map((r) => ({ name: r.name, isView: r.type === 'view', columns: [] }))
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

class D1MigratableDialect extends D1Dialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new D1Introspector(db)
  }
}

export function openD1(database: D1Database): Backend {
  const db = new Kysely<Database>({ dialect: new D1MigratableDialect({ database }) })
  return {
    dialect: 'd1',
    db,
    async atomic(queries) {
      if (queries.length === 0) return []
      const statements = queries.map((q) => database.prepare(q.sql).bind(...(q.parameters as unknown[])))
      try {
        const results = await database.batch<Record<string, unknown>>(statements)
        return results.map((r) => r.results ?? [])
      } catch (e) {
        // "D1_ERROR: UNIQUE constraint failed: events.stream_id, events.version: SQLITE_CONSTRAINT"
        const cause = (e as { cause?: { message?: string } }).cause?.message ?? ''
        throw uniqueViolationFromSqliteMessage(`${(e as Error).message} ${cause}`) ?? e
      }
    },
    async close() {
      await db.destroy()
    },
  }
}
