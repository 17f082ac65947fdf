// The quick tree check of `verify --db` (ledger-audit.ts): the leaves are matched to the events
// as the events are read, in the same commit order, and every stored node is recomputed subtree
// by subtree as soon as its leaves are verified, each node read once. It only says whether all is
// well: at the first thing that is not, it stops and ledger-audit.ts runs the level-by-level
// checks, which name the fault exactly as they always have.
import * as nodeCrypto from 'node:crypto'
import type { AuditReader } from '../store/audit-reader'

/** The reads the tree check needs. */
export type TreeReader = Pick<AuditReader, 'leaves' | 'nodes' | 'nodesOutside' | 'nodesFrom'> & {
  /**
   * Whether the nodes of level 0 with lo ≤ idx < hi are exactly one per index, each equal to the
   * stored leaf of its index: asked where the data is (a slice worker's SQLite connection);
   * without it, level 0 is read and compared here.
   */
  level0IsLeaves?(lo: number, hi: number): boolean
}

const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash
/** Lowercase hex SHA-256 of bytes (a one-shot where Node has it). */
export const sha256Hex: (bytes: Uint8Array) => string =
  typeof oneShot === 'function'
    ? (bytes) => oneShot('sha256', bytes, 'hex')
    : (bytes) => nodeCrypto.createHash('sha256').update(bytes).digest('hex')

const leafInput = Buffer.alloc(33) // 0x00 ‖ event hash
const nodeInput = Buffer.alloc(65) // 0x01 ‖ left ‖ right
nodeInput[0] = 1

/**
 * RFC 9162 leaf of an event hash, in hex. Only for hashes already known to be 64 lowercase hex
 * digits (each was compared with a recomputed one): Buffer's hex decoding is lenient.
 */
export function leafHex(eventHash: string): string {
  leafInput.write(eventHash, 1, 32, 'hex')
  return sha256Hex(leafInput)
}

/** RFC 9162 interior node of two verified nodes, in hex (the same caveat). */
export function nodeHex(left: string, right: string): string {
  nodeInput.write(left, 1, 32, 'hex')
  nodeInput.write(right, 33, 32, 'hex')
  return sha256Hex(nodeInput)
}

export class QuickTreeCheck {
  /** Leaves verified so far (the next ledger index expected). */
  n: number
  /** Set at the first thing that is not as expected; nothing is checked after it. */
  broken = false
  /** The leaves table ended before the events did (the later events are not sequenced yet). */
  leavesEnded = false
  private readonly queue: Array<{ eventId: string; position: number; hash: string }> = []
  private queueHead = 0
  /** Leaf hashes of the current subtree, and the stored roots of the finished subtrees. */
  private chunk: string[] = []
  private readonly roots: string[] = []
  private readonly chunkLevels: number

  /**
   * From leaf `start` (a multiple of 2^chunkLevels): a slice worker (audit-slice-job.ts) checks
   * the leaves of its own events from where they begin.
   */
  constructor(
    private readonly reader: TreeReader,
    pageSize: number,
    start = 0,
  ) {
    this.chunkLevels = chunkLevelsFor(pageSize)
    this.n = start
  }

  /** An event whose hash and chain were verified, in commit order. */
  event(eventId: string, position: number, hash: string): void {
    if (!this.broken && !this.leavesEnded) this.queue.push({ eventId, position, hash })
  }

  /** Matches the queued events with the next stored leaves. */
  async leaves(): Promise<void> {
    const wanted = this.queue.length - this.queueHead
    if (this.broken || this.leavesEnded || wanted === 0) return
    const rows = await this.reader.leaves(this.n, wanted)
    for (const [index, eventId, position, hash] of rows) {
      const e = this.queue[this.queueHead++]
      if (
        e === undefined ||
        Number(index) !== this.n ||
        eventId !== e.eventId ||
        Number(position) !== e.position ||
        hash !== leafHex(e.hash)
      ) {
        this.broken = true
        return
      }
      this.n++
      this.chunk.push(hash)
      if (this.chunk.length === 2 ** this.chunkLevels) {
        const roots = await this.subtree(this.chunk, this.n - this.chunk.length, this.chunkLevels)
        if (roots === undefined) return
        this.roots.push(roots[0] as string)
        this.chunk = []
      }
    }
    if (rows.length < wanted) this.leavesEnded = true
    this.queue.splice(0, this.queueHead)
    this.queueHead = 0
  }

