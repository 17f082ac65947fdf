// `verify --db` has several ways through (docs/ledger.md §4): raw reads of a SQLite file or Kysely
// pages (PostgreSQL, D1), event hashes in worker threads or on the calling thread, the quick tree
// check or the level-by-level one. Every way must give the very results of the audit as it was
// (reference-audit.ts), result for result, on an honest database and on each tampering, including
// the ones it cannot pass quickly.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'

import { beforeAll, describe, expect, it } from 'vitest'
import { column } from '../../src/app/audit-columns'
import { sliceEnds, slicesPass } from '../../src/app/audit-slices'
import { chunkLevelsFor } from '../../src/app/audit-tree'
import { hashInWorkers } from '../../src/app/audit-workers'
import { auditDatabase } from '../../src/app/ledger-audit'
import { toHex } from '../../src/ledger/bytes'
import { signCheckpoint } from '../../src/ledger/checkpoint'
import { canonicalJson, eventHash, hashedPart, sha256Hex } from '../../src/ledger/event-hash'
import { nodeKey, rootFrom } from '../../src/ledger/merkle'
import { generateSigningKey, parseVerifierKey } from '../../src/ledger/note'
import { CANONICAL_TEXT_SQL, EVENT_COLUMNS, openReadOnly } from '../../src/store/audit-raw'
import { openAuditReader } from '../../src/store/audit-reader'
import type { Backend } from '../../src/store/backend'
import { rowToEvent } from '../../src/store/event-store'
import { openSqlite } from '../../src/store/sqlite'
import { auditDatabase as referenceAudit } from './reference-audit'
import { copyToFile, fareDecision, ledgerJurisdiction, ORIGIN, tamper, tempDir, vkeyOf } from './support'

const KEY = generateSigningKey()
const VKEY = parseVerifierKey(vkeyOf(KEY))
const dir = tempDir()
let base = ''
let n = 0

interface Way {
  name: string
  reference?: boolean
  /** Present the backend as D1, so the paged Kysely reads are used (as on PostgreSQL and D1). */
  kysely?: boolean
  workers?: number
  pageSize?: number
}

const WAYS: Way[] = [
  { name: 'raw reads, hashes on this thread', workers: 0 },
  { name: 'raw reads, hashes in 2 workers', workers: 2 },
  { name: 'raw reads, 3 workers, pages of 4', workers: 3, pageSize: 4 },
  // Slices of whole subtrees of 2 leaves (pages of 3) and 4 (pages of 4): many slice boundaries.
  { name: 'raw reads, 2 workers, pages of 3', workers: 2, pageSize: 3 },
  { name: 'raw reads, 4 workers, pages of 4', workers: 4, pageSize: 4 },
  { name: 'raw reads, 5 workers, pages of 3', workers: 5, pageSize: 3 },
  { name: 'Kysely pages', kysely: true },
  { name: 'Kysely pages of 3', kysely: true, pageSize: 3 },
]

