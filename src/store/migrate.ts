import { Migrator } from 'kysely'
import { migrationProvider, migrations } from '../../migrations/index'
import type { Backend } from './backend'

export async function migrateToLatest(backend: Backend): Promise<string[]> {
  const migrator = new Migrator({ db: backend.db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** True when every shipped migration has been applied (for /readyz). */
export async function migrationsCurrent(backend: Backend): Promise<boolean> {
  const migrator = new Migrator({ db: backend.db, provider: migrationProvider })
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length
  return applied === Object.keys(migrations).length
}
