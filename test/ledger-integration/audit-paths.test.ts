// `verify --db` has several ways through (docs/ledger.md §4): raw reads of a SQLite file or Kysely
// pages (PostgreSQL, D1), event hashes in worker threads or on the calling thread, the quick tree
// check or the level-by-level one. Every way must give the very results of the audit as it was
// (reference-audit.ts), result for result, on an honest database and on each tampering, including
// the ones it cannot pass quickly.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { hashInWorkers } from '../../src/app/audit-workers'
import { auditDatabase } from '../../src/app/ledger-audit'
import { generateSigningKey, parseVerifierKey } from '../../src/ledger/note'
import type { Backend } from '../../src/store/backend'
import { openSqlite } from '../../src/store/sqlite'
import { auditDatabase as referenceAudit } from './reference-audit'
import { copyToFile, fareDecision, ledgerJurisdiction, tamper, tempDir, vkeyOf } from './support'

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
async function sameEverywhere(change: (db: Database.Database) => void): Promise<unknown> {
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

const event = (db: Database.Database, nth: number) =>
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

  const tamperings: Array<[string, (db: Database.Database) => void, string]> = [
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
