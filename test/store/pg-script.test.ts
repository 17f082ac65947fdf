// An atomic unit on PostgreSQL is one multi-statement string with its parameters inlined as
// literals (src/store/pg-script.ts). The literals must mean exactly what the bound parameters
// meant: checked here by the scanner's rules, and by writing awkward values both ways into the
// same server (the real one with TEST_DATABASE_URL, PGlite otherwise) and comparing them there.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UniqueViolation } from '../../src/store/backend'
import { inlineParameters, PgLiteralError, pgLiteral, unitScript } from '../../src/store/pg-script'
import { openPostgres } from '../../src/store/postgres'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'

const AWKWARD_STRINGS = [
  '',
  "it's",
  "''",
  "'; drop table probe; --",
  'back\\slash',
  'ends with a backslash\\',
  "\\'",
  "\\\\''\\",
  '$1',
  '$2 and $10',
  '$$ dollar $$',
  '$tag$ quoted $tag$',
  "E'not an escape'",
  '/* not a comment */ -- nor this',
  '"quoted identifier"',
  'line\nbreak\ttab\rreturn',
  '\\x00 \\n \\t',
  '江州市人民政府关于重大行政决策的公告',
  '😀 emoji 𠀀 astral',
  '\u2028\u2029\u00a0\ufeff',
  'a'.repeat(100_000),
  '\u0001\u001f\u007f',
]

describe('pgLiteral', () => {
  it('quotes strings as E-strings with every backslash and quote doubled', () => {
    expect(pgLiteral("it's")).toBe("E'it''s'")
    expect(pgLiteral('a\\b')).toBe("E'a\\\\b'")
    expect(pgLiteral("\\'")).toBe("E'\\\\'''")
    expect(pgLiteral('$1')).toBe("E'$1'")
    expect(pgLiteral('江州')).toBe("E'江州'")
  })

  it('sends numbers, bigints and booleans as untyped text, like a bound parameter', () => {
    expect(pgLiteral(42)).toBe("E'42'")
    expect(pgLiteral(-1.5)).toBe("E'-1.5'")
    expect(pgLiteral(9007199254740993n)).toBe("E'9007199254740993'")
    expect(pgLiteral(true)).toBe("E'true'")
    expect(pgLiteral(false)).toBe("E'false'")
  })

  it('sends null and undefined as NULL, bytes as bytea hex, dates as ISO instants', () => {
    expect(pgLiteral(null)).toBe('NULL')
    expect(pgLiteral(undefined)).toBe('NULL')
    expect(pgLiteral(new Uint8Array([0, 1, 0xfe, 0xff]))).toBe("E'\\\\x0001feff'")
    expect(pgLiteral(Buffer.from('hi'))).toBe("E'\\\\x6869'")
    expect(pgLiteral(new Date('2026-11-22T00:00:00.123Z'))).toBe("E'2026-11-22T00:00:00.123Z'")
  })

  it('refuses NUL (PostgreSQL text cannot hold it), invalid dates and types it does not know', () => {
    expect(() => pgLiteral('a\0b')).toThrow(PgLiteralError)
    try {
      pgLiteral('\0')
    } catch (e) {
      expect((e as PgLiteralError).code).toBe('22021')
    }
    expect(() => pgLiteral(new Date('nonsense'))).toThrow(PgLiteralError)
    expect(() => pgLiteral({ a: 1 })).toThrow(TypeError)
    expect(() => pgLiteral([1, 2])).toThrow(TypeError)
    expect(() => pgLiteral(Symbol('s'))).toThrow(TypeError)
  })
})

describe('inlineParameters', () => {
  it('replaces each placeholder by its own parameter, $10 not read as $1 then 0', () => {
    const params = Array.from({ length: 10 }, (_, i) => `p${i + 1}`)
    expect(inlineParameters('select $1, $10, $2', params)).toBe("select E'p1', E'p10', E'p2'")
  })

  it('leaves $n alone inside literals, quoted identifiers, comments and dollar quotes', () => {
    const text = [
      "select '$1'",
      "E'\\'$1'",
      '"col$1"',
      '$$ $1 $$',
      '$q$ $1 $q$',
      'x$1',
      '$2 -- $1 to the end of the line\n',
      '/* $1 /* nested $1 */ $1 */ $2',
    ].join(', ')
    expect(inlineParameters(text, ['one', 'two'])).toBe(
      "select '$1', E'\\'$1', \"col$1\", $$ $1 $$, $q$ $1 $q$, x$1, E'two' -- $1 to the end of the line\n, /* $1 /* nested $1 */ $1 */ E'two'",
    )
  })

  it('keeps a quote doubled inside a literal from ending it', () => {
    expect(inlineParameters("select 'it''s $1', $1", ['v'])).toBe("select 'it''s $1', E'v'")
  })

  it('refuses a second statement, a missing parameter and unterminated quoting', () => {
    expect(() => inlineParameters('select 1; select 2', [])).toThrow(/second statement/)
    expect(() => inlineParameters('select $2', ['only one'])).toThrow(/no parameter \$2/)
    expect(() => inlineParameters("select 'open", [])).toThrow(/unterminated/)
    expect(() => inlineParameters('select "open', [])).toThrow(/unterminated/)
    expect(() => inlineParameters('select $x$ open', [])).toThrow(/unterminated/)
    expect(() => inlineParameters('select /* open', [])).toThrow(/unterminated/)
  })

  it('joins statements with one separator, dropping a trailing one', () => {
    expect(
      unitScript([
        { sql: 'select $1;', parameters: [1] },
        { sql: 'select $1 ; ', parameters: [2] },
      ]),
    ).toBe("select E'1';\nselect E'2'")
  })
})

