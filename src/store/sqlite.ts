// The embedded SQLite backend: better-sqlite3 in WAL mode with synchronous=FULL, so an append
// acknowledged to a client survives a power cut. Reads go through Kysely on the main connection,
// with cached prepared statements. Writes bypass Kysely's async driver: each atomic() unit runs in
// a synchronous BEGIN IMMEDIATE transaction (no other JavaScript can interleave inside it).
//
// Group commit: units are written several to a transaction, one SAVEPOINT per unit. A unit that
// fails (a unique constraint, a bad statement) is rolled back to its savepoint alone and rejected;
// the others commit together, and every promise settles only after the COMMIT, so nothing is
// acknowledged before it is durable. Under concurrent load one fsync then covers many appends.
//
// On a database file, units that overlap run on a writer thread with a connection of its own
// (sqlite-writer.mjs): the statements, the fsync of COMMIT and WAL checkpoints no longer stop the
// main thread, and the units submitted while one transaction is being written form the next one.
// A unit that comes alone while the thread is idle, and every unit of an in-memory database (one
// connection only), is collected until setImmediate and written on the main thread.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { type Backend, uniqueViolationFromSqliteMessage } from './backend'
import type { Database } from './schema'
import { configure, statementCache, type UnitQuery, writeUnits } from './sqlite-units.mjs'

type Rows = Array<Array<Record<string, unknown>>>

interface Pending {
  resolve: (rows: Rows) => void
  reject: (error: unknown) => void
}

/** How a unit fared on the writer thread: its rows, or what refused it (an Error does not cross as itself). */
type Reply = { id: number; rows: Rows } | { id: number; error: { message: string; code?: string } }

const asUniqueViolation = (e: unknown) => uniqueViolationFromSqliteMessage((e as Error).message) ?? e

const unitQueries = (queries: readonly CompiledQuery[]): UnitQuery[] =>
  queries.map((q) => ({ sql: q.sql, parameters: q.parameters }))

/** Refused while the main connection is inside a transaction of its own (rebuild-projections runs as one). */
const longTransaction = () =>
  new Error('the database is inside a long transaction (a rebuild); try again when it has finished')

export interface SqliteOptions {
  /**
   * Where a file database's units are written: on the writer thread when they overlap, on the
   * main thread when one comes alone (the default, 'thread'), or always on the main thread,
   * collected until setImmediate ('inline'). An in-memory database is always written inline.
   */
  writer?: 'thread' | 'inline'
  /** The writer thread's entry module (default `sqlite-writer.mjs`; the tests substitute one that dies). */
  writerEntry?: URL
}

type Queued = Pending & { queries: readonly CompiledQuery[] }

/**
 * Units written on the main thread, collected until setImmediate. `divert`, when given, sees each
 * collected batch first and may take it elsewhere (the writer thread) by returning true.
 */
