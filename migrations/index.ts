// A static list, so the migrations bundle for Cloudflare Workers too (no directory reads).
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_initial'

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
