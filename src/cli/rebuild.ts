// `decision-trail rebuild-projections`: replays every stream into the read models.
import { parseArgs } from 'node:util'
import { rebuildProjections } from '../app/rebuild'
import type { Config } from '../config'
import { migrateToLatest, nodeDeps, openBackend } from '../node'
import type { CliIo } from './io'
import { parseThreads, progressLine } from './io'

export const REBUILD_HELP = `Usage: decision-trail rebuild-projections [--threads <n>]

Rebuilds every read model from the events of DATABASE_URL, replaying each stream in version
order: the stream heads' state snapshots, the decision list and its access table, the compliance
projection (statuses, latest obligation states, findings: the organ report, the status filter) and
the directory tables. Decisions are evaluated as of the rebuild's start (or of their last event
if that is later): the rows the appends wrote inline, with every deadline passed since judged, so
nothing is left for the refresh of passed deadlines. It runs as one transaction: until it
commits, readers see the previous read models, and a failure or a crash leaves them as they were;
appends wait for it (SQLite) or block on its rows (PostgreSQL), so run it with the server stopped.
On a SQLite file with 5,000 decisions or more, decisions are evaluated on worker threads, one per
core up to 4; --threads <n> sets how many (0: none, all on this thread). Run it after changing
RULEBOOKS_DIR (a new rulebook version changes evaluations) or restoring a database. Progress goes
to stderr; the summary on stdout ends with the instant the decisions were evaluated as of.`

export async function rebuildCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let threads: ReturnType<typeof parseThreads>
  try {
    const { values } = parseArgs({ args, options: { threads: { type: 'string' } } })
    threads = parseThreads(values.threads)
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${REBUILD_HELP}`)
    return 2
  }
  if (typeof threads === 'object') {
    io.err(`${threads.error}\n\n${REBUILD_HELP}`)
    return 2
  }
  const backend = await openBackend(config.databaseUrl, config)
  try {
    await migrateToLatest(backend)
    const deps = await nodeDeps(backend, config)
    const started = Date.now()
    const summary = await rebuildProjections(
      deps,
      progressLine(io, 'decisions rebuilt'),
      threads === undefined ? {} : { workers: threads },
    )
    io.out(
      `rebuilt ${summary.decisions} decisions and ${summary.directoryStreams} directory stream(s) from ${summary.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s${summary.threads > 0 ? `, evaluated on ${summary.threads} worker thread(s)` : ''}; compliance as of ${summary.at}\n`,
    )
    return 0
  } finally {
    await backend.close()
  }
}
