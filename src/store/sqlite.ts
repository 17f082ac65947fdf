// The embedded SQLite backend: better-sqlite3 in WAL mode with synchronous=FULL, so an append
// acknowledged to a client survives a power cut. Writes bypass Kysely's async driver and run as
// one synchronous BEGIN IMMEDIATE transaction with cached prepared statements (fast, and no other
// JavaScript can interleave inside it).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { type Backend, uniqueViolationFromSqliteMessage } from './backend'
import type { Database } from './schema'

export function openSqlite(file: string): Backend {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const raw = new SqliteDatabase(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.pragma('busy_timeout = 10000')
  raw.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  const statements = new Map<string, SqliteDatabase.Statement>()
  const prepare = (text: string) => {
    let s = statements.get(text)
    if (!s) {
      s = raw.prepare(text)
      statements.set(text, s)
    }
    return s
  }
  const run = raw.transaction((queries: readonly CompiledQuery[]) =>
    queries.map((q) => {
      const stmt = prepare(q.sql)
      const params = q.parameters as unknown[]
      if (stmt.reader) return stmt.all(...params) as Array<Record<string, unknown>>
      stmt.run(...params)
      return []
    }),
  )
  return {
    dialect: 'sqlite',
    db,
    async atomic(queries) {
      try {
        return run.immediate(queries)
      } catch (e) {
        throw uniqueViolationFromSqliteMessage((e as Error).message) ?? e
      }
    },
    async close() {
      await db.destroy()
    },
  }
}