// On a real server every unit runs both ways: its statements prepared on the connection and run
// by EXECUTE with literal arguments (the default), and with every parameter inlined (PG_PREPARE=0).
// PGlite runs the inlined script.
const MODES = TEST_DATABASE_URL ? (['prepared', 'inlined'] as const) : (['inlined'] as const)

describe.each(MODES)('atomic units as one script, on PostgreSQL (%s)', (mode) => {
  let pg: TestPostgres
  beforeAll(async () => {
    pg = await freshPostgres()
    if (mode === 'inlined' && pg.url) {
      await pg.backend.close()
      pg.backend = openPostgres(pg.url, { max: 4, prepare: false })
    }
    const { db } = pg.backend
    await sql`create table probe (id integer primary key, t text, n bigint, f double precision, b boolean, y bytea, ts timestamptz)`.execute(
      db,
    )
  })
  afterAll(async () => {
    await pg.backend.close()
    await pg.drop()
  })

  it('stores every awkward string exactly as a bound parameter stores it', async () => {
    const { db } = pg.backend
    const inlined = AWKWARD_STRINGS.map((t, i) =>
      db
        .insertInto('probe' as never)
        .values({ id: i, t } as never)
        .compile(),
    )
    await pg.backend.atomic(inlined)
    for (const [i, t] of AWKWARD_STRINGS.entries()) {
      // Compared by the server with the same value bound as a parameter, and read back.
      const row = await sql<{
        same: boolean
        t: string
      }>`select t = ${t} as same, t from probe where id = ${i}`.execute(db)
      expect(row.rows[0]?.same, JSON.stringify(t.slice(0, 40))).toBe(true)
      expect(row.rows[0]?.t).toBe(t)
    }
  })

  it('stores numbers, bigints, booleans, bytes, instants and NULL as bound parameters do', async () => {
    const { db } = pg.backend
    const values = [
      {
        id: 1000,
        n: '9223372036854775807',
        f: 0.1,
        b: true,
        y: new Uint8Array([0, 39, 92, 255]),
        ts: new Date('2026-11-22T01:02:03.456Z'),
      },
      { id: 1001, n: -42n, f: -1e300, b: false, y: Buffer.from("'\\"), ts: null },
      { id: 1002, n: 0, f: 1.5, b: null, y: null, ts: null },
    ]
    await pg.backend.atomic(
      values.map((v) =>
        db
          .insertInto('probe' as never)
          .values(v as never)
          .compile(),
      ),
    )
    for (const v of values) {
      const row = await sql<{ same: boolean }>`
        select n is not distinct from ${v.n === null ? null : String(v.n)}::bigint
           and f is not distinct from ${v.f}::float8
           and b is not distinct from ${v.b}::boolean
           and y is not distinct from ${v.y === null ? null : Buffer.from(v.y)}::bytea
           and ts is not distinct from ${v.ts}::timestamptz as same
        from probe where id = ${v.id}`.execute(db)
      expect(row.rows[0]?.same, String(v.id)).toBe(true)
    }
  })

  it('answers each statement with its own rows, in order', async () => {
    const { db } = pg.backend
    const out = await pg.backend.atomic([
      db
        .insertInto('probe' as never)
        .values({ id: 2000, t: '$1' } as never)
        .returning('t' as never)
        .compile(),
      db
        .updateTable('probe' as never)
        .set({ t: 'x' } as never)
        .where('id' as never, '=', -1 as never)
        .compile(),
      sql`select ${'a'}::text as v, ${2}::int as w`.compile(db),
    ])
    expect(out).toEqual([[{ t: '$1' }], [], [{ v: 'a', w: 2 }]])
  })

  it('rolls the whole unit back and reports a unique violation, leaving the connection usable', async () => {
    const { db } = pg.backend
    const unit = [
      db
        .insertInto('probe' as never)
        .values({ id: 3000, t: 'first' } as never)
        .compile(),
      db
        .insertInto('probe' as never)
        .values({ id: 3000, t: 'again' } as never)
        .compile(),
    ]
    await expect(pg.backend.atomic(unit)).rejects.toBeInstanceOf(UniqueViolation)
    const rows = await sql`select id from probe where id = 3000`.execute(db)
    expect(rows.rows).toEqual([])
    // The next unit runs and commits normally (no aborted transaction left behind).
    await pg.backend.atomic([unit[0] as (typeof unit)[0]])
    expect((await sql`select t from probe where id = 3000`.execute(db)).rows).toEqual([{ t: 'first' }])
  })

  it('refuses a NUL in a string before anything is sent, and writes nothing', async () => {
    const { db } = pg.backend
    const unit = [
      db
        .insertInto('probe' as never)
        .values({ id: 4000, t: 'ok' } as never)
        .compile(),
      db
        .insertInto('probe' as never)
        .values({ id: 4001, t: 'nul\0inside' } as never)
        .compile(),
    ]
    await expect(pg.backend.atomic(unit)).rejects.toMatchObject({ code: '22021' })
    expect((await sql`select id from probe where id in (4000, 4001)`.execute(db)).rows).toEqual([])
  })

  it('does not run a text that smuggles a statement inside a value', async () => {
    const { db } = pg.backend
    const evil = "x'); delete from probe; insert into probe (id, t) values (5001, 'pwned"
    await pg.backend.atomic([
      db
        .insertInto('probe' as never)
        .values({ id: 5000, t: evil } as never)
        .compile(),
    ])
    const rows = await sql<{ id: number; t: string }>`select id, t from probe where id in (5000, 5001)`.execute(db)
    expect(rows.rows).toEqual([{ id: 5000, t: evil }])
    expect(Number((await sql<{ n: string }>`select count(*) as n from probe`.execute(db)).rows[0]?.n)).toBeGreaterThan(
      20,
    )
  })
})
