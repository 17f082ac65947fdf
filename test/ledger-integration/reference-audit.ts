// The database audit as it was before the speed work of issue 8 (git show 0db1b8f:src/app/ledger-audit.ts,
// imports adjusted): the oracle test/ledger-integration/audit-paths.test.ts compares the current
// audit with, result for result, on honest and tampered databases.
// `decision-trail verify --db`: audits a whole database the way `verify bundle.json` audits one
// decision, trusting nothing stored (ledger.md §4):
//   1. every stream: each event's hash recomputed, versions 1…n with no gap in commit order, the
//      prevHash chain, and the stream head agreeing with its last event;
//   2. the tree: leaves contiguous from 0, each the leaf of an existing event's (verified) hash, in
//      commit order, no committed event skipped; every stored node recomputed level by level;
//   3. every stored checkpoint: its signature under the supplied key, its root against the
//      recomputed tree, and consistency with the checkpoint before it;
//   4. with `since`, a checkpoint the auditor saved earlier: still a prefix of this tree.
// Memory stays O(streams + page size): events, leaves and nodes are read in keyset pages.

import { readNodeMap } from '../../src/app/ledger'
import { GENESIS_HASH } from '../../src/domain/envelope'
import { bytesEqual, fromHex, toBase64, toHex } from '../../src/ledger/bytes'
import { type Checkpoint, parseCheckpoint, verifyCheckpoint } from '../../src/ledger/checkpoint'
import { eventHash } from '../../src/ledger/event-hash'
import {
  consistencyProof,
  consistencyProofError,
  consistencyProofNodes,
  leafHash,
  nodeHash,
  rootFrom,
  rootNodes,
} from '../../src/ledger/merkle'
import { parseNote, type VerifierKey } from '../../src/ledger/note'
import { type CheckResult, fail, pass } from '../../src/ledger/verify'
import type { Backend } from '../../src/store/backend'
import { rowToEvent } from '../../src/store/event-store'
import { nodeLevelStats, readCheckpointsPage, readLeavesPage, readNodeLevelPage } from '../../src/store/ledger-store'

export interface AuditInput {
  backend: Backend
  /** The log's verifier key as the auditor obtained it; without, signatures are not checked. */
  key: VerifierKey | undefined
  /** A checkpoint note the auditor saved earlier. */
  since?: string
  /** Called now and then with a progress line (for stderr). */
  progress?: (line: string) => void
  pageSize?: number
}

/** Runs the audit, stopping at the first failure (the last result then). */
export async function auditDatabase(input: AuditInput): Promise<CheckResult[]> {
  const out: CheckResult[] = []
  for await (const r of audit(input)) {
    out.push(r)
    if (!r.ok) break
  }
  return out
}

