// `verify --db` on every core without reading each event on the main thread (docs/ledger.md §4):
// on a SQLite file, the events are cut into slices of commit order, one per worker thread, each
// slice beginning at the leaf that begins a whole subtree (2^chunkLevels leaves), so that every
// stored node below that size lies inside one slice. Each worker (audit-slice-job.ts) reads its
// slice on a connection of its own, as blobs of canonical text SQLite builds where the events are
// stored canonically, and checks hashes, chains, leaves and nodes there; the main
// thread joins the slices: each stream's chain across them, the leaves' indices, the nodes above
// the subtrees, and the events the quick way could not hash, hashed here the library's way.
//
// It only says whether all is well. If anything is not (or a worker cannot run), it returns
// undefined and ledger-audit.ts runs the checks that find and name it, exactly as before.
import type { Worker } from 'node:worker_threads'
import type { AuditReader } from '../store/audit-reader'
import { column } from './audit-columns'
import { libraryHash } from './audit-event-hash'
import { chunkLevelsFor, treeAbove } from './audit-tree'
import { runAuditWorker } from './audit-workers'
import { workerEntry } from './worker-entry'

export interface SliceJob {
  file: string
  /** Positions from < position ≤ to. */
  from: number
  to: number
  page: number
  chunkLevels: number
  /**
   * The leaves in the main thread's snapshot (audit-reader.ts): the worker reads the file anew,
   * so it reads no leaf at or above this, which a server may have added since. The events it
   * reads (from < position ≤ to) were all committed in the snapshot, and nothing stored changes.
   */
  leafCount: number
}

/** Each stream met in a slice, in the order first met: its first event, and its last. */
export interface SliceStreams {
  ids: string[]
  firstVersion: number[]
  /** The first event's prevHash; '' where that event is version 1 (checked to be the genesis). */
  firstPrev: string[]
  version: number[]
  hash: string[]
}

export type SliceOutcome =
  | {
      kind: 'ok'
      count: number
      streams: SliceStreams
      /** Positions (ascending) whose hash the quick way could not recompute. */
      handBack: number[]
      /**
       * Events whose stored JSON is not canonical (written before appends stored it so, or by
       * another tool), hashed from their columns rather than from SQLite's canonical text.
       */
      fromColumns: number
      /** The ledger index of the first event's leaf; null if it has none. */
      firstLeaf: number | null
      /** Leaves matched to the slice's events, from firstLeaf. */
      leaves: number
      /** Some events of the slice have no leaf (they are not sequenced yet). */
      leavesEnded: boolean
      /** The stored roots of the whole subtrees among those leaves, in order. */
      roots: string[]
    }
  /** Something is not as it should be: the main thread finds what. */
  | { kind: 'amiss' }
  /** The worker could not run. */
  | { kind: 'failed'; message: string }

export interface StreamState {
  version: number
  hash: string
}

export interface SlicesPass {
  streams: Map<string, StreamState>
  seen: number
  /** Events hashed from their columns, not from SQLite's canonical text (SliceOutcome). */
  fromColumns: number
  /** Leaves verified, with every stored node of their tree. */
  n: number
}

/**
 * Where the slices end: positions p1 < p2 < … between lo and hi, each that of the last leaf of a
 * whole subtree, so that the leaves of slice k + 1 begin a subtree. Fewer slices than asked when
 * there are too few leaves; one when there are none.
 */
export function sliceEnds(reader: AuditReader, lo: number, hi: number, count: number, chunkLevels: number): number[] {
  const chunk = 2 ** chunkLevels
  const last = reader.lastLeafIndex?.()
  const ends: number[] = []
  if (last !== undefined) {
    const chunks = Math.floor((last + 1) / chunk)
    let previous = lo - 1
    for (let k = 1; k < count; k++) {
      const index = Math.floor((k * chunks) / count) * chunk - 1
      if (index < 0) continue
      const position = reader.leafPosition?.(index)
      if (position === undefined || position <= previous || position >= hi) continue
      ends.push(position)
      previous = position
    }
  }
  ends.push(hi)
  return ends
}

