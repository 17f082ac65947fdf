// Prepared queries (src/store/prepared.ts): built once, they compile to exactly what Kysely's
// builder compiles for the same arguments, on every dialect, and refuse a build that uses an
// argument for the query's shape.
import fc from 'fast-check'
import {
  type DatabaseIntrospector,
  type DialectAdapter,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { preparedQuery, preparedUpsert } from '../../src/store/prepared'
import type { Database } from '../../src/store/schema'

/** A Kysely that only compiles, with one dialect's adapter, introspector and compiler. */
const compileOnly = (
  Adapter: new () => DialectAdapter,
  Introspector: new (db: Kysely<unknown>) => DatabaseIntrospector,
  Compiler: new () => QueryCompiler,
) =>
  new Kysely<Database>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new Compiler(),
    },
  })

const dialects = {
  sqlite: compileOnly(SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler),
  postgres: compileOnly(PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler),
}

const build = (db: Kysely<Database>, streamId: string, version: number, type: string) =>
  db
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '=', streamId)
    .where((eb) => eb.or([eb('version', '>', version), eb('type', '=', type), eb('stream_id', '=', streamId)]))
    .where('schema_version', '<', 7)
    .orderBy('version')
    .limit(100)

const prepared = preparedQuery(3, build)

const upsert = preparedUpsert('decision_compliance', 'decision_id')
const built = (db: Kysely<Database>, row: Record<string, unknown>) => {
  const { decision_id: _id, ...changes } = row
  return db
    .insertInto('decision_compliance')
    .values(row as never)
    .onConflict((oc) => oc.column('decision_id').doUpdateSet(changes as never))
    .compile()
}

const text = fc.oneof(fc.string(), fc.constantFrom('', '\u0000', 'dec_01', "o'brien", '重大行政决策'))

describe('preparedQuery', () => {
  for (const [name, db] of Object.entries(dialects)) {
    it(`compiles to the builder's text and parameters for any arguments (${name})`, () => {
      fc.assert(
        fc.property(text, fc.integer(), text, (streamId, version, type) => {
          const a = prepared(db, streamId, version, type)
          const b = build(db, streamId, version, type).compile()
          expect(a.sql).toBe(b.sql)
          expect(a.parameters).toEqual(b.parameters)
        }),
      )
    })

    it(`upserts rows as the builder does, one template per column list (${name})`, () => {
      const row = fc.record(
        {
          decision_id: text,
          status: fc.option(text, { nil: undefined }),
          stream_version: fc.integer(),
          valid_until: fc.option(text, { nil: null }),
        },
        { requiredKeys: ['decision_id', 'stream_version'] },
      )
      fc.assert(
        fc.property(row, (r) => {
          const a = upsert(db, r)
          const b = built(db, r)
          expect(a.sql).toBe(b.sql)
          expect(a.parameters).toEqual(b.parameters)
        }),
      )
    })
  }

  it('refuses a build that puts an argument into the text, or leaves one out', () => {
    const db = dialects.sqlite
    const inlined = preparedQuery(1, (db, id: string) =>
      db.selectFrom('events').selectAll().where('event_id', '=', sql.lit(id)),
    )
    expect(() => inlined(db, 'x')).toThrow(/inlined/)
    const unused = preparedQuery(2, (db, id: string, _other: string) =>
      db.selectFrom('events').selectAll().where('event_id', '=', id),
    )
    expect(() => unused(db, 'x', 'y')).toThrow(/1 of its 2 parameters unused/)
  })
})