export async function* audit(input: AuditInput): AsyncGenerator<CheckResult> {
  const page = input.pageSize ?? 2000
  const progress = input.progress ?? (() => undefined)
  const { db } = input.backend

  // 1. Streams, in commit order.
  const streams = new Map<string, { version: number; hash: string; events: number }>()
  let after = Number.MIN_SAFE_INTEGER // a forged position may be 0 or negative
  let seen = 0
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', after)
      .orderBy('position')
      .limit(page)
      .execute()
    for (const row of rows) {
      const e = rowToEvent({ ...row, position: Number(row.position) })
      const subject = `${e.decisionId} ${e.eventId} (v${e.version}, position ${e.position})`
      const recomputed = eventHash(e)
      if (recomputed !== e.hash) {
        return yield fail(
          'stream.hash',
          `recomputed hash ${recomputed} differs from stored ${e.hash}: the event was altered`,
          subject,
        )
      }
      const s = streams.get(e.decisionId) ?? { version: 0, hash: GENESIS_HASH, events: 0 }
      if (e.version !== s.version + 1) {
        return yield fail(
          'stream.version',
          `expected version ${s.version + 1} next in commit order, found ${e.version}: an event is missing or out of order`,
          subject,
        )
      }
      if (e.prevHash !== s.hash) {
        return yield fail(
          'stream.chain',
          `prevHash is not the hash of version ${s.version}: the chain is broken`,
          subject,
        )
      }
      streams.set(e.decisionId, { version: e.version, hash: e.hash, events: s.events + 1 })
      after = e.position
    }
    seen += rows.length
    if (rows.length) progress(`streams: ${seen} events checked`)
    if (rows.length < page) break
  }
  const heads = await db.selectFrom('streams').select(['stream_id', 'version', 'head_hash']).execute()
  for (const h of heads) {
    const s = streams.get(h.stream_id)
    if (!s || s.version !== Number(h.version) || s.hash !== h.head_hash) {
      return yield fail(
        'stream.head',
        `the stream head says version ${h.version}, the events end at version ${s?.version ?? 0}: events were removed from its tail`,
        h.stream_id,
      )
    }
  }
  const headIds = new Set(heads.map((h) => h.stream_id))
  for (const [id, s] of [...streams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!headIds.has(id)) {
      return yield fail('stream.head', 'events exist for a stream with no head row', id)
    }
    yield pass('stream', `versions 1–${s.version}: every hash recomputes and the chain is intact`, id)
  }
  yield pass('streams', `${streams.size} streams, ${seen} events`)

  // 2a. Leaves: contiguous, each the leaf of its event's verified hash, in commit order.
  let n = 0
  let lastPosition = Number.MIN_SAFE_INTEGER
  for (;;) {
    // Each leaf with its event (if it still exists), in one query per page.
    const joined = await db
      .selectFrom('ledger_leaves as l')
      .leftJoin('events as e', 'e.event_id', 'l.event_id')
      .select(['l.ledger_index', 'l.event_id', 'l.position', 'l.leaf_hash', 'e.hash', 'e.position as event_position'])
      .where('l.ledger_index', '>=', n)
      .orderBy('l.ledger_index')
      .limit(page)
      .execute()
    const leaves = joined.map((r) => ({
      ledgerIndex: Number(r.ledger_index),
      eventId: r.event_id,
      position: Number(r.position),
      leafHash: r.leaf_hash,
    }))
    const events = new Map<string, { hash: string; position: number }>()
    for (const r of joined)
      if (r.hash !== null) events.set(r.event_id, { hash: r.hash, position: Number(r.event_position) })
    for (const l of leaves) {
      const subject = `leaf ${l.ledgerIndex} (${l.eventId})`
      if (l.ledgerIndex !== n) {
        return yield fail(
          'tree.leaves',
          `expected ledger index ${n}, found ${l.ledgerIndex}: a leaf is missing`,
          subject,
        )
      }
      const e = events.get(l.eventId)
      if (!e)
        return yield fail('tree.leaves', 'the tree holds a leaf whose event is gone: an event was deleted', subject)
      if (l.leafHash !== toHex(leafHash(e.hash))) {
        return yield fail('tree.leaves', 'the stored leaf is not the leaf of the event’s hash', subject)
      }
      if (l.position !== e.position) {
        return yield fail('tree.order', `the leaf records position ${l.position}, the event has ${e.position}`, subject)
      }
      if (e.position <= lastPosition) {
        return yield fail(
          'tree.order',
          `position ${e.position} is not after the previous leaf's ${lastPosition}: an event was inserted into the tree with a forged position`,
          subject,
        )
      }
      lastPosition = e.position
      n++
    }
    if (leaves.length) progress(`tree: ${n} leaves checked`)
    if (leaves.length < page) break
  }
  const skipped = await db
    .selectFrom('events')
    .select(['event_id', 'position'])
    .where('position', '<=', lastPosition)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_leaves').select('ledger_index').whereRef('ledger_leaves.event_id', '=', 'events.event_id'),
        ),
      ),
    )
    .orderBy('position')
    .limit(1)
    .executeTakeFirst()
  if (skipped) {
    return yield fail(
      'tree.leaves',
      `committed at position ${skipped.position} but not in the tree: the ledger skipped it`,
      skipped.event_id,
    )
  }
  const pending = seen - n
  yield pass(
    'tree.leaves',
    `${n} leaves, contiguous, in commit order, each the leaf of its event${pending > 0 ? `; ${pending} later events are not sequenced yet` : ''}`,
  )
  const stats = await nodeLevelStats(db)
  // 2b. Nodes, level by level: level 0 are the leaves, level L the hash of two nodes of L − 1.
  for (let level = 0; 2 ** level <= Math.max(n, 1); level++) {
    const expected = Math.floor(n / 2 ** level)
    const st = stats.find((s) => s.level === level)
    const count = st?.count ?? 0
    if (count !== expected || (count > 0 && (st?.min !== 0 || st?.max !== count - 1))) {
      return yield fail('tree.nodes', `level ${level} has ${count} nodes, a tree of ${n} leaves has ${expected}`)
    }
    for (let from = 0; from < expected; from += page) {
      const rows = await readNodeLevelPage(db, level, from, page)
      if (level === 0) {
        const leaves = await readLeavesPage(db, from, page)
        for (const [i, r] of rows.entries()) {
          if (r.hash !== leaves[i]?.leafHash)
            return yield fail('tree.nodes', 'the stored node differs from the leaf', `node (0, ${r.index})`)
        }
      } else {
        const below = await readNodeLevelPage(db, level - 1, 2 * from, 2 * page)
        for (const [i, r] of rows.entries()) {
          const left = below[2 * i]
          const right = below[2 * i + 1]
          if (!left || !right || r.hash !== toHex(nodeHash(fromHex(left.hash), fromHex(right.hash)))) {
            return yield fail(
              'tree.nodes',
              'the stored node is not the hash of its two children',
              `node (${level}, ${r.index})`,
            )
          }
        }
      }
    }
    if (expected > 0) {
      const how = level === 0 ? 'equal to the verified leaves' : 'recomputed from the level below'
      yield pass('tree.nodes', `level ${level}: ${expected} nodes ${how}`)
    }
  }
  const beyond = stats.find((s) => 2 ** s.level > Math.max(n, 1))
  if (beyond)
    return yield fail('tree.nodes', `level ${beyond.level} has ${beyond.count} nodes, beyond a tree of ${n} leaves`)

  // 3. Checkpoints: signature, root against the verified nodes, consistency with the previous.
  // Every node was recomputed from the verified leaves above, so reading them now is safe.
  const verifiedNodes = (ids: ReadonlyArray<{ level: number; index: number }>) => readNodeMap(db, ids)
  let previous: Checkpoint | undefined
  let checkpoints = 0
  let afterSize = -1
  for (;;) {
    const rows = await readCheckpointsPage(db, afterSize, page)
    for (const row of rows) {
      const subject = `checkpoint ${row.treeSize}`
      let cp: Checkpoint
      try {
        cp = input.key ? verifyCheckpoint(row.note, input.key) : parseCheckpoint(parseNote(row.note).text)
      } catch (e) {
        return yield fail(
          'checkpoint.signature',
          `does not verify with the supplied key: ${(e as Error).message}`,
          subject,
        )
      }
      if (cp.size !== row.treeSize || toHex(cp.rootHash) !== row.rootHash) {
        return yield fail('checkpoint.columns', 'the stored size or root differs from the signed note', subject)
      }
      if (cp.size > n) {
        return yield fail(
          'checkpoint.root',
          `signed for ${cp.size} leaves, the tree has ${n}: leaves were removed`,
          subject,
        )
      }
      const root = rootFrom(cp.size, await verifiedNodes(rootNodes(cp.size)))
      if (!bytesEqual(root, cp.rootHash)) {
        return yield fail(
          'checkpoint.root',
          'the signed root differs from the root of the stored tree: the tree was rewritten',
          subject,
        )
      }
      if (previous && previous.size > 0 && previous.size < cp.size) {
        const proof = consistencyProof(
          previous.size,
          cp.size,
          await verifiedNodes(consistencyProofNodes(previous.size, cp.size)),
        )
        const why = consistencyProofError(previous.size, cp.size, previous.rootHash, cp.rootHash, proof)
        if (why !== undefined)
          return yield fail(
            'checkpoint.consistency',
            `not consistent with checkpoint ${previous.size}: ${why}`,
            subject,
          )
      }
      yield pass(
        'checkpoint',
        `root ${toBase64(cp.rootHash)} ${input.key ? 'signed by the supplied key' : '(signature NOT checked: no --key)'}, matches the tree${previous ? `, extends checkpoint ${previous.size}` : ''}`,
        subject,
      )
      previous = cp
      afterSize = row.treeSize
      checkpoints++
    }
    if (rows.length < page) break
  }
  if (previous === undefined && n > 0) return yield fail('checkpoints', `${n} leaves but no signed checkpoint`)
  if (previous !== undefined && previous.size < n) {
    return yield fail('checkpoints', `leaves ${previous.size}–${n - 1} are covered by no signed checkpoint`)
  }

  // 4. A checkpoint the auditor saved earlier.
  if (input.since !== undefined) {
    if (!input.key) return yield fail('since.signature', '--since needs --key')
    let saved: Checkpoint
    try {
      saved = verifyCheckpoint(input.since, input.key)
    } catch (e) {
      return yield fail(
        'since.signature',
        `the saved checkpoint does not verify with the supplied key: ${(e as Error).message}`,
      )
    }
    if (saved.size > n) {
      return yield fail(
        'since.consistency',
        `the saved checkpoint covers ${saved.size} leaves, the database only ${n}: the tail of the log was removed`,
      )
    }
    const root = rootFrom(saved.size, await verifiedNodes(rootNodes(saved.size)))
    if (!bytesEqual(root, saved.rootHash)) {
      return yield fail(
        'since.consistency',
        `the tree's first ${saved.size} leaves do not have the saved root: the log's history was rewritten`,
      )
    }
    yield pass('since.consistency', `the saved checkpoint of size ${saved.size} is a prefix of this tree`)
  }

  yield pass(
    'database.verified',
    `${streams.size} streams and ${n} leaves verified; ${checkpoints} checkpoints ${input.key ? 'signed by the supplied key' : '(signatures not checked)'} match the tree`,
  )
}