  /**
   * Checks the stored nodes of levels 0…top above `level0` (the verified leaves from index
   * `base`, a multiple of 2^top) and returns the stored nodes of level `top`; undefined if any is
   * missing or differs.
   */
  private async subtree(level0: readonly string[], base: number, top: number): Promise<readonly string[] | undefined> {
    let below: readonly string[] = level0
    let level = 0
    if (this.reader.level0IsLeaves) {
      // The stored leaves of these indices were each matched with its verified event above.
      if (!this.reader.level0IsLeaves(base, base + level0.length)) return this.fail()
      level = 1
    }
    for (; level <= top; level++) {
      const lo = Math.floor(base / 2 ** level)
      const hi = Math.floor((base + level0.length) / 2 ** level)
      if (hi === lo) return []
      const rows = await this.reader.nodes(level, lo, hi)
      if (rows.length !== hi - lo) return this.fail()
      const stored: string[] = new Array(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const [idx, hash] = rows[i] as [number, string]
        const expected = level === 0 ? below[i] : nodeHex(below[2 * i] as string, below[2 * i + 1] as string)
        if (Number(idx) !== lo + i || hash !== expected) return this.fail()
        stored[i] = hash
      }
      below = stored
    }
    return below
  }

  private fail(): undefined {
    this.broken = true
    return undefined
  }

  /**
   * After the last event of a slice: the stored roots of its whole subtrees, in order, and the
   * leaves of its last, partial subtree (whose stored nodes are checked here); undefined if
   * anything is amiss.
   */
  async sliceEnd(): Promise<{ roots: string[]; partial: string[] } | undefined> {
    await this.leaves()
    if (this.broken) return undefined
    const partial = await this.subtree(this.chunk, this.n - this.chunk.length, this.chunkLevels)
    if (partial === undefined) return undefined
    return { roots: this.roots, partial: this.chunk }
  }

  /**
   * After the last event: true if every leaf matched its event in commit order, no leaf is left
   * over, and every stored node of the tree of `n` leaves recomputes, with no other node stored.
   */
  async finish(): Promise<boolean> {
    const end = await this.sliceEnd()
    return end !== undefined && treeAbove(this.reader, this.chunkLevels, this.n, end.roots)
  }
}

/** Levels of the subtrees checked as a whole, for a page size. */
export const chunkLevelsFor = (pageSize: number): number => Math.max(1, Math.floor(Math.log2(Math.max(2, pageSize))))

/**
 * The rest of the quick check of a tree of `n` verified leaves, given the stored roots of its
 * whole subtrees of 2^chunkLevels leaves (checked, as is the partial one after them): no leaf at
 * `n` or after, every node above the subtrees recomputes, and no other node is stored.
 */
export async function treeAbove(
  reader: TreeReader,
  chunkLevels: number,
  n: number,
  roots: readonly string[],
): Promise<boolean> {
  if ((await reader.leaves(n, 1)).length > 0) return false // a leaf with no event
  let below: readonly string[] = roots
  for (let level = chunkLevels + 1; 2 ** level <= n; level++) {
    const count = Math.floor(n / 2 ** level)
    const rows = await reader.nodes(level, 0, count)
    if (rows.length !== count) return false
    const stored: string[] = new Array(count)
    for (let i = 0; i < count; i++) {
      const [idx, hash] = rows[i] as [number, string]
      if (Number(idx) !== i || hash !== nodeHex(below[2 * i] as string, below[2 * i + 1] as string)) return false
      stored[i] = hash
    }
    below = stored
  }
  // No node beyond the tree's: none outside [0, count) on any level, none on a level above.
  let level = 0
  for (; 2 ** level <= Math.max(n, 1); level++) {
    if (await reader.nodesOutside(level, Math.floor(n / 2 ** level))) return false
  }
  return !(await reader.nodesFrom(level))
}
