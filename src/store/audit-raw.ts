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

export interface RawStatement {
  raw(on?: boolean): RawStatement
  all(...params: unknown[]): unknown[]
  iterate(...params: unknown[]): IterableIterator<unknown[]>
}
export interface RawDatabase {
  prepare(sql: string): RawStatement
  close(): void
}

/** A read-only connection of its own to a SQLite database file. */
export async function openReadOnly(file: string): Promise<RawDatabase> {
  const { default: SqliteDatabase } = (await import('better-sqlite3')) as unknown as {
    default: new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => RawDatabase
  }
  return new SqliteDatabase(file, { readonly: true, fileMustExist: true })
}
