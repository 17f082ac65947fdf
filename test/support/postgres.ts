// PostgreSQL for tests: the machine's real server when TEST_DATABASE_URL is set (CI starts one),
// else PGlite, PostgreSQL compiled to WebAssembly and run in process, so the PostgreSQL SQL of
// every query is exercised by a plain `npm test` too. Each call gets an empty database: a fresh
// schema on the real server (dropped by `drop`), a fresh PGlite instance otherwise.
import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import type { Backend } from '../../src/store/backend'
import { unitScript } from '../../src/store/pg-script'
import { openPostgres, postgresBackend, type RunScript } from '../../src/store/postgres'
import type { Database } from '../../src/store/schema'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

export interface TestPostgres {
  /** Which server: 'postgres' (a real server) or 'pglite'. */
  kind: 'postgres' | 'pglite'
  backend: Backend
  /** A second, independent connection pool on the same database (real server only). */
  reopen?: () => Promise<Backend>
  /** The URL of this database (real server only): its search_path selects the fresh schema. */
  url?: string
  drop: () => Promise<void>
}

/** A URL whose connections use `schema` (libpq's `options` parameter). */
export function urlWithSchema(base: string, schema: string): string {
  const u = new URL(base)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

export async function freshPostgres(): Promise<TestPostgres> {
  if (TEST_DATABASE_URL) {
    const schema = `t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const url = urlWithSchema(TEST_DATABASE_URL, schema)
    return {
      kind: 'postgres',
      backend: openPostgres(url, { max: 4 }),
      reopen: async () => openPostgres(url, { max: 4 }),
      url,
      drop: async () => {
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
        await c.connect()
        await c.query(`drop schema ${schema} cascade`)
        await c.end()
      },
    }
  }
  // One PGlite per test file (starting one takes seconds); each call gets a fresh schema on it.
  lite ??= new PGlite()
  const instance = lite
  const schema = `t_${randomBytes(6).toString('hex')}`
  await instance.exec(`create schema ${schema}; set search_path to ${schema}`)
  const db = new Kysely<Database>({ dialect: new PGliteDialect(instance) })
  // Closing the Kysely instance would close the shared PGlite: a closed backend just stops here.
  const drop = async () => {
    await instance.exec(`drop schema if exists ${schema} cascade`)
  }
  // Atomic units go to PGlite's `exec` (the simple query protocol: one implicit transaction).
  const runScript: RunScript = async (statements) =>
    (await instance.exec(unitScript(statements))).map((r) => r.rows as Array<Record<string, unknown>>)
  return { kind: 'pglite', backend: postgresBackend(db, async () => undefined, runScript), drop }
}

let lite: PGlite | undefined
