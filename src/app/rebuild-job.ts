// One rebuild worker (rebuild-workers.ts): evaluates chunks of decisions on a read-only connection
// of its own to the SQLite file, with deps built like the writing thread's (the same rulebook
// documents, the directory read from the same stream), and sends back each chunk's rows.
import { parentPort, workerData } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { createDeps } from '../compose'
import type { StoredEvent } from '../domain/envelope'
import { createRulebookRegistry } from '../rules'
import type { Backend } from '../store/backend'
import type { Database } from '../store/schema'
import type { AppDeps } from './deps'
import { evaluateChunk } from './rebuild-chunk'
import type { RebuildWorkerSetup, ToWorker } from './rebuild-workers'

const setup = workerData as RebuildWorkerSetup
const raw = new SqliteDatabase(setup.file, { readonly: true, fileMustExist: true })
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
const backend: Backend = {
  dialect: 'sqlite',
  db,
  atomic: () => Promise.reject(new Error('a rebuild worker does not write')),
  close: () => db.destroy(),
}
const built = createDeps(backend, {
  config: { jurisdiction: setup.jurisdiction, defaultRulebook: setup.defaultRulebook },
  rulebooks: createRulebookRegistry(setup.rulebooks),
})
// The directory does not move during a rebuild: read once, as the writing thread does.
let directory: ReturnType<AppDeps['directory']['get']> | undefined
const deps: AppDeps = { ...built, directory: { get: () => (directory ??= built.directory.get(built)) } }

async function evaluate(ids: readonly string[]) {
  const streams = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]))
  const first = ids[0]
  const last = ids.at(-1)
  if (first !== undefined && last !== undefined)
    for (const e of await deps.store.readStreamRange(first, last)) streams.get(e.decisionId)?.push(e)
  return evaluateChunk(deps, ids, streams, setup.at)
}

// One chunk at a time, in the order sent.
let queue: Promise<unknown> = Promise.resolve()
parentPort?.on('message', (job: ToWorker) => {
  queue = queue.then(() =>
    evaluate(job.ids).then(
      (chunk) => parentPort?.postMessage({ id: job.id, chunk }),
      (error) => parentPort?.postMessage({ id: job.id, error: String((error as Error)?.stack ?? error) }),
    ),
  )
})
