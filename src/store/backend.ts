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
   * The index of the first query that inserts events. From there to the end of the unit, units
   * must commit in the order their `events.position` values were assigned, so the global feed
   * never shows a position before a lower one commits. SQLite and D1 have one writer at a time
   * and need nothing; PostgreSQL takes its feed lock before this query.
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
