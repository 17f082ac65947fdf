import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64, fromHex, sha256, toHex } from '../../src/ledger/bytes'
import { LedgerError } from '../../src/ledger/errors'
import {
  appendLeaf,
  appendLeaves,
  consistencyProofNodes,
  emptyRoot,
  hashLeaf,
  inclusionProofNodes,
  leafHash,
  nodeKey,
  nodesCompletedByAppend,
  nodesNeededForAppend,
  nodesNeededForBatch,
  rootFrom,
  rootNodes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle'
import probes from './fixtures/transparency-dev-probes.json'
import { MemoryTree, NodeStore } from './memory-tree'

const hex = (bs: Uint8Array[]): string[] => bs.map(toHex)

// The standard 8-leaf RFC 6962 test tree: transparency-dev/merkle testonly/constants.go,
// LeafInputs(), NodeHashes() and RootHashes() (commit 417fb0c314750d94e53942e9f92e79b6d35915db).
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
const NODE_HASHES: string[][] = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
]
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]

// Known proofs over that tree: transparency-dev/merkle cmd/proofgen/main.go, `inclusionProofs`
// (leaf index there is 1-based) and `consistencyProofs`, same commit.
const INCLUSION_VECTORS: Array<[leaf: number, size: number, proof: string[]]> = [
  [1, 1, []],
  [1, 8, [NODE_HASHES[0]![1]!, NODE_HASHES[1]![1]!, NODE_HASHES[2]![1]!]],
  [6, 8, [NODE_HASHES[0]![4]!, NODE_HASHES[1]![3]!, NODE_HASHES[2]![0]!]],
  [3, 3, [NODE_HASHES[1]![0]!]],
  [2, 5, [NODE_HASHES[0]![0]!, NODE_HASHES[1]![1]!, NODE_HASHES[0]![4]!]],
]
const CONSISTENCY_VECTORS: Array<[m: number, n: number, proof: string[]]> = [
  [1, 1, []],
  [1, 8, [NODE_HASHES[0]![1]!, NODE_HASHES[1]![1]!, NODE_HASHES[2]![1]!]],
  [6, 8, [NODE_HASHES[1]![2]!, NODE_HASHES[1]![3]!, NODE_HASHES[2]![0]!]],
  [2, 5, [NODE_HASHES[1]![1]!, NODE_HASHES[0]![4]!]],
  [6, 7, [NODE_HASHES[1]![2]!, NODE_HASHES[0]![6]!, NODE_HASHES[2]![0]!]],
]

function referenceTree(): NodeStore {
  const store = new NodeStore()
  for (const input of LEAF_INPUTS) store.append(hashLeaf(fromHex(input)))
  return store
}

describe('RFC 9162 hashing on the standard 8-leaf tree', () => {
  it('stores exactly the perfect subtrees of transparency-dev NodeHashes()', () => {
    const store = referenceTree()
    const expected = new Map(NODE_HASHES.flatMap((row, level) => row.map((h, index) => [nodeKey(level, index), h])))
    expect(new Map([...store.nodes].map(([k, v]) => [k, toHex(v)]))).toEqual(expected)
  })

  it.each(ROOT_HASHES.map((root, size) => [size, root] as const))('root of size %i', (size, root) => {
    expect(toHex(referenceTree().root(size))).toBe(root)
    const oracle = new MemoryTree()
    for (const input of LEAF_INPUTS.slice(0, size)) oracle.append(hashLeaf(fromHex(input)))
    expect(toHex(oracle.root())).toBe(root)
  })

  it.each(INCLUSION_VECTORS)('inclusion proof for leaf #%i in size %i', (leaf, size, proof) => {
    const store = referenceTree()
    const generated = store.inclusionProof(leaf - 1, size)
    expect(hex(generated)).toEqual(proof)
    const leafHash = store.nodes.get(nodeKey(0, leaf - 1))!
    expect(verifyInclusion(leafHash, leaf - 1, size, generated, fromHex(ROOT_HASHES[size]!))).toBe(true)
  })

  it.each(CONSISTENCY_VECTORS)('consistency proof from %i to %i', (m, n, proof) => {
    const generated = referenceTree().consistencyProof(m, n)
    expect(hex(generated)).toEqual(proof)
    expect(verifyConsistency(m, n, fromHex(ROOT_HASHES[m]!), fromHex(ROOT_HASHES[n]!), generated)).toBe(true)
  })

  it('empty tree root is SHA-256 of the empty string', () => {
    expect(toHex(emptyRoot())).toBe(ROOT_HASHES[0])
    expect(toHex(rootFrom(0, new Map()))).toBe(ROOT_HASHES[0])
  })
})