function inlineWriter(
  raw: SqliteDatabase.Database,
  prepare: (text: string) => SqliteDatabase.Statement,
  divert?: (batch: Queued[]) => boolean,
) {
  let queue: Queued[] = []
  let scheduled = false

  /** Writes every queued unit in one transaction; settles each unit's promise after the commit. */
  const flush = () => {
    scheduled = false
    const batch = queue
    queue = []
    if (divert?.(batch)) return
    if (raw.inTransaction) {
      // BEGIN would fail, and the ROLLBACK after it would end that transaction, not ours.
      for (const unit of batch) unit.reject(longTransaction())
      return
    }
    let outcomes: ReturnType<typeof writeUnits>
    try {
      outcomes = writeUnits(
        raw,
        prepare,
        batch.map((u) => unitQueries(u.queries)),
      )
    } catch (error) {
      for (const unit of batch) unit.reject(asUniqueViolation(error))
      return
    }
    batch.forEach((unit, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number]
      if ('rows' in outcome) unit.resolve(outcome.rows)
      else unit.reject(asUniqueViolation(outcome.error))
    })
  }

  return {
    atomic: (queries: readonly CompiledQuery[]) =>
      new Promise<Rows>((resolve, reject) => {
        queue.push({ queries, resolve, reject })
        if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
      }),
    async close() {
      // Units queued before close still get their commit.
      while (scheduled) await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

/**
 * Units written by the writer thread (sqlite-writer.mjs), started with the first unit sent to it.
 * A unit that comes alone while the thread has nothing to do is written on the main thread
 * instead (collected until setImmediate, as in memory): one append after another then pays no
 * hop between threads and keeps the main connection's page cache, which a commit by the thread
 * empties. As soon as units overlap, they go to the thread. If the thread dies, the units it had
 * are rejected (whether their transaction committed is then unknown, as with a crash) and the
 * next unit sent starts a new one.
 */
function threadWriter(
  file: string,
  raw: SqliteDatabase.Database,
  prepare: (text: string) => SqliteDatabase.Statement,
  entry: URL,
) {
  const pending = new Map<number, Pending>()
  let nextId = 1
  let thread: { worker: Worker; port: MessagePort; exited: Promise<void> } | undefined
  let drained: (() => void) | undefined

  const settle = (replies: Reply[]) => {
    for (const reply of replies) {
      const unit = pending.get(reply.id)
      pending.delete(reply.id)
      if (!unit) continue
      if ('rows' in reply) unit.resolve(reply.rows)
      else unit.reject(asUniqueViolation(Object.assign(new Error(reply.error.message), { code: reply.error.code })))
    }
    if (pending.size === 0) {
      thread?.port.unref()
      drained?.()
    }
  }

  const start = () => {
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(entry, {
      workerData: { file, port: port2 },
      transferList: [port2],
      // Not the process's flags (--input-type, --cpu-prof, loaders): the thread needs none.
      execArgv: [],
    })
    worker.unref()
    const current = {
      worker,
      port: port1,
      exited: new Promise<void>((resolve) => worker.once('exit', () => resolve())),
    }
    const died = (error: Error) => {
      if (thread !== current) return
      thread = undefined
      port1.close()
      const lost = [...pending.keys()]
      settle(lost.map((id) => ({ id, error: { message: `the SQLite writer thread stopped: ${error.message}` } })))
    }
    port1.on('message', settle)
    worker.once('error', died)
    worker.once('exit', (code) => died(new Error(`it exited with code ${code}`)))
    return current
  }

  const send = (unit: Queued) => {
    thread ??= start()
    const id = nextId++
    pending.set(id, unit)
    thread.port.ref()
    thread.port.postMessage({ id, queries: unitQueries(unit.queries) })
  }

  const inline = inlineWriter(raw, prepare, (batch) => {
    if (pending.size === 0 && batch.length === 1) return false
    for (const unit of batch) send(unit)
    return true
  })

  return {
    atomic: (queries: readonly CompiledQuery[]): Promise<Rows> => {
      if (raw.inTransaction) return Promise.reject(longTransaction())
      if (pending.size === 0) return inline.atomic(queries)
      return new Promise<Rows>((resolve, reject) => send({ queries, resolve, reject }))
    },
    async close() {
      // Units sent before close still get their commit and their answer.
      await inline.close()
      if (pending.size) await new Promise<void>((resolve) => (drained = resolve))
      const current = thread
      thread = undefined
      if (!current) return
      current.worker.ref() // until it has closed its connection and exited
      current.port.postMessage({ close: true })
      await current.exited
      current.port.close()
    },
  }
}

export function openSqlite(file: string, options: SqliteOptions = {}): Backend {
  const memory = file === ':memory:'
  if (!memory) mkdirSync(dirname(file), { recursive: true })
  const raw = new SqliteDatabase(file)
  configure(raw)
  const prepare = statementCache(raw)
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
  const writer =
    memory || options.writer === 'inline'
      ? inlineWriter(raw, prepare)
      : threadWriter(file, raw, prepare, options.writerEntry ?? new URL('./sqlite-writer.mjs', import.meta.url))

  return {
    dialect: 'sqlite',
    db,
    atomic: (queries) => writer.atomic(queries),
    async close() {
      await writer.close()
      await db.destroy()
    },
  }
}
