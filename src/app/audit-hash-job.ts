// One hashing worker of `verify --db` (audit-workers.ts): recomputes, the quick way, the hash of
// every event with from < position ≤ to on a read-only connection of its own. It stops at the
// first event whose stored hash differs; the events the quick way cannot hash are handed back to
// the main thread, which hashes them the library's way (and throws where that throws).
import { parentPort, workerData } from 'node:worker_threads'
import { openReadOnly, RANGE_SQL } from '../store/audit-raw'
import { column, eventSubject, quickHash } from './audit-columns'
import type { HashJob, HashOutcome } from './audit-workers'

async function run(job: HashJob): Promise<HashOutcome> {
  const conn = await openReadOnly(job.file)
  const handBack: number[] = []
  try {
    let count = 0
    for (const row of conn.prepare(RANGE_SQL).raw(true).iterate(job.from, job.to)) {
      const position = Number(row[column.position])
      const recomputed = quickHash(row)
      if (recomputed === undefined) {
        handBack.push(position)
        continue
      }
      const stored = row[column.hash]
      if (recomputed !== stored) {
        const subject = eventSubject(row[column.stream_id], row[column.event_id], Number(row[column.version]), position)
        return { kind: 'mismatch', position, recomputed, stored: String(stored), subject, handBack }
      }
      count++
    }
    return { kind: 'ok', count, handBack }
  } finally {
    conn.close()
  }
}

run(workerData as HashJob).then(
  (outcome) => parentPort?.postMessage(outcome),
  (error) => parentPort?.postMessage({ kind: 'failed', message: String((error as Error)?.stack ?? error) }),
)
