// Set-based writes for a rebuild into emptied read models (app/rebuild.ts): rows go in as
// multi-row INSERTs, no deletes or upserts, and the statements are built directly as compiled
// queries, their text made once per table, column list and row count (Kysely's builder costs more
// per row than the database does). The columns are the rows' own keys, so a column added to a
// projection's rows is written with no change here.
import { CompiledQuery } from 'kysely'
import type { Dialect } from '../store/backend'

/** A row as the projections make them: an object whose own keys are the table's columns. */
export type Row = object

/**
 * Consecutive rows of one table with the same columns, their values flat in row order: what a
 * rebuild worker sends the writing thread (flat arrays of strings and numbers copy cheaply).
 */
export interface RowRun {
  columns: string[]
  values: unknown[]
}

const cell = (row: Row, column: string): unknown => (row as Record<string, unknown>)[column]

/** The columns of a row, as an insert of it through Kysely's builder names them (undefined left out). */
function definedColumns(row: Row): string[] {
  const columns: string[] = []
  for (const key in row) if (cell(row, key) !== undefined) columns.push(key)
  return columns
}

function hasColumns(row: Row, columns: readonly string[]): boolean {
  let n = 0
  for (const key in row) {
    if (cell(row, key) === undefined) continue
    if (columns[n] !== key) return false
    n++
  }
  return n === columns.length
}

/** Appends `rows` to `runs`, extending the last run while the columns stay the same. */
export function appendRuns(runs: RowRun[], rows: readonly Row[]): void {
  let run = runs.at(-1)
  for (const row of rows) {
    if (!run || !hasColumns(row, run.columns)) {
      run = { columns: definedColumns(row), values: [] }
      runs.push(run)
    }
    for (const c of run.columns) run.values.push(cell(row, c))
  }
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Placeholders `?` (SQLite, D1) or `$1, $2, …` (PostgreSQL), for `rows` rows of `width` values. */
function valuesList(dialect: Dialect, rows: number, width: number): string {
  const tuples: string[] = []
  let n = 0
  for (let r = 0; r < rows; r++) {
    const slots: string[] = []
    for (let c = 0; c < width; c++) slots.push(dialect === 'postgres' ? `$${++n}` : '?')
    tuples.push(`(${slots.join(', ')})`)
  }
  return tuples.join(', ')
}

/** Statement texts by dialect, table, columns and row count; bounded, as texts vary by row count. */
const texts = new Map<string, string>()

function cachedText(key: string, make: () => string): string {
  let text = texts.get(key)
  if (text === undefined) {
    if (texts.size >= 2000) texts.clear()
    text = make()
    texts.set(key, text)
  }
  return text
}

/**
 * Row counts per statement for `rows` rows, at most `max` each: full statements, then the rest in
 * powers of two, so that a table has a handful of statement texts (each prepared once), not one
 * for every remainder.
 */
export function statementSizes(rows: number, max: number): number[] {
  const sizes: number[] = []
  let left = rows
  while (left >= max) {
    sizes.push(max)
    left -= max
  }
  for (let bit = 2 ** Math.floor(Math.log2(Math.max(1, left))); left > 0; bit /= 2)
    if (left >= bit) {
      sizes.push(bit)
      left -= bit
    }
  return sizes
}

/**
 * Multi-row INSERTs of the runs into `table`, each binding at most `maxParameters` values (a row
 * wider than that still goes, alone).
 */
export function insertRuns(
  dialect: Dialect,
  table: string,
  runs: readonly RowRun[],
  maxParameters: number,
): CompiledQuery[] {
  const out: CompiledQuery[] = []
  for (const { columns, values } of runs) {
    const width = Math.max(1, columns.length)
    const names = columns.join('\u0000')
    let at = 0
    for (const rows of statementSizes(values.length / width, Math.max(1, Math.floor(maxParameters / width)))) {
      const text = cachedText(
        `${dialect}\u0000${table}\u0000${names}\u0000${rows}`,
        () =>
          `insert into ${quoteName(table)} (${columns.map(quoteName).join(', ')}) values ${valuesList(dialect, rows, width)}`,
      )
      out.push(CompiledQuery.raw(text, values.slice(at, at + rows * width)))
      at += rows * width
    }
  }
  return out
}

/** Multi-row INSERTs of `rows` into `table` (see insertRuns). */
export function insertRows(
  dialect: Dialect,
  table: string,
  rows: readonly Row[],
  maxParameters: number,
): CompiledQuery[] {
  const runs: RowRun[] = []
  appendRuns(runs, rows)
  return insertRuns(dialect, table, runs, maxParameters)
}

export interface StreamState {
  streamId: string
  version: number
  state: string
}

/**
 * Sets the state snapshot of many stream heads per statement, each only while the stream is still
 * at `version` (as the single-row update did), and only where it differs: a replay nearly always
 * gives the snapshot the appends left, and rewriting every head is a third of a rebuild's writes.
 * VALUES columns are named column1… on SQLite and PostgreSQL alike.
 */
export function updateStreamStates(
  dialect: Dialect,
  states: readonly StreamState[],
  maxParameters: number,
): CompiledQuery[] {
  const out: CompiledQuery[] = []
  let at = 0
  for (const rows of statementSizes(states.length, Math.max(1, Math.floor(maxParameters / 3)))) {
    const text = cachedText(
      `${dialect}\u0000streams state\u0000${rows}`,
      () =>
        `update "streams" set "state" = v.column3 from (values ${valuesList(dialect, rows, 3)}) as v ` +
        'where "streams"."stream_id" = v.column1 and "streams"."version" = cast(v.column2 as integer) ' +
        'and "streams"."state" <> v.column3',
    )
    const parameters: unknown[] = []
    for (const s of states.slice(at, at + rows)) parameters.push(s.streamId, s.version, s.state)
    out.push(CompiledQuery.raw(text, parameters))
    at += rows
  }
  return out
}
