// The SQLite writer thread (sqlite.ts): a connection of its own to the database file, on which it
// writes the atomic units the main thread sends, several at a time. While it is inside one
// transaction (its statements, then the fsync of COMMIT and any WAL checkpoint), the units sent
// meanwhile queue on the port; the next round takes all of them (receiveMessageOnPort) into one
// transaction, a savepoint each — group commit, sized by the load. The main thread goes on
// serving meanwhile, and settles each unit's promise only when the reply of its COMMIT arrives.
import { receiveMessageOnPort, workerData } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { configure, statementCache, writeUnits } from './sqlite-units.mjs'

const { file, port } = workerData
const raw = new SqliteDatabase(file)
configure(raw)
const prepare = statementCache(raw)

const describe = (error) => ({
  message: error instanceof Error ? error.message : String(error),
  code: typeof error?.code === 'string' ? error.code : undefined,
})

port.on('message', (first) => {
  const messages = [first]
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) messages.push(m.message)
  const units = messages.filter((m) => m.close !== true)
  if (units.length) {
    let replies
    try {
      const outcomes = writeUnits(
        raw,
        prepare,
        units.map((u) => u.queries),
      )
      replies = units.map((u, i) =>
        'rows' in outcomes[i] ? { id: u.id, rows: outcomes[i].rows } : { id: u.id, error: describe(outcomes[i].error) },
      )
    } catch (error) {
      const failure = describe(error)
      replies = units.map((u) => ({ id: u.id, error: failure }))
    }
    port.postMessage(replies)
  }
  if (units.length < messages.length) {
    raw.close()
    port.close()
  }
})