async function audit(file: string, way: Way): Promise<unknown> {
  const backend = openSqlite(file)
  const b: Backend = way.kysely ? { ...backend, dialect: 'd1' } : backend
  const input = {
    backend: b,
    key: VKEY,
    ...(way.pageSize !== undefined ? { pageSize: way.pageSize } : {}),
    ...(way.workers !== undefined ? { workers: way.workers } : {}),
  }
  try {
    return await (way.reference ? referenceAudit : auditDatabase)(input)
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` }
  } finally {
    await backend.close()
  }
}

/** Every way gives the reference's results (with the same page size). */
async function sameEverywhere(change: (db: BetterSqlite3.Database) => void): Promise<unknown> {
  const file = join(dir, `t${n++}.db`)
  copyFileSync(base, file)
  tamper(file, change)
  const reference = await audit(file, { name: 'reference', reference: true })
  const reference4 = await audit(file, { name: 'reference', reference: true, pageSize: 4 })
  const reference3 = await audit(file, { name: 'reference', reference: true, pageSize: 3 })
  for (const way of WAYS) {
    const expected = way.pageSize === 4 ? reference4 : way.pageSize === 3 ? reference3 : reference
    expect(await audit(file, way), way.name).toEqual(expected)
  }
  return reference
}

const last = (r: unknown) => (Array.isArray(r) ? r.at(-1) : r) as { ok: boolean; check: string; detail: string }

beforeAll(async () => {
  const j = await ledgerJurisdiction(KEY)
  for (let i = 0; i < 3; i++) await fareDecision(j, `决策 ${i}`)
  await j.deps.ledger.sequenceNow()
  for (let i = 0; i < 3; i++) await fareDecision(j, `决策 ${i + 3}`)
  await j.deps.ledger.sequenceNow()
  base = await copyToFile(j, join(dir, 'base.db'))
  await j.close()
}, 60_000)

const event = (db: BetterSqlite3.Database, nth: number) =>
  db.prepare('select * from events order by position limit 1 offset ?').get(nth) as Record<string, string | number>
const reorder = (json: string) => {
  const v = JSON.parse(json) as Record<string, unknown>
  return JSON.stringify(Object.fromEntries(Object.entries(v).reverse()), null, 1)
}

describe('verify --db gives the same results every way', () => {
  it('on the honest database', async () => {
    const r = await sameEverywhere(() => undefined)
    expect(last(r)).toMatchObject({ ok: true, check: 'database.verified' })
  })

  it('with stored JSON written another way (key order, whitespace, \\u escapes): still verified', async () => {
    const r = await sameEverywhere((db) => {
      const e = event(db, 20)
      const data = reorder(e.data as string).replace(/[\u4e00-\u9fff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
      db.prepare('update events set data = ? where position = ?').run(data, e.position)
    })
    expect(last(r)).toMatchObject({ ok: true, check: 'database.verified' })
  })

  it('with a duplicate key the quick way hands back (JSON.parse keeps the last): still verified', async () => {
    const r = await sameEverywhere((db) => {
      for (const nth of [2, 21, 40]) {
        const e = event(db, nth)
        const first = Object.keys(JSON.parse(e.data as string) as object)[0]
        const data = `{${JSON.stringify(first)}:0,${(e.data as string).slice(1)}`
        db.prepare('update events set data = ? where position = ?').run(data, e.position)
      }
    })
    expect(last(r)).toMatchObject({ ok: true, check: 'database.verified' })
  })

  it('with a duplicate key that changes the value: stream.hash, found by the library', async () => {
    const r = await sameEverywhere((db) => {
      const e = event(db, 30)
      const first = Object.keys(JSON.parse(e.data as string) as object)[0]
      const data = `${(e.data as string).slice(0, -1)},${JSON.stringify(first)}:0}`
      db.prepare('update events set data = ? where position = ?').run(data, e.position)
    })
    expect(last(r)).toMatchObject({ ok: false, check: 'stream.hash' })
  })

  it('with unsequenced events at the end', async () => {
    const r = await sameEverywhere((db) => {
      db.prepare(
        'delete from ledger_leaves where ledger_index >= (select max(ledger_index) - 1 from ledger_leaves)',
      ).run()
    })
    expect(last(r)).toMatchObject({ ok: false, check: 'tree.nodes' })
  })

  const tamperings: Array<[string, (db: BetterSqlite3.Database) => void, string]> = [
    [
      'a changed byte in the data',
      (db) =>
        db
          .prepare(
            "update events set data = replace(data, '决', '定') where position = (select max(position) from events where data like '%决策%')",
          )
          .run(),
      'stream.hash',
    ],
    [
      'a version written as 1.5',
      (db) => db.prepare('update events set version = 1.5 where position = ?').run(event(db, 25).position),
      'stream.hash',
    ],
    [
      'data that is not JSON',
      (db) => db.prepare("update events set data = '{x' where position = ?").run(event(db, 9).position),
      'threw',
    ],
    [
      'a deleted event',
      (db) => db.prepare('delete from events where position = ?').run(event(db, 12).position),
      'stream.version',
    ],
    [
      'a broken chain',
      (db) => db.prepare('update events set prev_hash = hash where position = ?').run(event(db, 30).position),
      'stream.hash',
    ],
    [
      'a changed stream head',
      (db) =>
        db
          .prepare(
            'update streams set version = version + 1 where stream_id = (select stream_id from events where position = ?)',
          )
          .run(event(db, 8).position),
      'stream.head',
    ],
    [
      'a changed leaf',
      (db) => db.prepare('update ledger_leaves set leaf_hash = ? where ledger_index = 7').run('ab'.repeat(32)),
      'tree.leaves',
    ],
    ['a deleted leaf', (db) => db.prepare('delete from ledger_leaves where ledger_index = 5').run(), 'tree.leaves'],
    [
      'a leaf with another position',
      (db) => db.prepare('update ledger_leaves set position = position + 1000 where ledger_index = 11').run(),
      'tree.order',
    ],
    [
      'a changed node at level 0',
      (db) => db.prepare('update ledger_nodes set hash = ? where level = 0 and idx = 9').run('cd'.repeat(32)),
      'tree.nodes',
    ],
    [
      'a changed node at level 2',
      (db) => db.prepare('update ledger_nodes set hash = ? where level = 2 and idx = 3').run('cd'.repeat(32)),
      'tree.nodes',
    ],
    [
      'a changed top node',
      (db) =>
        db
          .prepare('update ledger_nodes set hash = ? where level = (select max(level) from ledger_nodes)')
          .run('cd'.repeat(32)),
      'tree.nodes',
    ],
    ['a deleted node', (db) => db.prepare('delete from ledger_nodes where level = 1 and idx = 4').run(), 'tree.nodes'],
    [
      'an extra node on a level',
      (db) => db.prepare('insert into ledger_nodes values (1, 900, ?)').run('ef'.repeat(32)),
      'tree.nodes',
    ],
    [
      'a node beyond the tree',
      (db) => db.prepare('insert into ledger_nodes values (30, 0, ?)').run('ef'.repeat(32)),
      'tree.nodes',
    ],
    [
      'two tamperings: the earlier in commit order is named',
      (db) => {
        db.prepare("update events set data = replace(data, '决', '定') where position = ?").run(event(db, 28).position)
        db.prepare('update events set prev_hash = hash where position = ?').run(event(db, 14).position)
      },
      'stream.hash',
    ],
    [
      'a deleted event, then a changed one: the deletion is named',
      (db) => {
        db.prepare('delete from events where position = ?').run(event(db, 12).position)
        db.prepare(
          "update events set data = replace(data, '决', '定') where position = (select max(position) from events where data like '%决策%')",
        ).run()
      },
      'stream.version',
    ],
    [
      'a changed event, then a deleted one: the change is named',
      (db) => {
        const changed = event(db, 3).position
        db.prepare('delete from events where position = ?').run(event(db, 33).position)
        db.prepare("update events set type = type || 'x' where position = ?").run(changed)
      },
      'stream.hash',
    ],
    [
      'a changed checkpoint root',
      (db) =>
        db
          .prepare(
            'update ledger_checkpoints set root_hash = ? where tree_size = (select min(tree_size) from ledger_checkpoints)',
          )
          .run('00'.repeat(32)),
      'checkpoint.columns',
    ],
  ]

  for (const [name, change, check] of tamperings) {
    it(`with ${name}: ${check}`, async () => {
      const r = await sameEverywhere(change)
      if (check === 'threw') expect(r).toHaveProperty('threw')
      else expect(last(r)).toMatchObject({ ok: false, check })
    })
  }
})

/** The slices' last positions for this many workers and this page size, and the positions. */
async function slicesOf(file: string, workers: number, page: number): Promise<{ ends: number[]; positions: number[] }> {
  const backend = openSqlite(file)
  const reader = await openAuditReader(backend)
  try {
    const [lo, hi] = reader.positionBounds?.() ?? [0, 0]
    const ends = sliceEnds(reader, lo, hi, workers, chunkLevelsFor(page))
    let positions: number[] = []
    tamper(file, (db) => {
      positions = (db.prepare('select position from events order by position').raw(true).all() as number[][]).map(
        (r) => r[0] as number,
      )
    })
    return { ends, positions }
  } finally {
    await reader.close()
    await backend.close()
  }
}

/** slicesPass alone: what it makes of the database (undefined: it found something amiss). */
async function sliced(file: string, workers: number, page: number) {
  const backend = openSqlite(file)
  const reader = await openAuditReader(backend)
  try {
    const bounds = reader.positionBounds?.() as [number, number]
    const progress: string[] = []
    const r = await slicesPass(reader, file, bounds, workers, page, (line) => progress.push(line))
    return r && { seen: r.seen, n: r.n, streams: r.streams.size, fromColumns: r.fromColumns, progress }
  } finally {
    await reader.close()
    await backend.close()
  }
}

/** The stored event of a raw `select *` row of `events`. */
const eventOfRow = (row: unknown[]) => rowToEvent(Object.fromEntries(EVENT_COLUMNS.map((c, k) => [c, row[k]])) as never)

/** What a forger would do: give the event at `row` another prevHash and hash it anew. */
function forgePrevHash(db: BetterSqlite3.Database, row: unknown[]): void {
  const forged = [...row]
  forged[column.prev_hash] = 'f'.repeat(64)
  db.prepare('update events set prev_hash = ?, hash = ? where position = ?').run(
    forged[column.prev_hash],
    eventHash(eventOfRow(forged)),
    forged[column.position],
  )
}

/** A database file of `sequenced` decisions in the tree and one more whose events are not yet. */
async function withUnsequencedTail(sequenced: number, name: string): Promise<string> {
  const j = await ledgerJurisdiction(KEY)
  for (let i = 0; i < sequenced; i++) await fareDecision(j, `决策 ${i}`)
  await j.deps.ledger.sequenceNow()
  await fareDecision(j, '未排序的决策')
  const file = await copyToFile(j, join(dir, name))
  await j.close()
  return file
}

/**
 * A database as it is (`before`) and as the same server left it a little later (`after`): more
 * events, some on streams that existed before (so their heads moved on), and more leaves, nodes
 * and checkpoints. `before` has events not yet sequenced, which `after` has sequenced.
 */
async function beforeAndAfter(): Promise<{ before: string; after: string }> {
  const j = await ledgerJurisdiction(KEY)
  const open: string[] = []
  for (let i = 0; i < 5; i++) {
    const d = await j.initiate({ title: `快照 ${i}` })
    await j.record(j.client.undertaking, d, 'DraftPrepared')
    open.push(d)
  }
  await j.deps.ledger.sequenceNow()
  await fareDecision(j, '快照之前未排序的决策')
  const before = await copyToFile(j, join(dir, 'snapshot-before.db'))
  for (const d of open) await j.record(j.client.undertaking, d, 'PublicCommentOpened')
  await fareDecision(j, '快照之后的决策')
  await j.deps.ledger.sequenceNow()
  const after = await copyToFile(j, join(dir, 'snapshot-after.db'))
  await j.close()
  return { before, after }
}

/**
 * Writes into `file` (a copy of `before`) what the server wrote between `before` and `after`, as
 * a server appending and sequencing would: new rows, and the heads of the streams that moved.
 */
function growTo(after: string) {
  return (db: BetterSqlite3.Database) => {
    db.prepare('attach database ? as later').run(after)
    db.exec(`begin immediate;
      insert into events select * from later.events where position > (select max(position) from main.events);
      insert or replace into streams select * from later.streams;
      insert into ledger_leaves select * from later.ledger_leaves
        where ledger_index > (select coalesce(max(ledger_index), -1) from main.ledger_leaves);
      insert or ignore into ledger_nodes select * from later.ledger_nodes;
      insert into ledger_checkpoints select * from later.ledger_checkpoints
        where tree_size > (select coalesce(max(tree_size), -1) from main.ledger_checkpoints);
      commit`)
    db.exec('detach database later')
  }
}

describe('an audit of a database a server is writing to', () => {
  let before = ''
  let after = ''
  beforeAll(async () => {
    ;({ before, after } = await beforeAndAfter())
    tamper(before, (db) => {
      const events = db.prepare('select count(*) from events').pluck().get() as number
      const leaves = db.prepare('select count(*) from ledger_leaves').pluck().get() as number
      expect(leaves).toBeLessThan(events) // events not yet sequenced, for the slices' leaf bound
    })
  }, 60_000)

  it('sees the database as it was when it began, every way (heads, events, tree, checkpoints)', {
    timeout: 120_000,
  }, async () => {
    // Grown, the copy verifies as `after` does: the growth is an honest one.
    const grown = join(dir, `grown-${n++}.db`)
    copyFileSync(before, grown)
    tamper(grown, growTo(after))
    expect(await audit(grown, { name: 'reference', reference: true })).toEqual(
      await audit(after, { name: 'reference', reference: true }),
    )

    for (const way of WAYS.filter((w) => !w.kysely)) {
      const expected = await audit(before, { name: 'reference', reference: true, pageSize: way.pageSize ?? 2000 })
      expect(last(expected)).toMatchObject({ ok: true, check: 'database.verified' })
      const file = join(dir, `live-${n++}.db`)
      copyFileSync(before, file)
      const backend = openSqlite(file)
      let grew = false
      try {
        // The server's writes land while the audit runs: at its first progress line (after the
        // first page of events, or after the slices), before it reads the heads and checkpoints.
        const results = await auditDatabase({
          backend,
          key: VKEY,
          ...(way.pageSize !== undefined ? { pageSize: way.pageSize } : {}),
          ...(way.workers !== undefined ? { workers: way.workers } : {}),
          progress: () => {
            if (grew) return
            grew = true
            tamper(file, growTo(after))
          },
        })
        expect(grew, way.name).toBe(true)
        expect(results, way.name).toEqual(expected)
      } finally {
        await backend.close()
      }
    }
  })

  it('has its slice workers read no leaf the snapshot does not have', async () => {
    const file = join(dir, `live-slices-${n++}.db`)
    copyFileSync(before, file)
    const expected = await sliced(before, 2, 4)
    expect(expected).toBeDefined()
    const backend = openSqlite(file)
    const reader = await openAuditReader(backend)
    try {
      const bounds = reader.positionBounds?.() as [number, number]
      // Written after the snapshot, before the workers open the file: leaves for events the
      // snapshot had not sequenced yet.
      tamper(file, growTo(after))
      const r = await slicesPass(reader, file, bounds, 2, 4, () => undefined)
      expect(r && { seen: r.seen, n: r.n, streams: r.streams.size }).toEqual({
        seen: expected?.seen,
        n: expected?.n,
        streams: expected?.streams,
      })
    } finally {
      await reader.close()
      await backend.close()
    }
  })
})

describe('many checkpoints (one per sequencing batch, as a server signs them)', () => {
  let file = ''
  beforeAll(async () => {
    const j = await ledgerJurisdiction(KEY)
    for (let i = 0; i < 9; i++) {
      await fareDecision(j, `检查点 ${i}`)
      await j.deps.ledger.sequenceNow()
    }
    file = await copyToFile(j, join(dir, 'checkpoints.db'))
    await j.close()
  }, 60_000)

  /** Every way gives the reference's results on a copy of `file` changed by `change`. */
  async function everyWay(change: (db: BetterSqlite3.Database) => void): Promise<unknown> {
    const copy = join(dir, `checkpoints-${n++}.db`)
    copyFileSync(file, copy)
    tamper(copy, change)
    const results: unknown[] = []
    for (const pageSize of [2000, 4, 3]) {
      const reference = await audit(copy, { name: 'reference', reference: true, pageSize })
      results.push(reference)
      for (const way of WAYS.filter((w) => (w.pageSize ?? 2000) === pageSize)) {
        expect(await audit(copy, way), `${way.name} (pages of ${pageSize})`).toEqual(reference)
      }
    }
    return results[0]
  }

  /** A checkpoint of `size` over `root`, signed with the log's own key, stored as the server would. */
  function signed(db: BetterSqlite3.Database, size: number, root: Uint8Array): void {
    const note = signCheckpoint({ origin: ORIGIN, size, rootHash: root }, KEY)
    db.prepare('insert or replace into ledger_checkpoints values (?, ?, ?, ?)').run(size, toHex(root), note, 'later')
  }

  const treeNodes = (db: BetterSqlite3.Database) =>
    new Map(
      (db.prepare('select level, idx, hash from ledger_nodes').raw(true).all() as Array<[number, number, string]>).map(
        ([level, idx, hash]) => [nodeKey(level, idx), Buffer.from(hash, 'hex')],
      ),
    )

  it('on the honest database: each checkpoint matches the tree and extends the one before', async () => {
    tamper(file, (db) => {
      expect(
        db.prepare('select count(*) from ledger_checkpoints where tree_size > 0').pluck().get(),
      ).toBeGreaterThanOrEqual(9)
    })
    const r = (await everyWay(() => undefined)) as Array<{ ok: boolean; check: string; detail: string }>
    expect(r.at(-1)).toMatchObject({ ok: true, check: 'database.verified' })
    expect(
      r.filter((x) => x.check === 'checkpoint' && /extends checkpoint/.test(x.detail)).length,
    ).toBeGreaterThanOrEqual(8)
  })

  it('with a checkpoint in the middle re-signed over another root: checkpoint.root', async () => {
    const r = await everyWay((db) => {
      const sizes = db.prepare('select tree_size from ledger_checkpoints order by tree_size').pluck().all() as number[]
      signed(db, sizes[Math.floor(sizes.length / 2)] as number, new Uint8Array(32).fill(7))
    })
    expect(last(r)).toMatchObject({ ok: false, check: 'checkpoint.root' })
  })

  it('with a checkpoint signed over a size between two others, of the true tree: verified', async () => {
    // Its root and its consistency with its neighbours are read from nodes the cache shares.
    const r = await everyWay((db) => {
      const sizes = db.prepare('select tree_size from ledger_checkpoints order by tree_size').pluck().all() as number[]
      const size = ((sizes[3] as number) + (sizes[4] as number) + 1) >> 1
      expect(size).toBeGreaterThan(sizes[3] as number)
      signed(db, size, rootFrom(size, treeNodes(db)))
    })
    expect(last(r)).toMatchObject({ ok: true, check: 'database.verified' })
  })

  it('with a node a checkpoint reads changed after the tree: tree.nodes, every way', async () => {
    const r = await everyWay((db) => {
      db.prepare('update ledger_nodes set hash = ? where level = 1 and idx = 2').run('cd'.repeat(32))
    })
    expect(last(r)).toMatchObject({ ok: false, check: 'tree.nodes' })
  })

  it('with a checkpoint beyond the tree, signed: checkpoint.root', async () => {
    const r = await everyWay((db) => {
      const nodes = treeNodes(db)
      const leaves = db.prepare('select count(*) from ledger_leaves').pluck().get() as number
      signed(db, leaves + 3, rootFrom(leaves - 1, nodes))
    })
    expect(last(r)).toMatchObject({ ok: false, check: 'checkpoint.root' })
  })
})

describe("the audit's connections", () => {
  it('are read-only and map the file into memory (every audit in this file reads through the map)', async () => {
    const conn = await openReadOnly(base)
    try {
      const [[mapped]] = conn.prepare('pragma mmap_size').raw(true).all() as [[number]]
      expect(mapped).toBeGreaterThan(0)
      expect(() => conn.prepare('delete from events returning position').raw(true).all()).toThrow(/readonly/)
    } finally {
      conn.close()
    }
  })
})

describe('the slices', () => {
  it('hash every appended event from the canonical text SQLite builds, and any other from its columns', async () => {
    // Appends store payloads and evidence canonically, so SQLite's text is the event's canonical JSON.
    const rows: unknown[][] = []
    let texts: Array<[number, string]> = []
    tamper(base, (db) => {
      rows.push(...(db.prepare('select * from events order by position').raw(true).all() as unknown[][]))
      texts = db.prepare(CANONICAL_TEXT_SQL).raw(true).all() as Array<[number, string]>
    })
    expect(texts.length).toBeGreaterThan(60)
    for (const [i, row] of rows.entries()) {
      const [position, text] = texts[i] as [number, string]
      expect(position).toBe(row[column.position])
      expect(text).toBe(canonicalJson(hashedPart(eventOfRow(row))))
      expect(sha256Hex(text)).toBe(row[column.hash])
    }
    expect(await sliced(base, 2, 4)).toMatchObject({
      seen: rows.length,
      fromColumns: 0,
      progress: expect.arrayContaining([`streams: ${rows.length} events checked`]),
    })

    // Stored JSON written another way still verifies, hashed from its columns.
    const file = join(dir, `c${n++}.db`)
    copyFileSync(base, file)
    tamper(file, (db) => {
      const e = event(db, 20)
      db.prepare('update events set data = ? where position = ?').run(reorder(e.data as string), e.position)
    })
    expect(await sliced(file, 2, 4)).toMatchObject({ seen: rows.length, fromColumns: 1 })

    // A database whose events were all stored before canonical storage: read as rows, hashed
    // from their columns, still verified; and a changed event among them still found.
    const old = join(dir, `c${n++}.db`)
    copyFileSync(base, old)
    tamper(old, (db) => {
      for (const [position, data] of db.prepare('select position, data from events').raw(true).all() as Array<
        [number, string]
      >)
        db.prepare('update events set data = ? where position = ?').run(reorder(data), position)
    })
    expect(await sliced(old, 2, 4)).toMatchObject({
      seen: rows.length,
      fromColumns: rows.length,
      progress: expect.arrayContaining([
        `streams: ${rows.length} events checked, ${rows.length} of them stored otherwise than canonically (hashed from their columns)`,
      ]),
    })
    const changed = join(dir, `c${n++}.db`)
    copyFileSync(old, changed)
    tamper(changed, (db) => {
      db.prepare("update events set type = type || 'x' where position = ?").run(event(db, 40).position)
    })
    expect(await sliced(changed, 2, 4)).toBeUndefined()
    const reference = await audit(changed, { name: 'reference', reference: true, pageSize: 4 })
    expect(last(reference)).toMatchObject({ ok: false, check: 'stream.hash' })
    for (const way of WAYS.filter((w) => w.pageSize === 4))
      expect(await audit(changed, way), way.name).toEqual(reference)
  })

  it('end at the last leaf of a whole subtree, each after the one before', async () => {
    const file = join(dir, 'slices.db')
    copyFileSync(base, file)
    for (const [workers, page] of [
      [2, 4],
      [3, 3],
      [5, 3],
      [2, 2000],
    ] as const) {
      const { ends, positions } = await slicesOf(file, workers, page)
      const chunk = 2 ** chunkLevelsFor(page)
      expect(ends.at(-1)).toBe(positions.at(-1))
      for (const [k, end] of ends.slice(0, -1).entries()) {
        expect((positions.indexOf(end) + 1) % chunk, `${workers} workers, pages of ${page}`).toBe(0)
        if (k > 0) expect(end).toBeGreaterThan(ends[k - 1] as number)
      }
      // A tree of 2,000-leaf pages has no whole subtree here: one slice.
      if (page === 2000) expect(ends).toHaveLength(1)
      else expect(ends.length).toBe(workers)
      expect(await sliced(file, workers, page)).toMatchObject({ seen: positions.length, n: positions.length })
    }
  })

  it('verify events that are not sequenced yet (an odd number of leaves), every way', {
    timeout: 120_000,
  }, async () => {
    const file = await withUnsequencedTail(4, 'unsequenced.db')
    const reference = await audit(file, { name: 'reference', reference: true })
    expect(last(reference)).toMatchObject({ ok: true, check: 'database.verified' })
    expect(JSON.stringify(reference)).toContain('later events are not sequenced yet')
    for (const way of WAYS) {
      const pageSize = way.pageSize ?? 2000
      const expected = await audit(file, { name: 'reference', reference: true, pageSize })
      expect(await audit(file, way), way.name).toEqual(expected)
    }
    const { positions } = await slicesOf(file, 3, 3)
    const leaves = await sliced(file, 3, 3)
    expect(leaves?.seen).toBe(positions.length)
    expect(leaves?.n).toBeLessThan(positions.length)

    // An unsequenced event given another prevHash and hashed anew, as a forger would: no leaf
    // covers it, so only the chain can tell. Every slice must find it, as the reference does.
    const forged = join(dir, 'unsequenced-forged.db')
    copyFileSync(file, forged)
    tamper(forged, (db) => {
      const row = db.prepare('select * from events order by position desc limit 1').raw(true).get() as unknown[]
      forgePrevHash(db, row)
    })
    const forgedReference = await audit(forged, { name: 'reference', reference: true, pageSize: 3 })
    expect(last(forgedReference)).toMatchObject({ ok: false, check: 'stream.chain' })
    for (const workers of [2, 3]) expect(await sliced(forged, workers, 3), `${workers} slices`).toBeUndefined()
    for (const way of WAYS.filter((w) => w.pageSize === 3)) {
      expect(await audit(forged, way), way.name).toEqual(forgedReference)
    }
  })

  it('join each stream across slices: a forged prevHash on its first event in a later slice is found', {
    timeout: 120_000,
  }, async () => {
    const j = await ledgerJurisdiction(KEY)
    const decisions: string[] = []
    for (let i = 0; i < 10; i++) {
      const d = await j.initiate({ title: `决策 ${i}` })
      await j.record(j.client.undertaking, d, 'DraftPrepared')
      decisions.push(d)
    }
    await j.deps.ledger.sequenceNow()
    await j.record(j.client.undertaking, decisions[0] as string, 'PublicCommentOpened')
    const file = await copyToFile(j, join(dir, 'joined.db'))
    await j.close()
    // The new event is its stream's first in the last slice (the stream's others come before it),
    // and unsequenced: only the join of the slices can tell its prevHash is forged.
    const { ends } = await slicesOf(file, 5, 3)
    tamper(file, (db) => {
      const row = db.prepare('select * from events order by position desc limit 1').raw(true).get() as unknown[]
      const earlier = db
        .prepare('select max(position) from events where stream_id = ? and position < ?')
        .pluck()
        .get(row[column.stream_id], row[column.position]) as number
      expect(earlier).toBeLessThanOrEqual(ends.at(-2) as number)
      forgePrevHash(db, row)
    })
    const reference = await audit(file, { name: 'reference', reference: true, pageSize: 3 })
    expect(last(reference)).toMatchObject({ ok: false, check: 'stream.chain' })
    expect(await sliced(file, 5, 3)).toBeUndefined()
    for (const way of WAYS.filter((w) => w.pageSize === 3)) expect(await audit(file, way), way.name).toEqual(reference)
  })

  it('take a matching hash of SQLite’s text as a pass only where it is the event’s canonical JSON', {
    timeout: 120_000,
  }, async () => {
    // A forger stores an unsequenced event's payload otherwise than canonically and sets its hash
    // to that of the text SQLite builds from it: the hash matches that text, but the event's
    // canonical JSON is another, so the audit must fail it as the reference does.
    const file = await withUnsequencedTail(2, 'noncanonical-base.db')
    const respellings: Array<[string, (data: string) => string]> = [
      ['members reordered', (data) => reorder(data).replace(/\n\s*/g, '')],
      [
        'a duplicate member',
        (data) => `{${JSON.stringify(Object.keys(JSON.parse(data) as object)[0])}:0,${data.slice(1)}`,
      ],
      ['a space', (data) => ` ${data}`],
      ['an escaped character', (data) => data.replace(/[\u4e00-\u9fff]/, (c) => `\\u${c.charCodeAt(0).toString(16)}`)],
    ]
    for (const [name, respell] of respellings) {
      const forged = join(dir, `noncanonical-${n++}.db`)
      copyFileSync(file, forged)
      tamper(forged, (db) => {
        const e = db.prepare('select position, data from events order by position desc limit 1').get() as {
          position: number
          data: string
        }
        const data = respell(e.data)
        expect(data, name).not.toBe(e.data)
        db.prepare('update events set data = ? where position = ?').run(data, e.position)
        const built = (db.prepare(CANONICAL_TEXT_SQL).raw(true).all() as Array<[number, string]>).find(
          ([p]) => p === e.position,
        )?.[1] as string
        db.prepare('update events set hash = ? where position = ?').run(sha256Hex(built), e.position)
      })
      const reference = await audit(forged, { name: 'reference', reference: true, pageSize: 3 })
      expect(last(reference).ok, name).toBe(false)
      expect(await sliced(forged, 2, 3), name).toBeUndefined()
      for (const way of WAYS.filter((w) => w.pageSize === 3)) {
        expect(await audit(forged, way), `${name}: ${way.name}`).toEqual(reference)
      }
    }
  })

  it('rely on json_quote escaping every character as JSON.stringify does', () => {
    const db = new BetterSqlite3(':memory:')
    const quote = db.prepare('select json_quote(?)').pluck()
    let all = ''
    for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCodePoint(c)
    expect(quote.get(all)).toBe(JSON.stringify(all))
    for (let c = 0; c < 0x80; c++)
      expect(quote.get(`a${String.fromCharCode(c)}b`)).toBe(JSON.stringify(`a${String.fromCharCode(c)}b`))
    db.close()
  })

  // A tampering at each side of each slice boundary, and in the second slice's middle.
  const atBoundaries: Array<[string, (db: BetterSqlite3.Database, position: number) => void]> = [
    ['a changed type', (db, p) => db.prepare("update events set type = type || 'x' where position = ?").run(p)],
    ['a broken chain', (db, p) => db.prepare('update events set prev_hash = hash where position = ?').run(p)],
    ['a deleted event', (db, p) => db.prepare('delete from events where position = ?').run(p)],
    ['a changed leaf', (db, p) => db.prepare("update ledger_leaves set leaf_hash = 'ab' where position = ?").run(p)],
  ]
  for (const [name, change] of atBoundaries) {
    it(`find ${name} next to a slice boundary or inside the second slice; the audit names it as before`, {
      timeout: 240_000,
    }, async () => {
      const { ends, positions } = await slicesOf(base, 3, 4)
      const first = ends[0] as number
      const at = positions.indexOf(first)
      const second = positions.slice(at + 1, positions.indexOf(ends[1] as number) + 1)
      const targets = [first, positions[at + 1] as number, second[Math.floor(second.length / 2)] as number]
      for (const position of targets) {
        const file = join(dir, `b${n++}.db`)
        copyFileSync(base, file)
        tamper(file, (db) => change(db, position))
        expect(await sliced(file, 3, 4), `${name} at ${position}`).toBeUndefined()
        const reference = await audit(file, { name: 'reference', reference: true, pageSize: 4 })
        expect(last(reference).ok).toBe(false)
        for (const way of WAYS.filter((w) => w.pageSize === 4)) {
          expect(await audit(file, way), `${way.name}: ${name} at ${position}`).toEqual(reference)
        }
      }
    })
  }
})

describe('the hashing workers', () => {
  it('run here (so the ways above do use them) and hash every event of their ranges', async () => {
    const file = join(dir, 'workers.db')
    copyFileSync(base, file)
    let events = 0
    let lo = 0
    let hi = 0
    tamper(file, (db) => {
      const r = db.prepare('select count(*) as n, min(position) as lo, max(position) as hi from events').get() as {
        n: number
        lo: number
        hi: number
      }
      ;({ n: events, lo, hi } = r)
    })
    expect(await hashInWorkers(file, lo, hi, 3)).toEqual({ kind: 'ok', count: events, handBack: [] })
    tamper(file, (db) => db.prepare("update events set type = type || 'x' where position = ?").run(hi - 1))
    expect(await hashInWorkers(file, lo, hi, 3)).toMatchObject({ kind: 'mismatch', position: hi - 1 })
  })
})