const runSlice = (job: SliceJob, workers: Worker[]): Promise<SliceOutcome> =>
  runAuditWorker<SliceOutcome>(
    workerEntry('audit-slice-worker', new URL('./audit-slice-worker.mjs', import.meta.url)),
    job,
    (w) => workers.push(w),
  )

/** Runs the slices; at the first that is not ok, the others are stopped. */
async function runSlices(jobs: SliceJob[], progress: (line: string) => void): Promise<SliceOutcome[] | undefined> {
  const workers: Worker[] = []
  let stopped = false
  try {
    return await Promise.all(
      jobs.map((job) =>
        runSlice(job, workers).then((o) => {
          if (o.kind !== 'ok') {
            if (o.kind === 'failed') progress(`a worker thread could not run (${o.message}); checking on this thread`)
            stopped = true
            for (const w of workers) void w.terminate()
            throw o
          }
          return o
        }),
      ),
    )
  } catch (e) {
    if (stopped) return undefined
    throw e
  } finally {
    for (const w of workers) void w.terminate()
  }
}

/** Hashes, chains, leaves and nodes of every event in slices; undefined if anything is amiss. */
export async function slicesPass(
  reader: AuditReader,
  file: string,
  bounds: [number, number],
  workers: number,
  page: number,
  progress: (line: string) => void,
): Promise<SlicesPass | undefined> {
  const [lo, hi] = bounds
  const chunkLevels = chunkLevelsFor(page)
  const leafCount = (reader.lastLeafIndex?.() ?? -1) + 1
  const jobs: SliceJob[] = []
  let from = lo - 1
  for (const to of sliceEnds(reader, lo, hi, workers, chunkLevels)) {
    jobs.push({ file, from, to, page, chunkLevels, leafCount })
    from = to
  }
  const outcomes = await runSlices(jobs, progress)
  if (outcomes === undefined) return undefined

  const streams = new Map<string, StreamState>()
  const roots: string[] = []
  let seen = 0
  let fromColumns = 0
  let n = 0
  let leavesEnded = false
  for (const o of outcomes) {
    if (o.kind !== 'ok') return undefined
    // Each stream's first event in this slice follows its last in the slices before.
    const { ids, firstVersion, firstPrev, version, hash } = o.streams
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string
      const s = streams.get(id)
      const first = firstVersion[i] as number
      if (s === undefined) {
        if (first !== 1) return undefined
        streams.set(id, { version: version[i] as number, hash: hash[i] as string })
      } else {
        if (first !== s.version + 1 || firstPrev[i] !== s.hash) return undefined
        s.version = version[i] as number
        s.hash = hash[i] as string
      }
    }
    seen += o.count
    fromColumns += o.fromColumns
    // The leaves continue where the previous slice's ended, from one slice to the next.
    if (o.firstLeaf === null) leavesEnded = true
    else {
      if (leavesEnded || o.firstLeaf !== n) return undefined
      n += o.leaves
      for (const r of o.roots) roots.push(r)
      if (o.leavesEnded) leavesEnded = true
    }
  }
  for (const o of outcomes) {
    if (o.kind !== 'ok') continue
    for (const position of o.handBack) {
      const row = reader.eventAt?.(position)
      if (row === undefined) return undefined
      try {
        if (libraryHash(row) !== row[column.hash]) return undefined
      } catch {
        return undefined // the checks that follow throw it again, where they always did
      }
    }
  }
  progress(
    `streams: ${seen} events checked${fromColumns > 0 ? `, ${fromColumns} of them stored otherwise than canonically (hashed from their columns)` : ''}`,
  )
  if (!(await treeAbove(reader, chunkLevels, n, roots))) return undefined
  progress(`tree: ${n} leaves and their nodes checked`)
  return { streams, seen, fromColumns, n }
}
