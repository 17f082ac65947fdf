import { Migrator, sql } from 'kysely'
import { migrationProvider, migrations } from '../../migrations/index'
import type { Backend } from './backend'

/**
 * On PostgreSQL the migration tables live in the connection's current schema, like every other
 * table, so several deployments (one per jurisdiction, say) can share a database, each with its
 * own search_path. Without this, Kysely would see another schema's migration table and skip ours.
 */
async function migratorFor(backend: Backend): Promise<Migrator> {
  let migrationTableSchema: string | undefined
  if (backend.dialect === 'postgres') {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(backend.db)
    migrationTableSchema = r.rows[0]?.schema
  }
  return new Migrator({
    db: backend.db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
}

export async function migrateToLatest(backend: Backend): Promise<string[]> {
  const migrator = await migratorFor(backend)
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/**
 * True when the database is at exactly this version's migrations (for /readyz): every shipped
 * migration applied, and none applied that this version does not know (a newer version migrated
 * the database; `restore` refuses such a file for the same reason).
 */
export async function migrationsCurrent(backend: Backend): Promise<boolean> {
  const migrator = await migratorFor(backend)
  if ((await migrator.getMigrations()).some((m) => m.executedAt === undefined)) return false
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(backend.db)
  return rows.every((r) => Object.hasOwn(migrations, r.name))
}
