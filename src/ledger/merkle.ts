// RFC 9162 §2.1 Merkle tree over the global ledger (ledger.md §2).
//
// Storage model: only the hashes of PERFECT subtrees are stored, addressed as (level, index) = the
// root of leaves [index·2^level, (index+1)·2^level). A perfect subtree never changes once its last
// leaf exists, so an append writes at most log2(n)+1 rows and never rewrites any. Every hash RFC
// 9162 needs — the root, each element of an inclusion or consistency proof — is either a perfect
// subtree or the hash of a right-edge range [a, n), which is the right fold of the perfect subtrees
// that tile it (the binary decomposition of n − a). At most one proof element is such a composite,
// so a root or a proof needs O(log n) stored nodes, all known up front: the caller asks
// `…ProofNodes()` for the coordinates, fetches them in one query, then calls the builder.
//
// Types: hashes are Uint8Array (32 bytes) everywhere in this module; hex appears only at the API
// edge (`leafHash` takes the event's hex hash) and base64 only in checkpoints. Indices and sizes
// are JS numbers, valid up to Number.MAX_SAFE_INTEGER (2^53 − 1); `>>` is never used because it
// truncates to 32 bits.
import { bytesEqual, fromHex, sha256 } from './bytes'
import { LedgerError } from './errors'

export const HASH_SIZE = 32

/** A perfect subtree: the root of leaves [index·2^level, (index+1)·2^level). Level 0 = a leaf. */
export interface NodeId {
  readonly level: number
  readonly index: number
}

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array
}

/** Perfect-subtree hashes fetched by the caller, keyed by `nodeKey(level, index)`. */
export type NodeMap = ReadonlyMap<string, Uint8Array>

export const nodeKey = (level: number, index: number): string => `${level}:${index}`

const LEAF_PREFIX = Uint8Array.of(0x00)
const NODE_PREFIX = Uint8Array.of(0x01)

/** MTH({}) = SHA-256 of the empty string. */
export const emptyRoot = (): Uint8Array => sha256()

/** RFC 9162 leaf hash of arbitrary leaf data: SHA-256(0x00 ‖ data). */
export const hashLeaf = (data: Uint8Array): Uint8Array => sha256(LEAF_PREFIX, data)

/** The ledger's leaf: SHA-256(0x00 ‖ the 32 raw bytes of the event's hex `hash`). */
export function leafHash(eventHashHex: string): Uint8Array {
  let raw: Uint8Array
  try {
    raw = fromHex(eventHashHex, HASH_SIZE)
  } catch {
    throw new LedgerError('invalid-argument', `event hash must be 64 lowercase hex characters: ${eventHashHex}`)
  }
  return hashLeaf(raw)
}

/** RFC 9162 interior node: SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(NODE_PREFIX, left, right)

// ---------------------------------------------------------------------------------------------
// Index arithmetic

const half = (x: number): number => Math.floor(x / 2)
const isOdd = (x: number): boolean => x % 2 === 1

function requireCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LedgerError('invalid-argument', `${what} must be a non-negative safe integer, got ${value}`)
  }
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** Tiles [start, end) with the largest aligned perfect subtrees, left to right. */
function rangeNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = []
  let at = start
  while (at < end) {
    let level = 0
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++
    out.push({ level, index: at / 2 ** level })
    at += 2 ** level
  }
  return out
}

/** A half-open leaf range that is a node of the RFC 9162 recursion (perfect, or a right edge). */
type Range = readonly [start: number, end: number]

function lookup(nodes: NodeMap, id: NodeId): Uint8Array {
  const hash = nodes.get(nodeKey(id.level, id.index))
  if (hash === undefined)
    throw new LedgerError('missing-node', `node (level ${id.level}, index ${id.index}) not supplied`)
  return hash
}

/** MTH of an RFC subtree: its tiles have strictly decreasing sizes, so MTH is their right fold. */
function rangeHash([start, end]: Range, nodes: NodeMap): Uint8Array {
  const tiles = rangeNodes(start, end)
  let acc = lookup(nodes, tiles[tiles.length - 1]!)
  for (let i = tiles.length - 2; i >= 0; i--) acc = nodeHash(lookup(nodes, tiles[i]!), acc)
  return acc
}

