// The evaluation of a rebuild spread over the cores: on a SQLite file, worker threads each read
// chunks of decisions on a read-only connection of their own and evaluate them (rebuild-job.ts),
// while the main thread writes the rows they send back. A worker that fails (cannot start, dies)
// hands its chunks back: the main thread then evaluates them itself, so a rebuild never depends
// on threads being available.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { PackedChunk } from './rebuild-chunk'
import { workerEntry } from './worker-entry'

export interface RebuildWorkerSetup {
  file: string
  jurisdiction: string
  defaultRulebook: string
  /** The writing thread's rulebook documents (shipped and loaded), for an equal registry. */
  rulebooks: unknown[]
  /** The rebuild's instant (rebuildInstant in rebuild-chunk.ts). */
  at: string
}

export interface ToWorker {
  id: number
  ids: string[]
}

type FromWorker = { id: number; chunk: PackedChunk } | { id: number; error: string }

/** How many workers to start for `decisions` decisions (0: evaluate on the writing thread). */
export function rebuildWorkerCount(decisions: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested))
  // Starting a worker (loading the sources and rulebooks) takes ~0.5 s of CPU: below a few
  // thousand decisions it costs more than it saves.
  return decisions < 5000 ? 0 : Math.min(4, availableParallelism())
}

interface Pending {
  resolve: (chunk: PackedChunk) => void
  reject: (error: Error) => void
}

class RebuildWorker {
  private readonly pending = new Map<number, Pending>()
  private failure: Error | undefined
  /** Chunks this worker evaluated. */
  evaluated = 0

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id)
      this.pending.delete(m.id)
      if ('chunk' in m) {
        this.evaluated++
        p?.resolve(m.chunk)
      } else p?.reject(new Error(m.error))
    })
    worker.on('error', (e) => this.fail(e))
    worker.on('exit', (code) => this.fail(new Error(`rebuild worker exited with code ${code}`)))
  }

  get alive(): boolean {
    return this.failure === undefined
  }

  get load(): number {
    return this.pending.size
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const p of this.pending.values()) p.reject(this.failure)
    this.pending.clear()
  }

  evaluate(id: number, ids: string[]): Promise<PackedChunk> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, ids } satisfies ToWorker)
    })
  }

  async close(): Promise<void> {
    this.failure ??= new Error('rebuild worker closed')
    await this.worker.terminate()
  }
}

export class RebuildPool {
  private next = 0

  private constructor(private readonly workers: RebuildWorker[]) {}

  /** Starts `count` workers; those that cannot be created are left out. */
  static start(setup: RebuildWorkerSetup, count: number): RebuildPool {
    const workers: RebuildWorker[] = []
    for (let i = 0; i < count; i++) {
      try {
        workers.push(
          new RebuildWorker(
            new Worker(workerEntry('rebuild-worker', new URL('./rebuild-worker.mjs', import.meta.url)), {
              workerData: setup,
            }),
          ),
        )
      } catch {
        // No worker threads here: the chunks are evaluated by the caller.
      }
    }
    return new RebuildPool(workers)
  }

  /** The chunk evaluated by the least busy live worker, or by `local` when none is left or it fails. */
  evaluate(ids: string[], local: () => Promise<PackedChunk>): Promise<PackedChunk> {
    const live = this.workers.filter((w) => w.alive)
    if (live.length === 0) return local()
    const worker = live.reduce((a, b) => (b.load < a.load ? b : a))
    return worker.evaluate(this.next++, ids).catch(() => local())
  }

  /** How many workers evaluated chunks (those that could not start or died first are not counted). */
  get threads(): number {
    return this.workers.filter((w) => w.evaluated > 0).length
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()))
  }
}
