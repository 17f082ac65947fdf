import type SqliteDatabase from 'better-sqlite3'

export interface UnitQuery {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

export type UnitOutcome = { rows: Array<Array<Record<string, unknown>>> } | { error: unknown }

export function configure(raw: SqliteDatabase.Database): void

export function statementCache(raw: SqliteDatabase.Database, limit?: number): (text: string) => SqliteDatabase.Statement

export function writeUnits(
  raw: SqliteDatabase.Database,
  prepare: (text: string) => SqliteDatabase.Statement,
  units: ReadonlyArray<readonly UnitQuery[]>,
): UnitOutcome[]