function nodesOf(ranges: readonly Range[]): NodeId[] {
  const seen = new Set<string>()
  const out: NodeId[] = []
  for (const [start, end] of ranges) {
    for (const id of rangeNodes(start, end)) {
      const key = nodeKey(id.level, id.index)
      if (!seen.has(key)) {
        seen.add(key)
        out.push(id)
      }
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Appending

/** The perfect subtrees that leaf `leafIndex` completes: the leaf, then one per trailing 1-bit. */
export function nodesCompletedByAppend(leafIndex: number): NodeId[] {
  requireCount(leafIndex, 'leaf index')
  const out: NodeId[] = [{ level: 0, index: leafIndex }]
  let index = leafIndex
  for (let level = 1; isOdd(index); level++) {
    index = half(index)
    out.push({ level, index })
  }
  return out
}

/** The stored left siblings `appendLeaf` will read, so the caller can fetch them in one query. */
export function nodesNeededForAppend(leafIndex: number): NodeId[] {
  return nodesCompletedByAppend(leafIndex)
    .slice(0, -1)
    .map(({ level, index }) => ({ level, index: index - 1 }))
}

/** Every new perfect-subtree node to store when leaf `leafIndex` (with RFC leaf hash) is appended. */
export function appendLeaf(
  leafIndex: number,
  leaf: Uint8Array,
  get: (level: number, index: number) => Uint8Array,
): StoredNode[] {
  requireHash(leaf, 'leaf hash')
  const out: StoredNode[] = []
  let hash = leaf
  for (const id of nodesCompletedByAppend(leafIndex)) {
    if (id.level > 0) hash = nodeHash(get(id.level - 1, 2 * id.index), hash)
    out.push({ level: id.level, index: id.index, hash })
  }
  return out
}

/** Appends a sequencing batch; nodes completed inside the batch are read from the batch itself. */
export function appendLeaves(
  firstIndex: number,
  leaves: readonly Uint8Array[],
  get: (level: number, index: number) => Uint8Array,
): StoredNode[] {
  const fresh = new Map<string, Uint8Array>()
  const out: StoredNode[] = []
  leaves.forEach((leaf, i) => {
    const nodes = appendLeaf(
      firstIndex + i,
      leaf,
      (level, index) => fresh.get(nodeKey(level, index)) ?? get(level, index),
    )
    for (const n of nodes) {
      fresh.set(nodeKey(n.level, n.index), n.hash)
      out.push(n)
    }
  })
  return out
}

/** Stored nodes that `appendLeaves(firstIndex, count leaves)` reads from outside the batch. */
export function nodesNeededForBatch(firstIndex: number, count: number): NodeId[] {
  requireCount(count, 'batch size')
  const produced = new Set<string>()
  const needed = new Map<string, NodeId>()
  for (let i = firstIndex; i < firstIndex + count; i++) {
    for (const id of nodesNeededForAppend(i)) {
      const key = nodeKey(id.level, id.index)
      if (!produced.has(key)) needed.set(key, id)
    }
    for (const id of nodesCompletedByAppend(i)) produced.add(nodeKey(id.level, id.index))
  }
  return [...needed.values()]
}

// ---------------------------------------------------------------------------------------------
// Roots and proofs (generation)

/** The perfect subtrees that make up a tree of `size` leaves, left to right (largest first). */
export function rootNodes(size: number): NodeId[] {
  requireCount(size, 'tree size')
  return rangeNodes(0, size)
}

/** MTH of the first `size` leaves; `nodes` must hold `rootNodes(size)`. */
export function rootFrom(size: number, nodes: NodeMap): Uint8Array {
  requireCount(size, 'tree size')
  return size === 0 ? emptyRoot() : rangeHash([0, size], nodes)
}

/** PATH(index, D[size]) of RFC 9162 §2.1.3.1 as leaf ranges, in RFC order (bottom-up). */
function inclusionRanges(index: number, size: number): Range[] {
  requireCount(index, 'leaf index')
  requireCount(size, 'tree size')
  if (index >= size) throw new LedgerError('invalid-argument', `leaf index ${index} is not below tree size ${size}`)
  const topDown: Range[] = []
  let start = 0
  let end = size
  while (end - start > 1) {
    const k = splitPoint(end - start)
    if (index < start + k) {
      topDown.push([start + k, end])
      end = start + k
    } else {
      topDown.push([start, start + k])
      start += k
    }
  }
  // PATH appends the sibling after recursing, so the deepest sibling comes first.
  return topDown.reverse()
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1 as leaf ranges, in RFC order. */
function consistencyRanges(m: number, n: number): Range[] {
  requireCount(m, 'old tree size')
  requireCount(n, 'new tree size')
  if (m < 1 || m > n) throw new LedgerError('invalid-argument', `no consistency proof from size ${m} to size ${n}`)
  const topDown: Range[] = []
  let start = 0
  let end = n
  let rel = m // m relative to `start`
  let whole = true // SUBPROOF's b: the old tree is a prefix of the current range's full tree
  while (rel !== end - start) {
    const k = splitPoint(end - start)
    if (rel <= k) {
      topDown.push([start + k, end])
      end = start + k
    } else {
      topDown.push([start, start + k])
      start += k
      rel -= k
      whole = false
    }
  }
  if (!whole) topDown.push([start, end])
  return topDown.reverse()
}

export const inclusionProofNodes = (index: number, size: number): NodeId[] => nodesOf(inclusionRanges(index, size))

export function inclusionProof(index: number, size: number, nodes: NodeMap): Uint8Array[] {
  return inclusionRanges(index, size).map((r) => rangeHash(r, nodes))
}

/** Empty when m = n; m = 0 has no proof (consistency with the empty tree is trivial). */
export const consistencyProofNodes = (m: number, n: number): NodeId[] => nodesOf(consistencyRanges(m, n))

export function consistencyProof(m: number, n: number, nodes: NodeMap): Uint8Array[] {
  return consistencyRanges(m, n).map((r) => rangeHash(r, nodes))
}

// ---------------------------------------------------------------------------------------------
// Verification: RFC 9162 §2.1.3.2 and §2.1.4.2, written from the RFC's step lists and sharing
// nothing with the generation code above, as an independent auditor's verifier would.

function requireHash(h: Uint8Array, what: string): void {
  if (h.length !== HASH_SIZE) throw new LedgerError('invalid-argument', `${what} must be ${HASH_SIZE} bytes`)
}

function badLength(hashes: readonly Uint8Array[]): string | undefined {
  const i = hashes.findIndex((h) => h.length !== HASH_SIZE)
  return i < 0 ? undefined : `proof hash #${i} is ${hashes[i]!.length} bytes, not ${HASH_SIZE}`
}

/** Why an inclusion proof fails, or undefined when it verifies. */
export function inclusionProofError(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): string | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) return 'invalid index or tree size'
  // 1. leaf_index must be below tree_size.
  if (index >= size) return `leaf index ${index} is not below tree size ${size}`
  if (leaf.length !== HASH_SIZE) return `leaf hash is ${leaf.length} bytes, not ${HASH_SIZE}`
  const lengthError = badLength(proof)
  if (lengthError !== undefined) return lengthError
  // 2–3. fn = leaf_index, sn = tree_size − 1, r = hash.
  let fn = index
  let sn = size - 1
  let r = leaf
  // 4. Fold in each proof element.
  for (const p of proof) {
    if (sn === 0) return `proof has ${proof.length} hashes, more than a tree of ${size} needs`
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = half(fn)
    sn = half(sn)
  }
  // 5. sn must have reached 0 and r must be the root.
  if (sn !== 0) return `proof has ${proof.length} hashes, fewer than a tree of ${size} needs`
  return bytesEqual(r, root) ? undefined : 'proof does not lead to the expected root hash'
}

export const verifyInclusion = (
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean => inclusionProofError(leaf, index, size, proof, root) === undefined

/**
 * Why a consistency proof from (m, mRoot) to (n, nRoot) fails, or undefined when it verifies.
 * As in transparency-dev/merkle, m = n needs an empty proof and equal roots, and m = 0 is refused
 * (every tree extends the empty one, so such a "proof" proves nothing; callers special-case it).
 */
export function consistencyProofError(
  m: number,
  n: number,
  mRoot: Uint8Array,
  nRoot: Uint8Array,
  proof: readonly Uint8Array[],
): string | undefined {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0) return 'invalid tree sizes'
  if (m > n) return `old tree size ${m} is larger than new tree size ${n}`
  if (m === 0) return 'a consistency proof from the empty tree is meaningless'
  if (m === n) {
    if (proof.length > 0) return 'trees of equal size need an empty proof'
    return bytesEqual(mRoot, nRoot) ? undefined : `two different roots for tree size ${m}`
  }
  // 1. An empty consistency_path fails.
  if (proof.length === 0) return 'empty consistency proof'
  const lengthError = badLength(proof)
  if (lengthError !== undefined) return lengthError
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(m) ? [mRoot, ...proof] : [...proof]
  // 3–4. fn = first − 1, sn = second − 1; shift both while LSB(fn) is set.
  let fn = m - 1
  let sn = n - 1
  while (isOdd(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  // 5. fr = sr = the first path element.
  let fr = path[0]!
  let sr = path[0]!
  // 6. Fold in each subsequent element.
  for (const c of path.slice(1)) {
    if (sn === 0) return `proof has ${proof.length} hashes, more than sizes ${m}→${n} need`
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = half(fn)
    sn = half(sn)
  }
  // 7. fr must be first_hash, sr second_hash, and sn 0.
  if (sn !== 0) return `proof has ${proof.length} hashes, fewer than sizes ${m}→${n} need`
  if (!bytesEqual(fr, mRoot)) return `proof does not lead to the old root of size ${m}`
  if (!bytesEqual(sr, nRoot)) return `proof does not lead to the new root of size ${n}`
  return undefined
}

function isPowerOfTwo(x: number): boolean {
  let p = 1
  while (p < x) p *= 2
  return p === x
}

export const verifyConsistency = (
  m: number,
  n: number,
  mRoot: Uint8Array,
  nRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean => consistencyProofError(m, n, mRoot, nRoot, proof) === undefined
