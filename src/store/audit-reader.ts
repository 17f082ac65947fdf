// The reads of `verify --db` (src/app/ledger-audit.ts), as rows of plain arrays in keyset pages.
//
// Every read sees one snapshot of the database, taken when the reader opens, so that an audit of
// a database a server is appending to sees the heads, events, leaves and checkpoints of one
// instant (a head read after its stream's events would otherwise be ahead of them: "events were
// removed from its tail"). On a SQLite file: one read transaction on the reader's connection for
// the whole audit (WAL: writers go on; checkpoints of the WAL stop short of it until it ends); on
// PostgreSQL: a REPEATABLE READ, READ ONLY transaction. The audit's other reads go through `db`,
// in the same snapshot. D1 has no transactions: audit an exported copy (docs/operations.md).
//
// On a SQLite database file they run on a read-only better-sqlite3 connection of their own, with
// cached prepared statements returning raw rows: no Kysely compilation and no row objects per
// event, which is most of what reading a million events costs. Anywhere else (PostgreSQL, D1, an
// in-memory SQLite database) they are the same queries through Kysely, page by page.
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from 'kysely'
import { EVENT_AT_SQL, EVENT_COLUMNS, type EventTuple, LEAVES_SQL, NODES_SQL, openReadOnly } from './audit-raw'
import type { Backend } from './backend'
import type { Database } from './schema'

/** ledger_index, event_id, position, leaf_hash */
export type LeafTuple = [number, string, number, string]
/** idx, hash */
export type NodeTuple = [number, string]

/** position, event_id, stream_id, version, prev_hash, hash: what the chain checks need. */
export type ChainTuple = [number, string, string, unknown, unknown, string]

export interface AuditReader {
  /** The SQLite database file it reads through a connection of its own; undefined otherwise. */
  readonly file: string | undefined
  /** Queries in the reader's snapshot, for the audit's other reads (checkpoints, nodes, …). */
  readonly db: Kysely<Database>
  /** The event at a position; SQLite files only. */
  eventAt?(position: number): EventTuple | undefined
  /** Lowest and highest event position (undefined without events); SQLite files only. */
  positionBounds?(): [number, number] | undefined
  /** The highest ledger index (undefined without leaves); SQLite files only. */
  lastLeafIndex?(): number | undefined
  /** The position of the leaf at a ledger index; SQLite files only. */
  leafPosition?(index: number): number | undefined
  /** The chain columns of the events with after < position ≤ upTo; SQLite files only. */
  chainEvents?(after: number, upTo: number, limit: number): ChainTuple[]
  /** Events with position > `after`, in commit order. */
  events(after: number, limit: number): Promise<EventTuple[]>
  /** Leaves with index ≥ `from`, in ledger order. */
  leaves(from: number, limit: number): Promise<LeafTuple[]>
  /** Nodes of one level with idx in [from, to), in order. */
  nodes(level: number, from: number, to: number): Promise<NodeTuple[]>
  /** Whether a level has a node outside [0, count). */
  nodesOutside(level: number, count: number): Promise<boolean>
  /** Whether a node exists at `level` or above. */
  nodesFrom(level: number): Promise<boolean>
  /** Every stream head: stream_id, version, head_hash. */
  heads(): Promise<Array<[string, unknown, string]>>
  /** Ends the snapshot and releases the connection. */
  close(): Promise<void>
}

export { EVENT_COLUMNS, type EventTuple } from './audit-raw'

const EVENTS_SQL = `select ${EVENT_COLUMNS.join(', ')} from events where position > ? order by position limit ?`
const OUTSIDE_SQL = 'select 1 from ledger_nodes where level = ? and (idx < 0 or idx >= ?) limit 1'
const FROM_SQL = 'select 1 from ledger_nodes where level >= ? limit 1'
const HEADS_SQL = 'select stream_id, version, head_hash from streams'
const CHAIN_SQL =
  'select position, event_id, stream_id, version, prev_hash, hash from events where position > ? and position <= ? order by position limit ?'
// Two subqueries: SQLite finds a lone min() or max() at one end of the index, both at once by a full scan.
const BOUNDS_SQL = 'select (select min(position) from events), (select max(position) from events)'
const LAST_LEAF_SQL = 'select max(ledger_index) from ledger_leaves'
const LEAF_POSITION_SQL = 'select position from ledger_leaves where ledger_index = ?'

/** The file behind a SQLite backend's main database; undefined for an in-memory one. */
async function sqliteFile(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db)
  const file = rows.find((r) => r.name === 'main')?.file
  return file ? file : undefined
}

