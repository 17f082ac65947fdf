// What a hashing worker of `verify --db` needs to read a SQLite file (audit-hash-job.ts), kept
// apart from audit-reader.ts so that a worker loads no more than this: its start-up is part of
// the audit's time.

/** The `events` columns, in this order. */
export const EVENT_COLUMNS = [
  'position',
  'event_id',
  'stream_id',
  'version',
  'type',
  'schema_version',
  'occurred_at',
  'recorded_at',
  'actor_person_id',
  'actor_org_id',
  'actor_role',
  'data',
  'evidence',
  'correlation_id',
  'causation_id',
  'prev_hash',
  'hash',
] as const
export type EventTuple = unknown[]

/** The events of a range, for a hashing worker. */
export const RANGE_SQL = `select ${EVENT_COLUMNS.join(', ')} from events where position > ? and position <= ? order by position`
/** A page of the events of a range (after < position ≤ to), for a slice worker. */
export const RANGE_PAGE_SQL = `${RANGE_SQL} limit ?`
/** Leaves from an index on, below a bound (a slice worker's: the audit's snapshot's leaf count). */
export const LEAVES_SQL =
  'select ledger_index, event_id, position, leaf_hash from ledger_leaves where ledger_index >= ? and ledger_index < ? order by ledger_index limit ?'
export const NODES_SQL = 'select idx, hash from ledger_nodes where level = ? and idx >= ? and idx < ? order by idx'
/** The ledger index of the leaf of the event at a position, if it is below a bound. */
export const LEAF_AT_SQL = 'select ledger_index from ledger_leaves where position = ? and ledger_index < ?'
/** One event, all columns, at a position. */
export const EVENT_AT_SQL = `select ${EVENT_COLUMNS.join(', ')} from events where position = ?`

const q = (c: string) => `json_quote(${c})`
/**
 * The canonical JSON (RFC 8785) of an event's hashed envelope, built by SQLite from its columns
 * (ledger.md §1: the keys in the library's order), with the stored `data` and `evidence` text
 * inside as they are. It is that event's canonical JSON exactly when every column has the type
 * appends give it, the whole is valid UTF-8 and the stored payload and evidence are canonical, as
 * appends store them: `json_quote` escapes every character as JSON.stringify does (checked over
 * all of Unicode in test/ledger-integration/audit-paths.test.ts). The slice workers take a
 * matching hash as a pass only after checking those conditions (audit-slice-job.ts); any other
 * row is hashed the other ways (fast-event-hash.ts, then the library's).
 */
const CANONICAL_TEXT = `concat('{"actor":{"orgId":', ${q('actor_org_id')}, ',"personId":', ${q('actor_person_id')}, ',"role":', ${q('actor_role')}, '},',
  case when causation_id is null then '' else concat('"causationId":', ${q('causation_id')}, ',') end,
  case when correlation_id is null then '' else concat('"correlationId":', ${q('correlation_id')}, ',') end,
  '"data":', data, ',"decisionId":', ${q('stream_id')}, ',"eventId":', ${q('event_id')}, ',"evidence":', evidence,
  ',"occurredAt":', ${q('occurred_at')}, ',"prevHash":', ${q('prev_hash')}, ',"recordedAt":', ${q('recorded_at')},
  ',"schemaVersion":', schema_version, ',"type":', ${q('type')}, ',"version":', version, '}')`

/** Every event's position and the canonical text SQLite builds for it, in commit order (tests). */
export const CANONICAL_TEXT_SQL = `select position, ${CANONICAL_TEXT} from events order by position`

/**
 * A page of a range's events (after < position ≤ to) as two blobs, so that no JavaScript string is
 * made of any payload:
 *   - per event the ASCII header
 *     `plain,position,version,bytes(stream_id),bytes(event_id),bytes(text),bytes(data),bytes(evidence);`
 *     then stream_id, event_id, prev_hash (64 bytes) and hash (64 bytes), as UTF-8. `plain` is 1
 *     where every column has the type appends give it (text; integers for the versions, within
 *     JavaScript's safe range; correlation and causation ids text or NULL) and the hashes have 64
 *     bytes, else 0 (the reader then leaves the page to the checks that read columns one by one);
 *   - the canonical texts (CANONICAL_TEXT), one after the other.
 * Then the page's number of events. The events come in the order of the inner query, which SQLite
 * does not promise for an aggregate (an `order by` inside `group_concat` costs a sort: 7.4–9.7 µs
 * per event against 3.2): the reader checks that positions ascend.
 */
