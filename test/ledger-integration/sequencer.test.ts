// The sequencer: contiguous indexes over every committed event (directory included), one signed
// checkpoint per batch, crash safety, concurrent sequencers, refusal to sign an inconsistent tree,
// and the in-process schedule after commits.
import { type CompiledQuery, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { Ledger } from '../../src/app/ledger'
import { fromHex } from '../../src/ledger/bytes'
import { verifyCheckpoint } from '../../src/ledger/checkpoint'
import { leafHash, rootNodes, verifyConsistency } from '../../src/ledger/merkle'
import type { Backend } from '../../src/store/backend'
import { fareDecision, ledgerJurisdiction, ORIGIN } from './support'

type J = Awaited<ReturnType<typeof ledgerJurisdiction>>
let j: J | undefined
afterEach(async () => {
  await j?.deps.ledger.stop()
  await j?.close()
  j = undefined
})

async function leaves(t: J) {
  return t.backend.db.selectFrom('ledger_leaves').selectAll().orderBy('ledger_index').execute()
}
async function events(t: J) {
  return t.backend.db
    .selectFrom('events')
    .select(['event_id', 'position', 'hash', 'stream_id'])
    .orderBy('position')
    .execute()
}
async function checkpoints(t: J) {
  return t.backend.db.selectFrom('ledger_checkpoints').selectAll().orderBy('tree_size').execute()
}

/** A backend whose atomic units fail after `failAt` of their statements (the "crash"). */
function crashing(inner: Backend, failAt: (queries: readonly CompiledQuery[]) => number | undefined): Backend {
  const boom = sql`insert into no_such_table values (1)`.compile(inner.db)
  return {
    ...inner,
    db: inner.db,
    atomic: (queries) => {
      const at = failAt(queries)
      return inner.atomic(at === undefined ? queries : [...queries.slice(0, at), boom, ...queries.slice(at)])
    },
  }
}

describe('sequencing', () => {
  it('gives every committed event, directory events included, a contiguous index in commit order', async () => {
    j = await ledgerJurisdiction()
    await fareDecision(j)
    const result = await j.deps.ledger.sequenceNow()
    const ev = await events(j)
    const lv = await leaves(j)
    expect(result).toEqual({ sequenced: ev.length, treeSize: ev.length, checkpoints: 1 })
    expect(lv.map((l) => Number(l.ledger_index))).toEqual(ev.map((_, i) => i))
    expect(lv.map((l) => l.event_id)).toEqual(ev.map((e) => e.event_id))
    expect(lv.map((l) => Number(l.position))).toEqual(ev.map((e) => Number(e.position)))
    expect(ev.some((e) => e.stream_id.startsWith('dir_'))).toBe(true)
    for (const [i, l] of lv.entries()) expect(fromHex(l.leaf_hash)).toEqual(leafHash(ev[i]!.hash))
    // A second run has nothing to do and signs nothing.
    expect(await j.deps.ledger.sequenceNow()).toEqual({ sequenced: 0, treeSize: ev.length, checkpoints: 0 })
    expect(await checkpoints(j)).toHaveLength(1)
  })

  it('signs one checkpoint per batch, each consistent with the one before, and keeps them all', async () => {
    j = await ledgerJurisdiction(undefined, { batchSize: 7 })
    await fareDecision(j)
    const n = (await events(j)).length
    const result = await j.deps.ledger.sequenceNow()
    expect(result.treeSize).toBe(n)
    const cps = await checkpoints(j)
    expect(cps.map((c) => Number(c.tree_size))).toEqual(
      Array.from({ length: Math.ceil(n / 7) }, (_, i) => Math.min(n, 7 * (i + 1))),
    )
    for (const c of cps) expect(verifyCheckpoint(c.note, j.vkey, { origin: ORIGIN }).size).toBe(Number(c.tree_size))
    for (let i = 1; i < cps.length; i++) {
      const [a, b] = [cps[i - 1]!, cps[i]!]
      const proof = await j.deps.ledger.consistencyProof(Number(a.tree_size), Number(b.tree_size))
      expect(
        verifyConsistency(
          Number(a.tree_size),
          Number(b.tree_size),
          fromHex(a.root_hash),
          fromHex(b.root_hash),
          proof.map((h) => fromHex(h)),
        ),
      ).toBe(true)
    }
  })

  it('signs a checkpoint of the empty tree when there is nothing to sequence yet', async () => {
    j = await ledgerJurisdiction()
    await j.backend.db.deleteFrom('events').execute() // a fresh deployment
    const cp = await j.deps.ledger.ensureCheckpoint()
    expect(cp.treeSize).toBe(0)
    expect(verifyCheckpoint(cp.note, j.vkey).rootHash).toEqual(fromHex(cp.rootHash))
  })
})

describe('crash safety', () => {
  it.each([
    ['before the leaves', () => 1],
    ['mid-unit, between leaves and nodes', (q: readonly CompiledQuery[]) => Math.floor(q.length / 2)],
    ['after every write but before commit', (q: readonly CompiledQuery[]) => q.length],
  ])('a batch that fails %s leaves nothing; the rerun has no gap and no duplicate', async (_when, failAt) => {
    j = await ledgerJurisdiction(undefined, { batchSize: 10 })
    await fareDecision(j)
    const n = (await events(j)).length
    // The first batch commits; the second crashes.
    let units = 0
    const flaky = crashing(j.backend, (q) => (++units === 2 ? failAt(q) : undefined))
    const broken = new Ledger(flaky, j.deps.clock, { origin: ORIGIN, signingKey: j.key, batchSize: 10 })
    await expect(broken.sequenceNow()).rejects.toThrow(/no such table/)
    expect((await leaves(j)).length).toBe(10)
    expect((await checkpoints(j)).map((c) => Number(c.tree_size))).toEqual([10])
    expect(
      Number((await j.backend.db.selectFrom('ledger_state').selectAll().executeTakeFirstOrThrow()).next_index),
    ).toBe(10)
    // The restarted sequencer resumes from the last leaf.
    await j.deps.ledger.sequenceNow()
    const lv = await leaves(j)
    expect(lv.map((l) => Number(l.ledger_index))).toEqual(Array.from({ length: n }, (_, i) => i))
    expect(new Set(lv.map((l) => l.event_id)).size).toBe(n)
    const nodes = await j.backend.db.selectFrom('ledger_nodes').select(['level', 'idx']).execute()
    expect(nodes.filter((x) => Number(x.level) === 0)).toHaveLength(n)
  })

  it('two sequencers racing on one database neither duplicate nor skip (the unique keys decide)', async () => {
    j = await ledgerJurisdiction(undefined, { batchSize: 5 })
    await fareDecision(j)
    const n = (await events(j)).length
    const other = new Ledger(j.backend, j.deps.clock, { origin: ORIGIN, signingKey: j.key, batchSize: 5 })
    await Promise.all([j.deps.ledger.sequenceNow(), other.sequenceNow(), j.deps.ledger.sequenceNow()])
    await other.sequenceNow()
    const lv = await leaves(j)
    expect(lv.map((l) => Number(l.ledger_index))).toEqual(Array.from({ length: n }, (_, i) => i))
    expect(new Set(lv.map((l) => l.event_id)).size).toBe(n)
  })
  it('detached runs of one instance overlapping (as Workers requests do) neither duplicate nor skip', async () => {
    j = await ledgerJurisdiction(undefined, { batchSize: 5 })
    await fareDecision(j)
    const n = (await events(j)).length
    const ledger = j.deps.ledger
    const runs = await Promise.all([ledger.sequenceDetached(), ledger.sequenceDetached(), ledger.sequenceDetached()])
    expect(runs.reduce((sum, r) => sum + r.sequenced, 0)).toBe(n)
    const lv = await leaves(j)
    expect(lv.map((l) => Number(l.ledger_index))).toEqual(Array.from({ length: n }, (_, i) => i))
    expect(new Set(lv.map((l) => l.event_id)).size).toBe(n)
    const sizes = (await checkpoints(j)).map((c) => Number(c.tree_size))
    expect(sizes.at(-1)).toBe(n)
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes)
  })
})