async function openRaw(file: string): Promise<AuditReader> {
  const conn = await openReadOnly(file)
  // The snapshot: SQLite takes it at the transaction's first read.
  conn.exec('begin')
  conn.prepare('select 1 from events limit 1').all()
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn as unknown as SqliteDatabase }) })
  const stmt = (text: string) => conn.prepare(text).raw(true)
  const events = stmt(EVENTS_SQL)
  const leaves = stmt(LEAVES_SQL)
  const nodes = stmt(NODES_SQL)
  const outside = stmt(OUTSIDE_SQL)
  const from = stmt(FROM_SQL)
  const heads = stmt(HEADS_SQL)
  const chain = stmt(CHAIN_SQL)
  const bounds = stmt(BOUNDS_SQL)
  const one = stmt(EVENT_AT_SQL)
  const lastLeaf = stmt(LAST_LEAF_SQL)
  const leafPosition = stmt(LEAF_POSITION_SQL)
  return {
    file,
    db,
    positionBounds() {
      const [lo, hi] = bounds.all()[0] as [number | null, number | null]
      return lo === null || hi === null ? undefined : [Number(lo), Number(hi)]
    },
    lastLeafIndex() {
      const [last] = lastLeaf.all()[0] as [number | null]
      return last === null ? undefined : Number(last)
    },
    leafPosition(index) {
      const row = leafPosition.all(index)[0] as [number] | undefined
      return row === undefined ? undefined : Number(row[0])
    },
    eventAt: (position) => one.all(position)[0] as EventTuple | undefined,
    chainEvents: (after, upTo, limit) => chain.all(after, upTo, limit) as ChainTuple[],
    events: async (after, limit) => events.all(after, limit) as EventTuple[],
    // No bound needed: the snapshot is the bound.
    leaves: async (start, limit) => leaves.all(start, Number.MAX_SAFE_INTEGER, limit) as LeafTuple[],
    nodes: async (level, lo, hi) => nodes.all(level, lo, hi) as NodeTuple[],
    nodesOutside: async (level, count) => outside.all(level, count).length > 0,
    nodesFrom: async (level) => from.all(level).length > 0,
    heads: async () => heads.all() as Array<[string, unknown, string]>,
    async close() {
      conn.exec('commit')
      await db.destroy()
      conn.close() // if Kysely never opened it (closing twice is harmless)
    },
  }
}

function kyselyReader(db: Kysely<Database>, close: () => Promise<void>): AuditReader {
  return {
    file: undefined,
    db,
    async events(after, limit) {
      const rows = await db
        .selectFrom('events')
        .select([...EVENT_COLUMNS])
        .where('position', '>', after)
        .orderBy('position')
        .limit(limit)
        .execute()
      return rows.map((r) => EVENT_COLUMNS.map((c) => r[c]))
    },
    async leaves(start, limit) {
      const rows = await db
        .selectFrom('ledger_leaves')
        .select(['ledger_index', 'event_id', 'position', 'leaf_hash'])
        .where('ledger_index', '>=', start)
        .orderBy('ledger_index')
        .limit(limit)
        .execute()
      return rows.map((r) => [Number(r.ledger_index), r.event_id, Number(r.position), r.leaf_hash])
    },
    async nodes(level, lo, hi) {
      const rows = await db
        .selectFrom('ledger_nodes')
        .select(['idx', 'hash'])
        .where('level', '=', level)
        .where('idx', '>=', lo)
        .where('idx', '<', hi)
        .orderBy('idx')
        .execute()
      return rows.map((r) => [Number(r.idx), r.hash])
    },
    async nodesOutside(level, count) {
      const row = await db
        .selectFrom('ledger_nodes')
        .select('idx')
        .where('level', '=', level)
        .where((eb) => eb.or([eb('idx', '<', 0), eb('idx', '>=', count)]))
        .limit(1)
        .executeTakeFirst()
      return row !== undefined
    },
    async nodesFrom(level) {
      const row = await db
        .selectFrom('ledger_nodes')
        .select('idx')
        .where('level', '>=', level)
        .limit(1)
        .executeTakeFirst()
      return row !== undefined
    },
    async heads() {
      const rows = await db.selectFrom('streams').select(['stream_id', 'version', 'head_hash']).execute()
      return rows.map((r) => [r.stream_id, r.version, r.head_hash])
    },
    close,
  }
}

/** A reader for the audit: raw on a SQLite file, Kysely elsewhere. Close it when done. */
export async function openAuditReader(backend: Backend): Promise<AuditReader> {
  if (backend.dialect === 'sqlite') {
    const file = await sqliteFile(backend.db)
    if (file !== undefined) return openRaw(file)
  }
  if (backend.dialect === 'postgres') {
    const trx = await backend.db
      .startTransaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute()
    return kyselyReader(trx, async () => {
      await trx.rollback().execute()
    })
  }
  // D1 (no transactions) and an in-memory SQLite database (its one connection is also the
  // writers'): read as they are.
  return kyselyReader(backend.db, async () => undefined)
}
