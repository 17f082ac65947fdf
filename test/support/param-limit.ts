// Enforces D1's limit of 100 bound parameters per statement on whatever backend a test uses, so
// the whole HTTP suite, run on SQLite, proves that no statement would be refused by D1.
import type { CompiledQuery, KyselyPlugin } from 'kysely'
import { type Backend, MAX_BOUND_PARAMETERS } from '../../src/store/backend'

export class TooManyParameters extends Error {}

function check(q: CompiledQuery): void {
  if (q.parameters.length > MAX_BOUND_PARAMETERS)
    throw new TooManyParameters(
      `a statement binds ${q.parameters.length} parameters (D1 allows ${MAX_BOUND_PARAMETERS}): ${q.sql.slice(0, 160)}`,
    )
}

export function withParameterLimit(backend: Backend): Backend {
  const executor = backend.db.getExecutor()
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      check(executor.compileQuery(args.node, args.queryId))
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return {
    dialect: backend.dialect,
    db: backend.db.withPlugin(plugin),
    atomic: (queries, options) => {
      queries.forEach(check)
      return backend.atomic(queries, options)
    },
    close: () => backend.close(),
  }
}
