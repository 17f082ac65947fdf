// One slice worker of `verify --db` (audit-slices.ts): on a read-only connection of its own, it
// checks the events with from < position ≤ to and their part of the tree, so that the main thread
// reads nothing per event:
//   - each event's hash recomputed from the canonical JSON SQLite builds from its columns, read a
//     page at a time as one blob (RANGE_BLOB_SQL: no JavaScript string of any payload). That text
//     is the event's canonical JSON wherever the stored payload and evidence are canonical, as
//     appends store them; where its hash differs, the event is hashed the quick way from its
//     columns (fast-event-hash.ts), and the events that way cannot hash are handed back, as in
//     audit-hash-job.ts, to be hashed the library's way on the main thread;
//   - each stream's chain within the slice; a stream's first event here is handed to the main
//     thread, which joins it to the stream's last event in the slices before;
//   - the leaves of these events, from the leaf of the first one (which must begin a whole subtree
//     of 2^chunkLevels leaves), and every stored node inside them (audit-tree.ts).
// It only says whether all is well: at the first thing that is not, it stops, and the main thread
// runs the checks that name it.
import { parentPort, workerData } from 'node:worker_threads'
import {
  EVENT_AT_SQL,
  LEAF_AT_SQL,
  LEAVES_SQL,
  LEVEL0_MATCHES_SQL,
  NODES_SQL,
  openReadOnly,
  RANGE_BLOB_SQL,
} from '../store/audit-raw'
import type { LeafTuple, NodeTuple } from '../store/audit-reader'
import { quickHash } from './audit-columns'
import type { SliceJob, SliceOutcome, SliceStreams } from './audit-slices'
import { QuickTreeCheck, sha256Hex, type TreeReader } from './audit-tree'

// GENESIS_HASH (domain/envelope.ts), not imported: the worker loads no more than it needs.
const GENESIS = '0'.repeat(64)

interface RangePage {
  head: Buffer
  texts: Buffer
  rows: number
}

/** Reads a page's blob (RANGE_BLOB_SQL) from the start. */
class Cursor {
  private at = 0
  constructor(private readonly blob: Buffer) {}

  /** The decimal integer here, and past its one-byte terminator. */
  int(): number {
    const { blob } = this
    const negative = blob[this.at] === 45 // '-': a forged position may be negative
    if (negative) this.at++
    let v = 0
    for (let c = blob[this.at++] as number; c >= 48 && c <= 57; c = blob[this.at++] as number) v = v * 10 + c - 48
    return negative ? -v : v
  }

  /** The next `length` bytes as a string. */
  text(length: number, encoding: 'utf8' | 'latin1'): string {
    const v = this.blob.toString(encoding, this.at, this.at + length)
    this.at += length
    return v
  }

  /** The next `length` bytes, not copied. */
  bytes(length: number): Buffer {
    const v = this.blob.subarray(this.at, this.at + length)
    this.at += length
    return v
  }
}

interface Stream {
  /** Index in the SliceStreams arrays. */
  at: number
  version: number
  hash: string
}