describe('refusing to sign', () => {
  it('will not sign a tree inconsistent with its last checkpoint, and says so loudly', async () => {
    j = await ledgerJurisdiction()
    const d = await fareDecision(j)
    await j.deps.ledger.sequenceNow()
    const before = await checkpoints(j)
    // Someone rewrites the stored node the next root is built on: the batch would extend a
    // different history than the one signed.
    const [top] = rootNodes(await j.deps.ledger.treeSize())
    await j.backend.db
      .updateTable('ledger_nodes')
      .set({ hash: 'ab'.repeat(32) })
      .where('level', '=', top!.level)
      .where('idx', '=', top!.index)
      .execute()
    await j.record(j.client.organ, d, 'ExecutingUnitAssigned')
    await expect(j.deps.ledger.sequenceNow()).rejects.toThrow(/append-only extension/)
    expect(j.logs.some((l) => /^error: LEDGER: REFUSING TO SIGN/.test(l))).toBe(true)
    expect(await checkpoints(j)).toEqual(before)
    // The API answers 503, not a checkpoint it cannot vouch for.
    const res = await j.admin.get(`/v1/decisions/${d}/export`)
    expect(res.status).toBe(503)
    expect(res.body.code).toBe('ledger-unavailable')
  })

  it('will not sign when leaves were added behind its back', async () => {
    j = await ledgerJurisdiction()
    await fareDecision(j)
    await j.deps.ledger.sequenceNow()
    await j.backend.db
      .insertInto('ledger_leaves')
      .values({ ledger_index: 9999, event_id: 'forged', position: 99999, leaf_hash: '00'.repeat(32) })
      .execute()
    await j.record(
      j.client.organ,
      (await j.backend.db.selectFrom('decisions').select('decision_id').executeTakeFirstOrThrow()).decision_id,
      'ExecutingUnitAssigned',
    )
    await expect(j.deps.ledger.sequenceNow()).rejects.toThrow(/edited outside the sequencer/)
  })
})

describe('the in-process schedule', () => {
  it('sequences shortly after a commit, without being asked', async () => {
    j = await ledgerJurisdiction(undefined, { minIntervalMs: 10 })
    j.deps.ledger.start(j.deps.commits)
    await fareDecision(j)
    const n = (await events(j)).length
    for (let i = 0; i < 200 && (await j.deps.ledger.treeSize()) < n; i++) await new Promise((r) => setTimeout(r, 10))
    expect(await j.deps.ledger.treeSize()).toBe(n)
    await j.deps.ledger.stop()
  })
})
