// Queries of a fixed shape, built and compiled by Kysely once per database and then reused with
// new parameter values. On the append path Kysely's builder and compiler cost more than SQLite
// takes to run such a query (a stream's head, its events, a token, an organization's lineage).
//
// The query is built once with placeholder values (marked strings) and compiled; each
// placeholder's places among the compiled parameters are noted, and a call puts its arguments
// there, whatever they are. Parameters that are not placeholders (constants of the query) stay as
// they are.
import type { Compilable, CompiledQuery, Kysely } from 'kysely'
import type { Database } from './schema'

const PLACEHOLDER = '\u0000prepared-parameter\u0000'
const placeholder = (i: number) => `${PLACEHOLDER}${i}`

interface Template {
  query: CompiledQuery
  /** For each compiled parameter: the argument it takes, or -1 for a constant kept as compiled. */
  slots: number[]
}

function templateOf(compiled: CompiledQuery, arity: number): Template {
  if (compiled.sql.includes(PLACEHOLDER)) throw new Error('prepared query: a parameter was inlined into its text')
  const used = new Set<number>()
  const slots = compiled.parameters.map((p) => {
    if (typeof p !== 'string' || !p.startsWith(PLACEHOLDER)) return -1
    const i = Number(p.slice(PLACEHOLDER.length))
    used.add(i)
    return i
  })
  if (used.size !== arity) throw new Error(`prepared query: ${arity - used.size} of its ${arity} parameters unused`)
  return { query: compiled, slots }
}

/**
 * A query whose shape does not depend on its arguments: `build` must use each argument only as a
 * value (a comparison, a row's value), never to choose what the query looks like. Returns what
 * compiles the query for given arguments, as `build` would have, without building it again.
 */
export function preparedQuery<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>, ...args: A) => CompiledQuery<R> {
  const templates = new WeakMap<Kysely<Database>, Template>()
  return (db, ...args) => {
    let template = templates.get(db)
    if (!template) {
      const placeholders = Array.from({ length: arity }, (_, i) => placeholder(i)) as A
      template = templateOf(build(db, ...placeholders).compile(), arity)
      templates.set(db, template)
    }
    const { query, slots } = template
    const parameters = slots.map((slot, i) => (slot < 0 ? query.parameters[i] : args[slot]))
    return { ...query, parameters } as CompiledQuery<R>
  }
}

/**
 * `INSERT INTO table (…) VALUES (…) ON CONFLICT (key) DO UPDATE SET` every other column, for rows
 * given as objects: one prepared query per list of columns (a column whose value is undefined is
 * left out, as Kysely's builder leaves it out).
 */
export function preparedUpsert(
  table: keyof Database & string,
  key: string,
): (db: Kysely<Database>, row: object) => CompiledQuery {
  const byColumns = new Map<string, (db: Kysely<Database>, ...values: unknown[]) => CompiledQuery>()
  return (db, row) => {
    const cells = row as Record<string, unknown>
    const columns = Object.keys(cells).filter((c) => cells[c] !== undefined)
    const id = columns.join('\u0000')
    let query = byColumns.get(id)
    if (!query) {
      if (byColumns.size >= 64) byColumns.clear()
      query = preparedQuery(columns.length, (db, ...values: unknown[]) => {
        const inserted = Object.fromEntries(columns.map((c, i) => [c, values[i]]))
        const changes = Object.fromEntries(columns.filter((c) => c !== key).map((c) => [c, inserted[c]]))
        return db
          .insertInto(table)
          .values(inserted as never)
          .onConflict((oc) => oc.column(key as never).doUpdateSet(changes as never))
      })
      byColumns.set(id, query)
    }
    return query(db, ...columns.map((c) => cells[c]))
  }
}
