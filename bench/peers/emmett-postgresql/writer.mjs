// One writer process of bench case 3 for Emmett's PostgreSQL store. Plain JavaScript beside its
// own node_modules (this workspace): reads its appends, says "ready", waits for "go" on stdin,
// appends them one after another with the expected stream version, and prints "done".
import { readFileSync } from 'node:fs'
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql'

const [url, file] = process.argv.slice(2)
const appends = JSON.parse(readFileSync(file, 'utf8'))
const store = getPostgreSQLEventStore(url)
// Creates Emmett's schema before the clock starts (every writer does; it is idempotent).
await store.appendToStream(`warmup-${process.pid}`, [{ type: 'Warmup', data: {} }])
process.stdout.write('ready\n')
process.stdin.once('data', async () => {
  for (const a of appends) {
    const { decisionId, type, version, ...rest } = a.event
    await store.appendToStream(`decision-${decisionId}`, [{ type, data: { ...rest, decisionId, version } }], {
      expectedStreamVersion: BigInt(version - 1),
    })
  }
  process.stdout.write('done\n')
  await store.close()
  process.exit(0)
})
