// The PostgreSQL backend: many Node processes on one server. Reads are plain Kysely; an atomic unit
// is one READ COMMITTED transaction sent as one multi-statement string, in one round trip
// (pg-script.ts): no BEGIN/COMMIT round trips, and the server runs the unit and its commit back to
// back. Each statement text of a unit is prepared once per connection (PREPARE, in a round trip of
// its own the first time) and run as `EXECUTE name(literals)`: the server parses and plans it once,
// not on every append, and the client no longer scans the text for placeholders.
//
// The one subtle part is the global feed. `events.position` comes from a sequence, and sequence
// values are handed out at insert time, not at commit, so concurrent appends commit in any order
// of their positions: a feed reader polling `position > cursor` could step past a position whose
// event commits a moment later. Commits are not serialized to prevent it (that serialized every
// commit's WAL flush, ~2 ms on this class of disk); instead readers stop below every position
// still in flight, the feed horizon:
//
// - Before its first event insert, a unit registers itself: it takes a transaction-scoped shared
//   advisory lock whose key is the sequence's last value L_w and its schema (FEED_REGISTER). Its positions,
//   drawn after that, are all > L_w. The lock is visible to every session in pg_locks at once, and
//   PostgreSQL releases it only after the commit is visible to new snapshots (or after the abort).
// - A reader first reads the sequence's last value L, then the lowest registered key K (two
//   statements, in that order, FEED_HORIZON), and only then, in a later statement (a later
//   snapshot), the events with position <= H = min(L, K).
//
// Why no event is ever skipped: take an event at position p that the reader's snapshot does not
// see and that commits later. If its unit had registered when pg_locks was read, its key L_w <= p
// is in K, so H <= p and the reader returns nothing above p. If it registered later, it drew p
// after L was read, so p > L >= H. Either way every position the reader returns is below p, and
// the cursor never passes it. (The sequence must hand out values one at a time, CACHE 1, as the
// bigserial of migration 0001 does: a cached block would let a value below L be drawn later.)
import { createHash } from 'node:crypto'
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { type AtomicOptions, type Backend, UniqueViolation } from './backend'
import { executeStatement, inlineParameters, type Statement, statementText, unitScript } from './pg-script'
import type { Database } from './schema'

/**
 * The feed registry's advisory lock keys, two int4: (BASE + (S << 8) + (L >> 31), L & 0x7fffffff).
 * S is a 16-bit tag of the schema (jurisdictions may share a database, one schema each, and
 * pg_locks knows databases, not schemas), so one schema's units in flight never hold back
 * another's feed; two schemas whose tags collide (1 in 65,536) only wait for each other's commits.
 * L up to 2^39 is kept whole, and BASE keeps the keys apart from any other advisory lock.
 */
const FEED_REGISTRY_BASE = 0x44000000
const SCHEMA_TAG = '((hashtext(current_schema()) & 65535)::int8 << 8)'
const REGISTRY_LOW = `(${FEED_REGISTRY_BASE}::int8 + ${SCHEMA_TAG})`

const LAST_POSITION = `coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'position')::regclass), 0)`

/** Registers the unit as in flight, keyed on a lower bound of the positions it is about to draw. */
export const FEED_REGISTER = {
  sql:
    `select pg_advisory_xact_lock_shared((${REGISTRY_LOW} + ((l >> 31) & 255))::int4, (l & 2147483647)::int4) ` +
    `from (select ${LAST_POSITION} as l) as last_position`,
  parameters: [] as const,
}

/** The registered keys of this schema's units in flight, as positions (column `key`, int8). */
export const FEED_REGISTERED =
  `select (classid::int8 - ${REGISTRY_LOW}) * 2147483648 + objid::int8 as key from pg_locks ` +
  `where locktype = 'advisory' and objsubid = 2 and classid::int8 between ${REGISTRY_LOW} and ${REGISTRY_LOW} + 255 ` +
  'and database = (select oid from pg_database where datname = current_database())'

/** Run in this order: the sequence's last value, then the lowest key still registered. */
export const FEED_HORIZON = [
  { sql: `select ${LAST_POSITION}::text as l`, parameters: [] as const },
  { sql: `select min(key)::text as k from (${FEED_REGISTERED}) as registered`, parameters: [] as const },
]

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

/**
 * Runs the statements as one multi-statement string with the simple query protocol, as one
 * implicit transaction, in one round trip, and returns the rows of each statement in order
 * (node-postgres: `preparedScripts`; PGlite in tests: `exec` of `unitScript`).
 */
export type RunScript = (statements: readonly Statement[]) => Promise<Array<Array<Record<string, unknown>>>>

/**
 * A Backend over any Kysely instance speaking PostgreSQL (node-postgres pool, or PGlite in tests)
 * for reads, and `runScript` on the same database for atomic units and the feed horizon.
 */