export const RANGE_BLOB_SQL = `select cast(group_concat(h, '') as blob), cast(group_concat(t, '') as blob), count(*) from (
  select position, t, concat(
    typeof(version) = 'integer' and version between -9007199254740991 and 9007199254740991
      and typeof(schema_version) = 'integer' and schema_version between -9007199254740991 and 9007199254740991
      and typeof(stream_id) = 'text' and typeof(event_id) = 'text' and typeof(type) = 'text'
      and typeof(occurred_at) = 'text' and typeof(recorded_at) = 'text' and typeof(actor_person_id) = 'text'
      and typeof(actor_org_id) = 'text' and typeof(actor_role) = 'text' and typeof(data) = 'text'
      and typeof(evidence) = 'text' and typeof(prev_hash) = 'text' and typeof(hash) = 'text'
      and (correlation_id is null or typeof(correlation_id) = 'text') and (causation_id is null or typeof(causation_id) = 'text')
      and octet_length(prev_hash) = 64 and octet_length(hash) = 64,
    ',', position, ',', version, ',', octet_length(stream_id), ',', octet_length(event_id), ',', octet_length(t), ',',
    octet_length(data), ',', octet_length(evidence), ';', stream_id, event_id, prev_hash, hash) as h
  from (select position, version, schema_version, stream_id, event_id, type, occurred_at, recorded_at, actor_person_id,
      actor_org_id, actor_role, data, evidence, correlation_id, causation_id, prev_hash, hash, ${CANONICAL_TEXT} as t
    from events where position > ? and position <= ? order by position limit ?))`
/**
 * The nodes of level 0 with lo ≤ idx < hi, each joined with the stored leaf of its index: how many
 * rows that makes, and how many of them have the node equal to the leaf. Level 0 of the tree is its
 * leaves, so both are hi − lo exactly when each index has one node, one leaf, and they agree;
 * compared without reading either into JavaScript.
 */
export const LEVEL0_MATCHES_SQL =
  'select count(*), coalesce(sum(n.hash = l.leaf_hash), 0) from ledger_nodes n left join ledger_leaves l on l.ledger_index = n.idx where n.level = 0 and n.idx >= ? and n.idx < ?'

export interface RawStatement {
  raw(on?: boolean): RawStatement
  all(...params: unknown[]): unknown[]
  get(...params: unknown[]): unknown
  iterate(...params: unknown[]): IterableIterator<unknown[]>
}
export interface RawDatabase {
  prepare(sql: string): RawStatement
  exec(sql: string): unknown
  close(): void
}

/**
 * How much of the file a read-only audit connection maps into memory: as much as SQLite allows
 * (this build: 2 GiB, 0x7fff0000; the rest is read as usual). An audit reads the whole file once,
 * and mapped pages spare a system call and a copy per page: `verify --db` of 1,000,156 events,
 * ten interleaved pairs, took 7.2 s on average mapped against 7.8 s read, and less in 9 of the 10
 * (docs/performance.md).
 * Only the audit's own connections map, all of them read-only; a server never does (its resident
 * set would count the mapped pages).
 */
export const AUDIT_MMAP_BYTES = 2 ** 40

/** A read-only connection of its own to a SQLite database file, memory-mapped (AUDIT_MMAP_BYTES). */
export async function openReadOnly(file: string): Promise<RawDatabase> {
  const { default: SqliteDatabase } = (await import('better-sqlite3')) as unknown as {
    default: new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => RawDatabase
  }
  const conn = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
  conn.prepare(`pragma mmap_size = ${AUDIT_MMAP_BYTES}`).all()
  return conn
}
