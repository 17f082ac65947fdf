// `verify --db` recomputes every event hash on every core (docs/ledger.md §4): on a SQLite file,
// worker threads each read a range of positions on a read-only connection of their own and hash
// it, while the main thread checks the chains and the tree. Each reports the first event in its
// range whose hash differs (or whose recomputation throws); ledger-audit.ts then reports the
// earliest failure in commit order, exactly as the single-threaded pass would.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { workerEntry } from './worker-entry'

export interface HashJob {
  file: string
  /** Positions from < position ≤ to. */
  from: number
  to: number
}

/**
 * A worker's result. `handBack`: the positions (ascending, all before a mismatch) the quick way
 * could not hash; the main thread hashes those the library's way.
 */
export type HashOutcome =
  | { kind: 'ok'; count: number; handBack: number[] }
  | { kind: 'mismatch'; position: number; recomputed: string; stored: string; subject: string; handBack: number[] }
  /** The worker itself could not run (no worker threads, a load error): hash on this thread. */
  | { kind: 'failed'; message: string }

export type HashResult = HashOutcome

/**
 * How many worker threads the audit starts for `events` events, hashing ranges or checking slices
 * (audit-slices.ts); 0: everything on the main thread.
 */
export function hashWorkerCount(events: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested))
  // Below ~50,000 events, starting threads (~0.3 s each) costs more than it saves.
  return events < 50_000 ? 0 : Math.min(4, availableParallelism())
}

/**
 * Runs one worker of the audit on `data` and resolves to the one message it posts, or to `failed`
 * if it cannot start, throws or exits first. `started` is given the worker (to stop it early).
 */
export function runAuditWorker<O>(
  entry: URL,
  data: unknown,
  started?: (worker: Worker) => void,
): Promise<O | { kind: 'failed'; message: string }> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(entry, { workerData: data })
    } catch (e) {
      resolve({ kind: 'failed', message: String(e) })
      return
    }
    started?.(worker)
    let settled = false
    const settle = (o: O | { kind: 'failed'; message: string }) => {
      if (settled) return
      settled = true
      resolve(o)
    }
    worker.once('message', (o: O) => settle(o))
    worker.once('error', (e) => settle({ kind: 'failed', message: String(e) }))
    worker.once('exit', (code) => settle({ kind: 'failed', message: `worker exited with code ${code}` }))
  })
}

const runJob = (job: HashJob): Promise<HashOutcome> =>
  runAuditWorker<HashOutcome>(
    workerEntry('audit-hash-worker', new URL('./audit-hash-worker.mjs', import.meta.url)),
    job,
  )

/**
 * Splits positions lo…hi into `count` ranges and hashes them in workers. Resolves to the earliest
 * mismatch, or ok, with every handed-back position before it (ascending); or `failed` if any
 * worker could not run.
 */
export async function hashInWorkers(file: string, lo: number, hi: number, count: number): Promise<HashResult> {
  const jobs: HashJob[] = []
  const width = Math.ceil((hi - lo + 1) / count)
  for (let from = lo - 1; from < hi; from += width) jobs.push({ file, from, to: Math.min(hi, from + width) })
  const outcomes = await Promise.all(jobs.map(runJob))
  const failed = outcomes.find((o) => o.kind === 'failed')
  if (failed) return failed
  // Ranges are in position order: the first mismatch is the earliest, and only the positions
  // handed back before it matter.
  let total = 0
  const handBack: number[] = []
  for (const o of outcomes) {
    if (o.kind === 'failed') continue
    for (const position of o.handBack) handBack.push(position)
    if (o.kind === 'mismatch') return { ...o, handBack }
    total += o.count
  }
  return { kind: 'ok', count: total, handBack }
}
