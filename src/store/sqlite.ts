// The embedded SQLite backend: better-sqlite3 in WAL mode with synchronous=FULL, so an append
// acknowledged to a client survives a power cut. Writes bypass Kysely's async driver and run as
// synchronous BEGIN IMMEDIATE transactions with cached prepared statements (fast, and no other
// JavaScript can interleave inside them).
//
// Group commit: the units passed to atomic() while the event loop is busy are collected until
// setImmediate and written in ONE transaction, one SAVEPOINT per unit. A unit that fails (a
// unique constraint, a bad statement) is rolled back to its savepoint alone and rejected; the
// others commit together, and every promise settles only after the COMMIT, so nothing is
// acknowledged before it is durable. Under concurrent load one fsync then covers many appends.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { type Backend, uniqueViolationFromSqliteMessage } from './backend'
import type { Database } from './schema'

type Rows = Array<Array<Record<string, unknown>>>

interface Unit {
  queries: readonly CompiledQuery[]
  resolve: (rows: Rows) => void
  reject: (error: unknown) => void
}

const asUniqueViolation = (e: unknown) => uniqueViolationFromSqliteMessage((e as Error).message) ?? e

export function openSqlite(file: string): Backend {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const raw = new SqliteDatabase(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.pragma('busy_timeout = 10000')
  raw.pragma('foreign_keys = ON')
  const statements = new Map<string, SqliteDatabase.Statement>()
  const prepare = (text: string) => {
    let s = statements.get(text)
    if (!s) {
      // Bounded: queries whose text varies (IN lists of any length) must not grow it forever.
      if (statements.size >= 5000) statements.clear()
      s = raw.prepare(text)
      statements.set(text, s)
    }
    return s
  }
  // Kysely's driver prepares every query it runs; reads reuse the cached statement instead (a
  // statement still iterating a streamed query is busy, and gets a fresh one).
  const cached = new Proxy(raw, {
    get(target, key) {
      if (key === 'prepare')
        return (text: string) => {
          const s = prepare(text)
          return s.busy ? target.prepare(text) : s
        }
      const value = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) })
  const runQueries = (queries: readonly CompiledQuery[]): Rows =>
    queries.map((q) => {
      const stmt = prepare(q.sql)
      const params = q.parameters as unknown[]
      if (stmt.reader) return stmt.all(...params) as Array<Record<string, unknown>>
      stmt.run(...params)
      return []
    })

  let queue: Unit[] = []
  let scheduled = false

  /** Writes every queued unit in one transaction; settles each unit's promise after the commit. */
  const flush = () => {
    scheduled = false
    const batch = queue
    queue = []
    const outcomes: Array<{ rows: Rows } | { error: unknown }> = []
    if (raw.inTransaction) {
      // The one connection is inside a transaction of its own (rebuild-projections runs as one):
      // BEGIN would fail, and the ROLLBACK below would end that transaction, not ours. Refuse the
      // units instead, and leave the transaction under way alone.
      const busy = new Error('the database is inside a long transaction (a rebuild); try again when it has finished')
      for (const unit of batch) unit.reject(busy)
      return
    }
    try {
      prepare('BEGIN IMMEDIATE').run()
      if (batch.length === 1) {
        // Alone: the transaction is the unit, no savepoint needed.
        outcomes.push({ rows: runQueries((batch[0] as Unit).queries) })
      } else {
        for (const unit of batch) {
          prepare('SAVEPOINT unit').run()
          try {
            outcomes.push({ rows: runQueries(unit.queries) })
            prepare('RELEASE unit').run()
          } catch (error) {
            // A statement error can abort the whole transaction (SQLITE_FULL, I/O): then nothing
            // of the batch is written and every unit fails below.
            if (!raw.inTransaction) throw error
            prepare('ROLLBACK TO unit').run()
            prepare('RELEASE unit').run()
            outcomes.push({ error })
          }
        }
      }
      prepare('COMMIT').run()
    } catch (error) {
      if (raw.inTransaction) prepare('ROLLBACK').run()
      for (const unit of batch) unit.reject(asUniqueViolation(error))
      return
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i] as { rows: Rows } | { error: unknown }
      if ('rows' in outcome) unit.resolve(outcome.rows)
      else unit.reject(asUniqueViolation(outcome.error))
    })
  }

  return {
    dialect: 'sqlite',
    db,
    atomic(queries) {
      return new Promise<Rows>((resolve, reject) => {
        queue.push({ queries, resolve, reject })
        if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
      })
    },
    async close() {
      // Units queued before close still get their commit.
      while (scheduled) await new Promise((resolve) => setImmediate(resolve))
      await db.destroy()
    },
  }
}