describe('transparency-dev/merkle verification probes (testdata/, happy paths and corruptions)', () => {
  const b = (s: string): Uint8Array => fromBase64(s)
  const list = (p: string[] | null): Uint8Array[] => (p ?? []).map(b)

  it.each(probes.inclusion.map((p) => [p.file, p] as const))('inclusion %s', (_file, p) => {
    const ok = verifyInclusion(b(p.leafHash), p.leafIdx, p.treeSize, list(p.proof), b(p.root))
    expect(ok).toBe(!p.wantErr)
  })

  it.each(probes.consistency.map((p) => [p.file, p] as const))('consistency %s', (_file, p) => {
    const ok = verifyConsistency(p.size1, p.size2, b(p.root1), b(p.root2), list(p.proof))
    expect(ok).toBe(!p.wantErr)
  })
})

describe('perfect-subtree storage', () => {
  const leafOf = (i: number): Uint8Array => hashLeaf(sha256(Uint8Array.of(i & 255, i >> 8)))
  const MAX = 300
  const store = new NodeStore()
  const oracle = new MemoryTree()
  for (let i = 0; i < MAX; i++) {
    store.append(leafOf(i))
    oracle.append(leafOf(i))
  }
  const roots = Array.from({ length: MAX + 1 }, (_, n) => oracle.root(n))
  const logBound = (n: number): number => 2 * Math.ceil(Math.log2(Math.max(n, 2))) + 2
  const flip = (proof: Uint8Array[], at: number, bit: number): Uint8Array[] =>
    proof.map((h, i) => (i === at ? h.map((x, j) => (j === bit % 32 ? x ^ (1 << (bit % 8)) : x)) : h))

  it('an append writes the leaf plus one node per trailing 1-bit of its index', () => {
    expect(nodesCompletedByAppend(0)).toEqual([{ level: 0, index: 0 }])
    expect(nodesCompletedByAppend(7)).toEqual([
      { level: 0, index: 7 },
      { level: 1, index: 3 },
      { level: 2, index: 1 },
      { level: 3, index: 0 },
    ])
    expect(nodesNeededForAppend(7)).toEqual([
      { level: 0, index: 6 },
      { level: 1, index: 2 },
      { level: 2, index: 0 },
    ])
    expect(store.nodes.size).toBe(2 * MAX - [...MAX.toString(2)].filter((c) => c === '1').length)
  })

  it('a batch append equals one-by-one appends and reads only the nodes it announced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 }), (first, count) => {
        const announced = new Set(nodesNeededForBatch(first, count).map((n) => nodeKey(n.level, n.index)))
        const read = new Set<string>()
        const batch = appendLeaves(
          first,
          Array.from({ length: count }, (_, i) => leafOf(first + i)),
          (level, index) => {
            read.add(nodeKey(level, index))
            return store.nodes.get(nodeKey(level, index))!
          },
        )
        expect(read).toEqual(announced)
        for (const n of batch) expect(toHex(n.hash)).toBe(toHex(store.nodes.get(nodeKey(n.level, n.index))!))
        expect(batch.length).toBe(
          Array.from({ length: count }, (_, i) => nodesCompletedByAppend(first + i).length).reduce((a, c) => a + c, 0),
        )
      }),
    )
  })

  it('roots from O(log n) stored nodes equal the recursive MTH for every size 0..300', () => {
    for (let n = 0; n <= MAX; n++) {
      expect(toHex(store.root(n))).toBe(toHex(roots[n]!))
      expect(rootNodes(n).length).toBeLessThanOrEqual(Math.ceil(Math.log2(n + 1)))
    }
  })

  it('every inclusion proof equals the RFC PATH for all sizes up to 64', () => {
    for (let n = 1; n <= 64; n++) {
      for (let i = 0; i < n; i++) expect(hex(store.inclusionProof(i, n))).toEqual(hex(oracle.inclusionProof(i, n)))
    }
  })

  it('every consistency proof equals the RFC PROOF for all sizes up to 64', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) expect(hex(store.consistencyProof(m, n))).toEqual(hex(oracle.consistencyProof(m, n)))
    }
  })

  it('inclusion proofs (sizes 1..300) verify against the oracle root and fail when tampered', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX })
          .chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(n - 1), fc.nat(255))),
        ([n, i, j, bit]) => {
          const proof = store.inclusionProof(i, n)
          expect(store.lastFetch).toBeLessThanOrEqual(logBound(n))
          expect(inclusionProofNodes(i, n).length).toBe(store.lastFetch)
          expect(hex(proof)).toEqual(hex(oracle.inclusionProof(i, n)))
          expect(verifyInclusion(leafOf(i), i, n, proof, roots[n]!)).toBe(true)
          if (proof.length > 0)
            expect(verifyInclusion(leafOf(i), i, n, flip(proof, bit % proof.length, bit), roots[n]!)).toBe(false)
          if (j !== i) expect(verifyInclusion(leafOf(i), j, n, proof, roots[n]!)).toBe(false)
          expect(verifyInclusion(leafOf(i + 1), i, n, proof, roots[n]!)).toBe(false)
          expect(verifyInclusion(leafOf(i), i, n, [...proof, roots[n]!], roots[n]!)).toBe(false)
          if (proof.length > 0) expect(verifyInclusion(leafOf(i), i, n, proof.slice(1), roots[n]!)).toBe(false)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('consistency proofs (sizes 1..300) verify against oracle roots and fail when tampered', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }), fc.nat(255)),
          ),
        ([n, m, other, bit]) => {
          const proof = store.consistencyProof(m, n)
          expect(store.lastFetch).toBeLessThanOrEqual(logBound(n))
          expect(consistencyProofNodes(m, n).length).toBe(store.lastFetch)
          expect(hex(proof)).toEqual(hex(oracle.consistencyProof(m, n)))
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true)
          if (proof.length > 0)
            expect(verifyConsistency(m, n, roots[m]!, roots[n]!, flip(proof, bit % proof.length, bit))).toBe(false)
          if (other !== m) expect(verifyConsistency(m, n, roots[other]!, roots[n]!, proof)).toBe(false)
          if (m < n) expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false)
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('API edges', () => {
  it('leafHash takes the event hash as lowercase hex and hashes its 32 raw bytes', () => {
    const h = 'ab'.repeat(32)
    expect(toHex(leafHash(h))).toBe(toHex(sha256(Uint8Array.of(0), fromHex(h))))
    expect(() => leafHash('AB'.repeat(32))).toThrow(LedgerError)
    expect(() => leafHash('ab'.repeat(31))).toThrow(LedgerError)
  })

  it('names a node the caller did not supply', () => {
    expect(() => rootFrom(3, new Map())).toThrow(/node \(level 0, index 2\) not supplied/)
  })

  it('refuses impossible proof requests', () => {
    expect(() => inclusionProofNodes(3, 3)).toThrow(LedgerError)
    expect(() => consistencyProofNodes(0, 3)).toThrow(LedgerError)
    expect(() => consistencyProofNodes(4, 3)).toThrow(LedgerError)
    expect(consistencyProofNodes(3, 3)).toEqual([])
  })

  it('appendLeaf rejects a leaf hash of the wrong size', () => {
    expect(() => appendLeaf(0, new Uint8Array(31), () => new Uint8Array(32))).toThrow(LedgerError)
  })
})
