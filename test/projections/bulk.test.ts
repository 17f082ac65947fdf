// The rebuild's set-based writes (src/projections/bulk.ts): statements sized under the parameter
// limit, columns taken from the rows themselves, stream states set only where they differ.
import SqliteDatabase from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { insertRows, insertRuns, statementSizes, updateStreamStates } from '../../src/projections/bulk'

describe('statementSizes', () => {
  it.each([
    [0, 20, []],
    [1, 20, [1]],
    [20, 20, [20]],
    [40, 20, [20, 20]],
    [12, 20, [8, 4]],
    [45, 20, [20, 20, 4, 1]],
    [7, 3, [3, 3, 1]],
    [31, 100, [16, 8, 4, 2, 1]],
    [5, 1, [1, 1, 1, 1, 1]],
  ])('%i rows, at most %i a statement: %j', (rows, max, sizes) => {
    expect(statementSizes(rows, max)).toEqual(sizes)
  })
})

/** A table in memory with the columns of `rows`, and what a SELECT of it gives back. */
function roundTrip(columns: string[], rows: object[], maxParameters: number) {
  const db = new SqliteDatabase(':memory:')
  db.exec(`create table t (${columns.map((c) => `"${c}" text default 'dflt'`).join(', ')})`)
  const queries = insertRows('sqlite', 't', rows, maxParameters)
  for (const q of queries) db.prepare(q.sql).run(...(q.parameters as unknown[]))
  const back = db.prepare('select * from t order by rowid').all()
  db.close()
  return { queries, back }
}

describe('insertRows', () => {
  it.each([1, 2, 3, 7, 100])('writes every row once, each statement under %i parameters', (max) => {
    const rows = Array.from({ length: 23 }, (_, i) => ({ a: `a${i}`, b: i % 3 === 0 ? null : `b${i}`, c: String(i) }))
    const { queries, back } = roundTrip(['a', 'b', 'c'], rows, max)
    expect(back).toEqual(rows)
    for (const q of queries) expect(q.parameters.length).toBeLessThanOrEqual(Math.max(3, max))
  })

  it('takes its columns from the rows: a new key is a new column, with no change to the writer', () => {
    const rows = [
      { a: '1', b: '2' },
      { a: '3', b: '4', extra: 'x' },
    ]
    const { queries, back } = roundTrip(['a', 'b', 'extra'], rows, 100)
    expect(queries.map((q) => q.sql)).toEqual([
      'insert into "t" ("a", "b") values (?, ?)',
      'insert into "t" ("a", "b", "extra") values (?, ?, ?)',
    ])
    expect(back).toEqual([
      { a: '1', b: '2', extra: 'dflt' },
      { a: '3', b: '4', extra: 'x' },
    ])
  })

  it('leaves out undefined values as the builder does (the column default applies), keeps null', () => {
    const { back } = roundTrip(
      ['a', 'b'],
      [
        { a: '1', b: undefined },
        { a: '2', b: null },
      ],
      100,
    )
    expect(back).toEqual([
      { a: '1', b: 'dflt' },
      { a: '2', b: null },
    ])
  })

  it('numbers PostgreSQL placeholders and quotes names', () => {
    const [q] = insertRuns('postgres', 'we"ird', [{ columns: ['x', 'y'], values: [1, 2, 3, 4] }], 100)
    expect(q?.sql).toBe('insert into "we""ird" ("x", "y") values ($1, $2), ($3, $4)')
    expect(q?.parameters).toEqual([1, 2, 3, 4])
  })
})

describe('updateStreamStates', () => {
  it('sets the states that differ, only at the version given, in statements under the limit', () => {
    const db = new SqliteDatabase(':memory:')
    db.exec('create table streams (stream_id text primary key, version integer, state text not null)')
    const insert = db.prepare('insert into streams values (?, ?, ?)')
    for (let i = 0; i < 10; i++) insert.run(`s${i}`, i, 'old')
    const states = Array.from({ length: 10 }, (_, i) => ({
      streamId: `s${i}`,
      version: i === 3 ? 99 : i,
      state: i === 5 ? 'old' : `new${i}`,
    }))
    const queries = updateStreamStates('sqlite', states, 9)
    let changes = 0
    for (const q of queries) {
      expect(q.parameters.length).toBeLessThanOrEqual(9)
      changes += db.prepare(q.sql).run(...(q.parameters as unknown[])).changes
    }
    expect(changes).toBe(8)
    expect(db.prepare('select state from streams order by stream_id').pluck().all()).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 3 || i === 5 ? 'old' : `new${i}`)),
    )
    db.close()
  })
})
