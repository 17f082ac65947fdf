// Writing atomic units on one SQLite connection, shared by the inline group commit (sqlite.ts, for
// in-memory databases) and the writer thread (sqlite-writer.mjs, for files). Plain JavaScript so
// that the thread runs without a TypeScript loader; the types are in sqlite-units.d.mts.

/**
 * The settings of every connection to the file: WAL, durable commits (synchronous=FULL: an
 * acknowledged unit survives a power cut), a wait for the write lock, foreign keys.
 */
export function configure(raw) {
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = FULL')
  raw.pragma('busy_timeout = 10000')
  raw.pragma('foreign_keys = ON')
}

/** A cache of prepared statements on `raw`, bounded so that texts that vary (IN lists) cannot grow it forever. */
export function statementCache(raw, limit = 5000) {
  const statements = new Map()
  return (text) => {
    let s = statements.get(text)
    if (!s) {
      if (statements.size >= limit) statements.clear()
      s = raw.prepare(text)
      statements.set(text, s)
    }
    return s
  }
}

function runQueries(prepare, queries) {
  return queries.map((q) => {
    const stmt = prepare(q.sql)
    if (stmt.reader) return stmt.all(...q.parameters)
    stmt.run(...q.parameters)
    return []
  })
}

/**
 * Writes `units` (each a list of queries) in ONE `BEGIN IMMEDIATE … COMMIT`, a SAVEPOINT per unit
 * when there are several: a unit whose statement fails (a unique constraint, a bad statement) is
 * rolled back to its savepoint alone and gets `{ error }`, the others `{ rows }` (each query's
 * rows). When the transaction itself fails (BEGIN, COMMIT, an error that aborts it: SQLITE_FULL,
 * I/O), it is rolled back and the error thrown: nothing of the batch is written.
 */
export function writeUnits(raw, prepare, units) {
  const outcomes = []
  try {
    prepare('BEGIN IMMEDIATE').run()
    if (units.length === 1) {
      // Alone: the transaction is the unit, no savepoint needed.
      outcomes.push({ rows: runQueries(prepare, units[0]) })
    } else {
      for (const queries of units) {
        prepare('SAVEPOINT unit').run()
        try {
          outcomes.push({ rows: runQueries(prepare, queries) })
          prepare('RELEASE unit').run()
        } catch (error) {
          if (!raw.inTransaction) throw error
          prepare('ROLLBACK TO unit').run()
          prepare('RELEASE unit').run()
          outcomes.push({ error })
        }
      }
    }
    prepare('COMMIT').run()
  } catch (error) {
    if (raw.inTransaction) prepare('ROLLBACK').run()
    throw error
  }
  return outcomes
}