async function run(job: SliceJob): Promise<SliceOutcome> {
  const conn = await openReadOnly(job.file)
  try {
    const blobPage = conn.prepare(RANGE_BLOB_SQL).raw(true)
    const eventAt = conn.prepare(EVENT_AT_SQL).raw(true)
    const leafAt = conn.prepare(LEAF_AT_SQL).raw(true)
    const leaves = conn.prepare(LEAVES_SQL).raw(true)
    const nodes = conn.prepare(NODES_SQL).raw(true)
    const level0 = conn.prepare(LEVEL0_MATCHES_SQL).raw(true)
    const reader: TreeReader = {
      leaves: async function readLeaves(from, limit) {
        return leaves.all(from, limit) as LeafTuple[]
      },
      nodes: async function readNodes(level, lo, hi) {
        return nodes.all(level, lo, hi) as NodeTuple[]
      },
      level0IsLeaves(lo, hi) {
        const [rows, equal] = level0.get(lo, hi) as [number, number]
        return Number(rows) === hi - lo && Number(equal) === hi - lo
      },
      // Asked by the main thread only (treeAbove).
      nodesOutside: async () => true,
      nodesFrom: async () => true,
    }
    const amiss: SliceOutcome = { kind: 'amiss' }
    const out: SliceStreams = { ids: [], firstVersion: [], firstPrev: [], version: [], hash: [] }
    const streams = new Map<string, Stream>()
    const handBack: number[] = []
    let fromColumns = 0
    let tree: QuickTreeCheck | undefined
    let firstLeaf: number | null = null
    let count = 0
    let after = job.from
    // A page of events is one blob of SQLite's making (RANGE_BLOB_SQL): no row arrays, and no
    // JavaScript string of any payload.
    const eventsPage = Math.min(job.page, 512)
    const page = function readPage(): RangePage | undefined {
      const [head, texts, rows] = blobPage.get(after, job.to, eventsPage) as [Buffer | null, Buffer | null, number]
      return head === null || texts === null ? undefined : { head, texts, rows: Number(rows) }
    }
    for (let p = page(); p !== undefined; p = page()) {
      const head = new Cursor(p.head)
      const texts = new Cursor(p.texts)
      for (let i = 0; i < p.rows; i++) {
        if (head.int() !== 1) return amiss // not plain: the checks that read columns one by one decide
        const position = head.int()
        if (position <= after) return amiss // out of commit order: left to the checks that read columns
        const version = head.int()
        const idBytes = head.int()
        const eventIdBytes = head.int()
        const textBytes = head.int()
        const streamId = head.text(idBytes, 'utf8')
        const eventId = head.text(eventIdBytes, 'utf8')
        const prevHash = head.text(64, 'latin1')
        const stored = head.text(64, 'latin1')
        const text = texts.bytes(textBytes)
        if (sha256Hex(text) !== stored) {
          // Stored otherwise than canonically (or altered): the quick way from the columns, else
          // the library's way on the main thread.
          fromColumns++
          const row = eventAt.get(position) as unknown[] | undefined
          const recomputed = row && quickHash(row)
          if (recomputed === undefined) handBack.push(position)
          else if (recomputed !== stored) return amiss
        }
        const s = streams.get(streamId)
        if (s === undefined) {
          // A stream's first event anywhere must follow the genesis; elsewhere the main thread
          // joins it to the slices before.
          if (version === 1 && prevHash !== GENESIS) return amiss
          streams.set(streamId, { at: out.ids.length, version, hash: stored })
          out.ids.push(streamId)
          out.firstVersion.push(version)
          out.firstPrev.push(version === 1 ? '' : prevHash)
          out.version.push(version)
          out.hash.push(stored)
        } else {
          if (version !== s.version + 1 || prevHash !== s.hash) return amiss
          s.version = version
          s.hash = stored
          out.version[s.at] = version
          out.hash[s.at] = stored
        }
        if (count === 0) {
          const leaf = leafAt.all(position)[0] as [number] | undefined
          if (leaf !== undefined) {
            firstLeaf = Number(leaf[0])
            if (firstLeaf % 2 ** job.chunkLevels !== 0) return amiss
            tree = new QuickTreeCheck(reader, 2 ** job.chunkLevels, firstLeaf)
          }
        }
        tree?.event(eventId, position, stored)
        count++
        after = position
      }
      if (tree) {
        await tree.leaves()
        if (tree.broken) return amiss
      }
      if (p.rows < eventsPage) break
    }
    const end = tree ? await tree.sliceEnd() : { roots: [], partial: [] }
    if (end === undefined || tree?.broken) return amiss
    return {
      kind: 'ok',
      count,
      streams: out,
      handBack,
      fromColumns,
      firstLeaf,
      leaves: tree ? tree.n - (firstLeaf ?? 0) : 0,
      leavesEnded: tree === undefined || tree.leavesEnded,
      roots: end.roots,
    }
  } finally {
    conn.close()
  }
}

run(workerData as SliceJob).then(
  (outcome) => parentPort?.postMessage(outcome),
  (error) => parentPort?.postMessage({ kind: 'failed', message: String((error as Error)?.stack ?? error) }),
)