export function postgresBackend(db: Kysely<Database>, close: () => Promise<void>, runScript: RunScript): Backend {
  const runOnce = async (queries: readonly CompiledQuery[], options: AtomicOptions | undefined) => {
    const at = options?.orderedFrom
    const registered = at !== undefined && at >= 0 && at < queries.length
    const statements = registered ? [...queries.slice(0, at), FEED_REGISTER, ...queries.slice(at)] : queries
    const results = await runScript(statements)
    if (results.length !== statements.length)
      throw new Error(`atomic: ${statements.length} statements answered with ${results.length} results`)
    if (registered) results.splice(at, 1)
    return results
  }
  return {
    dialect: 'postgres',
    db,
    async atomic(queries, options) {
      if (queries.length === 0) return []
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
    async feedHorizon() {
      const [last, registered] = await runScript(FEED_HORIZON)
      const l = Number(last?.[0]?.l ?? 0)
      const k = registered?.[0]?.k
      return k === null || k === undefined ? l : Math.min(l, Number(k))
    },
    close,
  }
}

export interface PostgresOptions {
  /** Connections per process (default 10). Size it so processes × max stays under max_connections. */
  max?: number | undefined
  /**
   * Prepare the statements of atomic units on each connection (default true). Off (PG_PREPARE=0)
   * for a pooler that hands one client's transactions to different server sessions (PgBouncer's
   * transaction mode): a session there may hold another client's statements, or none.
   */
  prepare?: boolean | undefined
}

/** At most this many statement texts are prepared per connection; any others are inlined. */
const PREPARED_PER_CONNECTION = 256

/** What one connection has prepared, by statement text, and the texts it would not prepare. */
interface Session {
  names: Map<string, string>
  refused: Set<string>
  /** The session lost its statements once (26000): it inlines everything from then on. */
  off: boolean
}

const names = new Map<string, string>()

/**
 * A text's statement name: its SHA-256, so a name means the same text on every connection and in
 * every process (a statement found already prepared under it, 42P05, is that text).
 */
function statementName(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    name = `dt_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
    if (names.size < 4 * PREPARED_PER_CONNECTION) names.set(text, name)
  }
  return name
}

/**
 * The SQLSTATE of an error the server answered a statement with and after which its session goes
 * on; undefined for anything else: no answer (a lost socket), or a class that ends or may have
 * ended the session (08 connection exception, 53 insufficient resources, 57 operator intervention
 * but for 57014 query canceled, 58 system error, XX internal error — a FATAL or PANIC among them).
 * Severity is not used: the server sends it translated.
 */
function sessionError(e: unknown): string | undefined {
  if (!(e instanceof pg.DatabaseError) || typeof e.code !== 'string') return undefined
  if (e.code === '57014') return e.code
  return /^(08|53|57|58|XX)/.test(e.code) ? undefined : e.code
}

/**
 * RunScript on a node-postgres pool, with each statement text prepared once per connection.
 * PREPARE runs alone, outside any unit, the first time a connection meets a text (a text the
 * server will not prepare, say a parameter whose type it cannot infer, is inlined from then on);
 * the unit itself is still one string, one implicit transaction, one round trip. A session that
 * has lost its statements (26000: DISCARD ALL, a pooler) failed before writing anything: the unit
 * is sent again with every parameter inlined, and so is every later one on that connection.
 */
export function preparedScripts(pool: pg.Pool, prepare: boolean): RunScript {
  const sessions = new WeakMap<pg.PoolClient, Session>()
  return async (statements) => {
    const client = await pool.connect()
    // A statement's error leaves the connection clean (the implicit transaction is over) with its
    // statements prepared; a lost connection, or an error that ends the session, discards it.
    // While the client is out of the pool nothing else listens to its 'error' event, which the
    // socket's end also raises: unheard, it would end the process.
    let broken = false
    const onError = () => {
      broken = true
    }
    client.on('error', onError)
    const query = async (text: string) => {
      try {
        return await client.query(text)
      } catch (e) {
        if (sessionError(e) === undefined) broken = true
        throw e
      }
    }
    const run = async (script: string) => {
      // Several statements answer an array of results; node-postgres's typing knows only one.
      const answer = (await query(script)) as pg.QueryResult | pg.QueryResult[]
      return (Array.isArray(answer) ? answer : [answer]).map((r) => r.rows as Array<Record<string, unknown>>)
    }
    try {
      let session = sessions.get(client)
      if (!session) {
        session = { names: new Map(), refused: new Set(), off: !prepare }
        sessions.set(client, session)
      }
      if (session.off) return await run(unitScript(statements))
      const texts = statements.map(statementText)
      for (const text of texts) {
        if (session.names.has(text) || session.refused.has(text) || session.names.size >= PREPARED_PER_CONNECTION)
          continue
        const name = statementName(text)
        try {
          await query(`prepare ${name} as ${text}`)
        } catch (e) {
          const code = sessionError(e)
          if (code === undefined) throw e
          if (code !== '42P05') {
            session.refused.add(text)
            continue
          }
        }
        session.names.set(text, name)
      }
      const script = statements
        .map((q, i) => {
          const text = texts[i] as string
          const name = session.names.get(text)
          return name === undefined ? inlineParameters(text, q.parameters) : executeStatement(name, q.parameters)
        })
        .join(';\n')
      try {
        return await run(script)
      } catch (e) {
        if (sessionError(e) !== '26000') throw e
        session.off = true
        session.names.clear()
        return await run(unitScript(statements))
      }
    } finally {
      // A discarded client keeps the listener: its socket may still report errors.
      if (!broken) client.removeListener('error', onError)
      client.release(broken)
    }
  }
}

/** Opens a pool on a postgres:// URL. Nothing connects until the first query. */
export function openPostgres(url: string, options: PostgresOptions = {}): Backend {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 })
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it and the next query reconnects.
  pool.on('error', () => undefined)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return postgresBackend(db, () => db.destroy(), preparedScripts(pool, options.prepare ?? true))
}
