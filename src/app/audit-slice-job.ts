// One slice worker of `verify --db` (audit-slices.ts): on a read-only connection of its own, it
// checks the events with from < position ≤ to and their part of the tree, so that the main thread
// reads nothing per event:
//   - each event's hash recomputed from the canonical JSON SQLite builds from its columns, read a
//     page at a time as two blobs (RANGE_BLOB_SQL: no JavaScript string of any payload). A match
//     counts only where that text is the event's canonical JSON (isEventCanonicalJson), as it is
//     for what appends store; otherwise the event is hashed the quick way from its columns
//     (fast-event-hash.ts), through a run of such events page by page as rows, and the events that
//     way cannot hash are handed back, as in audit-hash-job.ts, to be hashed the library's way on
//     the main thread;
//   - each stream's chain within the slice; a stream's first event here is handed to the main
//     thread, which joins it to the stream's last event in the slices before;
//   - the leaves of these events, from the leaf of the first one (which must begin a whole subtree
//     of 2^chunkLevels leaves), and every stored node inside them (audit-tree.ts); only the
//     leaves of the main thread's snapshot (SliceJob.leafCount).
// It only says whether all is well: at the first thing that is not, it stops, and the main thread
// runs the checks that name it.
import { isUtf8 } from 'node:buffer'
import { parentPort, workerData } from 'node:worker_threads'
import { isCanonicalJson } from '../ledger/canonical-bytes'
import {
  EVENT_AT_SQL,
  LEAF_AT_SQL,
  LEAVES_SQL,
  LEVEL0_MATCHES_SQL,
  NODES_SQL,
  openReadOnly,
  RANGE_BLOB_SQL,
  RANGE_PAGE_SQL,
} from '../store/audit-raw'
import type { LeafTuple, NodeTuple } from '../store/audit-reader'
import { column, quickHash } from './audit-columns'
import type { SliceJob, SliceOutcome, SliceStreams } from './audit-slices'
import { QuickTreeCheck, sha256Hex, type TreeReader } from './audit-tree'

// GENESIS_HASH (domain/envelope.ts), not imported: the worker loads no more than it needs.
const GENESIS = '0'.repeat(64)

const DATA_KEY = Buffer.from('"data":')
const EVIDENCE_KEY = Buffer.from('"evidence":')

/**
 * Whether a canonical text SQLite built (CANONICAL_TEXT) is the event's canonical JSON: valid
 * UTF-8 with the stored payload and evidence canonical (the other columns' types are checked in
 * SQL, and `json_quote` escapes as JSON.stringify does). Only then does a matching hash show the
 * stored event to be the hashed one; otherwise the hash would be over bytes of someone's choosing.
 * The payload begins right after the first `"data":`, as no column quoted before it can hold a
 * bare quote, and the evidence after the first `"evidence":` past the payload, likewise.
 */
