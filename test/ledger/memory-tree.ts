// Test-only oracles.
//
// MemoryTree is the RFC 9162 §2.1 definitions transcribed literally: an array of leaf hashes and
// recursive MTH / PATH / PROOF with k = the largest power of two below n. Slow (it rehashes from
// the leaves) and obviously correct, which is what an oracle should be.
//
// NodeStore plays the database: it keeps only perfect-subtree rows, appends with `appendLeaf`,
// and answers a proof request the way the real store will — one "query" for the listed nodes.
import {
  appendLeaf,
  consistencyProof,
  consistencyProofNodes,
  emptyRoot,
  inclusionProof,
  inclusionProofNodes,
  type NodeId,
  nodeHash,
  nodeKey,
  rootFrom,
  rootNodes,
} from '../../src/ledger/merkle'

function split(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

export class MemoryTree {
  readonly leaves: Uint8Array[] = []

  append(leaf: Uint8Array): void {
    this.leaves.push(leaf)
  }

  get size(): number {
    return this.leaves.length
  }

  /** MTH(D[0:size]). */
  root(size = this.size): Uint8Array {
    return MemoryTree.mth(this.leaves.slice(0, size))
  }

  /** PATH(index, D[0:size]). */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    return MemoryTree.path(index, this.leaves.slice(0, size))
  }

  /** PROOF(m, D[0:n]). */
  consistencyProof(m: number, n = this.size): Uint8Array[] {
    return MemoryTree.subproof(m, this.leaves.slice(0, n), true)
  }

  static mth(d: Uint8Array[]): Uint8Array {
    if (d.length === 0) return emptyRoot()
    if (d.length === 1) return d[0]!
    const k = split(d.length)
    return nodeHash(MemoryTree.mth(d.slice(0, k)), MemoryTree.mth(d.slice(k)))
  }

  static path(m: number, d: Uint8Array[]): Uint8Array[] {
    if (d.length <= 1) return []
    const k = split(d.length)
    return m < k
      ? [...MemoryTree.path(m, d.slice(0, k)), MemoryTree.mth(d.slice(k))]
      : [...MemoryTree.path(m - k, d.slice(k)), MemoryTree.mth(d.slice(0, k))]
  }

  static subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
    if (m === d.length) return b ? [] : [MemoryTree.mth(d)]
    const k = split(d.length)
    return m <= k
      ? [...MemoryTree.subproof(m, d.slice(0, k), b), MemoryTree.mth(d.slice(k))]
      : [...MemoryTree.subproof(m - k, d.slice(k), false), MemoryTree.mth(d.slice(0, k))]
  }
}

export class NodeStore {
  readonly nodes = new Map<string, Uint8Array>()
  size = 0
  /** How many nodes the last proof or root fetched: the O(log n) claim is tested on this. */
  lastFetch = 0

  append(leaf: Uint8Array): void {
    const get = (level: number, index: number): Uint8Array => {
      const h = this.nodes.get(nodeKey(level, index))
      if (h === undefined) throw new Error(`store lacks (${level}, ${index})`)
      return h
    }
    for (const n of appendLeaf(this.size, leaf, get)) {
      if (this.nodes.has(nodeKey(n.level, n.index))) throw new Error('a perfect subtree was rewritten')
      this.nodes.set(nodeKey(n.level, n.index), n.hash)
    }
    this.size++
  }

  /** One "query": the listed rows only. */
  fetch(ids: NodeId[]): Map<string, Uint8Array> {
    this.lastFetch = ids.length
    const out = new Map<string, Uint8Array>()
    for (const { level, index } of ids) {
      const h = this.nodes.get(nodeKey(level, index))
      if (h !== undefined) out.set(nodeKey(level, index), h)
    }
    return out
  }

  root(size = this.size): Uint8Array {
    return rootFrom(size, this.fetch(rootNodes(size)))
  }

  inclusionProof(index: number, size = this.size): Uint8Array[] {
    return inclusionProof(index, size, this.fetch(inclusionProofNodes(index, size)))
  }

  consistencyProof(m: number, n = this.size): Uint8Array[] {
    return consistencyProof(m, n, this.fetch(consistencyProofNodes(m, n)))
  }
}
