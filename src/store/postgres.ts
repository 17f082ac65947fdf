// The PostgreSQL backend: many Node processes on one server. Reads are plain Kysely; an atomic unit
// is one READ COMMITTED transaction. The one subtle part is the global feed: `events.position`
// comes from a sequence, and sequence values are handed out at insert time, not at commit, so two
// concurrent appends could commit in the opposite order of their positions and a feed reader
// polling `position > cursor` could step past an event that commits a moment later. Every unit
// that inserts events therefore takes one transaction-scoped advisory lock just before its event
// inserts and holds it to COMMIT: positions are handed out in commit order, and a reader that sees
// position p has already been able to see every committed position below p (docs/operations.md).
// Everything before the lock (stream head, projections, idempotency) runs concurrently.
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { type AtomicOptions, type Backend, UniqueViolation } from './backend'
import type { Database } from './schema'

/** The advisory lock key of the feed sequencer ("decision-trail feed", as two int4). */
const FEED_LOCK: readonly [number, number] = [0x64742d66, 0x65656400]

/** Deadlock and serialization failures: the whole unit is retried, nothing of it was written. */
const RETRYABLE = new Set(['40P01', '40001'])
const MAX_ATTEMPTS = 5

interface PgError {
  code?: string
  table?: string
  constraint?: string
  detail?: string
  message: string
}

/** 23505 with "Key (stream_id, version)=(…) already exists." in its detail. */
export function uniqueViolationFromPg(e: unknown): UniqueViolation | undefined {
  const err = e as PgError
  if (err?.code !== '23505') return undefined
  const columns = /^Key \(([^)]*)\)=/.exec(err.detail ?? '')?.[1] ?? err.constraint ?? ''
  return new UniqueViolation(err.table ?? '', columns, err.message)
}

/** A Backend over any Kysely instance speaking PostgreSQL (node-postgres pool, or PGlite in tests). */
export function postgresBackend(db: Kysely<Database>, close: () => Promise<void>): Backend {
  const runOnce = (queries: readonly CompiledQuery[], options: AtomicOptions | undefined) =>
    db.transaction().execute(async (trx) => {
      const out: Array<Array<Record<string, unknown>>> = []
      for (const [i, q] of queries.entries()) {
        if (i === options?.orderedFrom)
          await sql`select pg_advisory_xact_lock(${FEED_LOCK[0]}, ${FEED_LOCK[1]})`.execute(trx)
        out.push((await trx.executeQuery(q)).rows as Array<Record<string, unknown>>)
      }
      return out
    })
  return {
    dialect: 'postgres',
    db,
    async atomic(queries, options) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await runOnce(queries, options)
        } catch (e) {
          const unique = uniqueViolationFromPg(e)
          if (unique) throw unique
          if (attempt < MAX_ATTEMPTS && RETRYABLE.has((e as PgError)?.code ?? '')) continue
          throw e
        }
      }
    },
    close,
  }
}

export interface PostgresOptions {
  /** Connections per process (default 10). Size it so processes × max stays under max_connections. */
  max?: number | undefined
}

/** Opens a pool on a postgres:// URL. Nothing connects until the first query. */
export function openPostgres(url: string, options: PostgresOptions = {}): Backend {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 })
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it and the next query reconnects.
  pool.on('error', () => undefined)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return postgresBackend(db, () => db.destroy())
}
