// A static list, so the migrations bundle for Cloudflare Workers too (no directory reads).
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_compliance_projection'
import * as m0003 from './0003_ledger'

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_compliance_projection': m0002,
  '0003_ledger': m0003,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