function isEventCanonicalJson(text: Buffer, dataBytes: number, evidenceBytes: number): boolean {
  if (!isUtf8(text)) return false
  const dataAt = text.indexOf(DATA_KEY)
  if (dataAt < 0) return false
  const dataFrom = dataAt + DATA_KEY.length
  const dataTo = dataFrom + dataBytes
  if (!isCanonicalJson(text, dataFrom, dataTo)) return false
  const evidenceAt = text.indexOf(EVIDENCE_KEY, dataTo)
  if (evidenceAt < 0) return false
  const evidenceFrom = evidenceAt + EVIDENCE_KEY.length
  return isCanonicalJson(text, evidenceFrom, evidenceFrom + evidenceBytes)
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

/** What reading a page did: its events, and how many of them were hashed from their columns. */
interface PageRead {
  rows: number
  fromColumns: number
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
    // The blobs hold the database's text encoding; the header is read as UTF-8 (any other
    // encoding: the checks that read columns one by one).
    if ((conn.prepare('pragma encoding').raw(true).get() as [string])[0] !== 'UTF-8') return { kind: 'amiss' }
    const pageBlobs = conn.prepare(RANGE_BLOB_SQL).raw(true)
    const pageRows = conn.prepare(RANGE_PAGE_SQL).raw(true)
    const eventAt = conn.prepare(EVENT_AT_SQL).raw(true)
    const leafAt = conn.prepare(LEAF_AT_SQL).raw(true)
    const leaves = conn.prepare(LEAVES_SQL).raw(true)
    const nodes = conn.prepare(NODES_SQL).raw(true)
    const level0 = conn.prepare(LEVEL0_MATCHES_SQL).raw(true)
    const reader: TreeReader = {
      leaves: async function readLeaves(from, limit) {
        return leaves.all(from, job.leafCount, limit) as LeafTuple[]
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
    /** The chain and tree checks of the next event, whose hash is checked; false if amiss. */
    const accept = (
      position: number,
      version: number,
      streamId: string,
      eventId: string,
      prevHash: unknown,
      stored: string,
    ) => {
      const s = streams.get(streamId)
      if (s === undefined) {
        // A stream's first event anywhere must follow the genesis; elsewhere the main thread
        // joins it to the slices before.
        if (typeof prevHash !== 'string' || (version === 1 && prevHash !== GENESIS)) return false
        streams.set(streamId, { at: out.ids.length, version, hash: stored })
        out.ids.push(streamId)
        out.firstVersion.push(version)
        out.firstPrev.push(version === 1 ? '' : prevHash)
        out.version.push(version)
        out.hash.push(stored)
      } else {
        if (version !== s.version + 1 || prevHash !== s.hash) return false
        s.version = version
        s.hash = stored
        out.version[s.at] = version
        out.hash[s.at] = stored
      }
      if (count === 0) {
        const leaf = leafAt.all(position, job.leafCount)[0] as [number] | undefined
        if (leaf !== undefined) {
          firstLeaf = Number(leaf[0])
          if (firstLeaf % 2 ** job.chunkLevels !== 0) return false
          tree = new QuickTreeCheck(reader, 2 ** job.chunkLevels, firstLeaf)
        }
      }
      tree?.event(eventId, position, stored)
      count++
      after = position
      return true
    }

    /**
     * A page read as one blob of SQLite's making (RANGE_BLOB_SQL): no row arrays, and no
     * JavaScript string of any payload. Returns how many events it held, and how many of them
     * had to be hashed from their columns; undefined if amiss.
     */
    const blobPage = (): PageRead | undefined => {
      const [headBlob, textsBlob, rows] = pageBlobs.get(after, job.to, eventsPage) as [
        Buffer | null,
        Buffer | null,
        number,
      ]
      if (headBlob === null || textsBlob === null) return { rows: 0, fromColumns: 0 }
      const head = new Cursor(headBlob)
      const texts = new Cursor(textsBlob)
      let slow = 0
      for (let i = 0; i < rows; i++) {
        if (head.int() !== 1) return undefined // not plain: the checks that read columns one by one decide
        const position = head.int()
        if (position <= after) return undefined // out of commit order: left to the checks that read columns
        const version = head.int()
        const idBytes = head.int()
        const eventIdBytes = head.int()
        const textBytes = head.int()
        const dataBytes = head.int()
        const evidenceBytes = head.int()
        const streamId = head.text(idBytes, 'utf8')
        const eventId = head.text(eventIdBytes, 'utf8')
        const prevHash = head.text(64, 'latin1')
        const stored = head.text(64, 'latin1')
        const text = texts.bytes(textBytes)
        if (sha256Hex(text) !== stored || !isEventCanonicalJson(text, dataBytes, evidenceBytes)) {
          // Stored otherwise than canonically (or altered): the quick way from the columns, else
          // the library's way on the main thread.
          slow++
          const row = eventAt.get(position) as unknown[] | undefined
          const recomputed = row && quickHash(row)
          if (recomputed === undefined) handBack.push(position)
          else if (recomputed !== stored) return undefined
        }
        if (!accept(position, version, streamId, eventId, prevHash, stored)) return undefined
      }
      return { rows: Number(rows), fromColumns: slow }
    }

    /** A page read as rows, each hashed from its columns (fast-event-hash.ts); undefined if amiss. */
    const rowPage = (): PageRead | undefined => {
      const rows = pageRows.all(after, job.to, eventsPage) as unknown[][]
      for (const row of rows) {
        const position = Number(row[column.position])
        if (position <= after) return undefined
        const stored = row[column.hash] as string
        const recomputed = quickHash(row)
        if (recomputed === undefined) handBack.push(position)
        else if (recomputed !== stored) return undefined
        const streamId = row[column.stream_id]
        const eventId = row[column.event_id]
        if (typeof streamId !== 'string' || typeof eventId !== 'string') return undefined
        if (!accept(position, Number(row[column.version]), streamId, eventId, row[column.prev_hash], stored))
          return undefined
      }
      return { rows: rows.length, fromColumns: rows.length }
    }

    // Blobs while most events of a page are stored canonically, as appends store them; rows (one
    // read per event instead of two) through a run of events stored before that, with a blob page
    // now and then to see whether the run has ended.
    const eventsPage = Math.min(job.page, 512)
    let byRows = false
    for (let pages = 0; ; pages++) {
      const probe: boolean = byRows && pages % 32 === 0
      const p: PageRead | undefined = byRows && !probe ? rowPage() : blobPage()
      if (p === undefined) return amiss
      fromColumns += p.fromColumns
      if (!byRows || probe) byRows = p.fromColumns * 2 > p.rows
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
