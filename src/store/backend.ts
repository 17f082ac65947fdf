// What differs between SQLite, PostgreSQL and D1: how one atomic unit of writes runs, and how a
// unique-constraint violation is recognised. Everything else is shared Kysely code.
import type { CompiledQuery, Kysely } from 'kysely'
import type { Database } from './schema'

export type Dialect = 'sqlite' | 'postgres' | 'd1'

/**
 * D1 binds at most 100 parameters per statement (SQLite allows 32766, PostgreSQL 65535). Every
 * statement is kept under it on every backend, so what passes the tests on SQLite runs on D1;
 * the test app enforces it (test/support/param-limit.ts).
 */
export const MAX_BOUND_PARAMETERS = 100

/** Splits rows so that a multi-row statement binding `perRow` parameters each stays under the limit. */
export function rowChunks<T>(rows: readonly T[], perRow: number, reserved = 0): T[][] {
  const size = Math.max(1, Math.floor((MAX_BOUND_PARAMETERS - reserved) / perRow))
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

export interface AtomicOptions {
  /**
   * The index of the first query that inserts events. Every unit that inserts events must give
   * it: PostgreSQL registers the unit as in flight just before this query, so feed readers stop
   * below the positions it draws until it has committed (`Backend.feedHorizon`). SQLite and D1
   * commit one writer at a time and need nothing.
   */
  orderedFrom?: number
}

export interface Backend {
  readonly dialect: Dialect
  readonly db: Kysely<Database>
  /**
   * Runs every query in one all-or-nothing unit (SQLite: BEGIN IMMEDIATE … COMMIT; PostgreSQL: a
   * transaction; D1: one batch()) and returns each query's rows. Throws UniqueViolation when a
   * unique constraint refuses a row; nothing of the unit is then written.
   */
  atomic(queries: readonly CompiledQuery[], options?: AtomicOptions): Promise<Array<Array<Record<string, unknown>>>>
  /**
   * The feed horizon: a position such that every event at or below it is committed and visible to
   * any query started after this call, or will never exist. A reader of `events.position` in
   * order (the feed, the ledger sequencer) calls it first and reads no position above it, so it
   * never steps past an event that commits later with a smaller position. Only backends whose
   * units commit concurrently, out of position order, have one (PostgreSQL); without it every
   * committed position is safe to read.
   */
  feedHorizon?(): Promise<number>
  close(): Promise<void>
}

/** A unique constraint refused a row. `table` names the table whose constraint fired. */
export class UniqueViolation extends Error {
  readonly table: string
  readonly columns: string

  constructor(table: string, columns: string, message: string) {
    super(message)
    this.name = 'UniqueViolation'
    this.table = table
    this.columns = columns
  }
}

/** SQLite and D1 phrase it "UNIQUE constraint failed: events.stream_id, events.version". */
export function uniqueViolationFromSqliteMessage(message: string): UniqueViolation | undefined {
  const m = /UNIQUE constraint failed: ([A-Za-z_]+)\.([^\s]+(?:, [A-Za-z_]+\.[^\s,]+)*)/.exec(message)
  if (!m) return undefined
  return new UniqueViolation(m[1] as string, (m[2] as string).replace(/[A-Za-z_]+\./g, ''), message)
}
