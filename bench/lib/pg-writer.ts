// One writer process of bench case 3 for decision-trail on PostgreSQL: reads its appends, says
// "ready", waits for "go" on stdin, appends them one after another through the EventStore (the
// event row and the stream head in one transaction, sent in one round trip, registered in flight
// for the feed horizon), prints "done". It runs with decision-trail's V8 settings, as a server does.
import { readFileSync } from 'node:fs'
import { applyV8Flags } from '../../bin/v8-flags.mjs'
import { EventStore } from '../../src/store/event-store'
import { openPostgres } from '../../src/store/postgres'
import type { Append } from './append-workload'

async function main(): Promise<void> {
  applyV8Flags()
  const [url, file] = process.argv.slice(2) as [string, string]
  const appends = JSON.parse(readFileSync(file, 'utf8')) as Append[]
  const backend = openPostgres(url, { max: 2 })
  const store = new EventStore(backend)
  await store.readHead('warmup') // connect before the clock starts
  process.stdout.write('ready\n')
  process.stdin.once('data', async () => {
    for (const a of appends)
      await store.append({
        streamId: a.event.decisionId,
        kind: 'decision',
        expectedVersion: a.event.version - 1,
        events: [a.event],
        newState: a.state,
        also: [],
      })
    process.stdout.write('done\n')
    await backend.close()
    process.exit(0)
  })
}

void main()
