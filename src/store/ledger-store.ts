// Queries over the ledger tables (migrations/0003_ledger). Plain functions taking the Kysely
// instance first; hashes are lowercase hex in every column. Reads only, plus the compiled writes
// of one sequencing unit, which the caller runs through Backend.atomic.
import { type CompiledQuery, type Kysely, sql } from 'kysely'
import type { Database } from './schema'

type Db = Kysely<Database>

export interface LedgerStateRow {
  nextIndex: number
  lastPosition: number
}

export interface LeafRow {
  ledgerIndex: number
  eventId: string
  position: number
  leafHash: string
}

export interface CheckpointRow {
  treeSize: number
  rootHash: string
  note: string
  signedAt: string
}

export interface CosignatureRow {
  treeSize: number
  name: string
  keyId: string
  line: string
  cosignedAt: number
  receivedAt: string
}

export interface NodeRow {
  level: number
  index: number
  hash: string
}

/** SQLite's default limit is 32766 bound parameters; stay far below it (and D1's 100). */
const CHUNK = 90

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export async function readLedgerState(db: Db): Promise<LedgerStateRow> {
  const row = await db.selectFrom('ledger_state').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row) throw new Error('ledger_state has no row: run the migrations')
  return { nextIndex: Number(row.next_index), lastPosition: Number(row.last_position) }
}

/**
 * The events committed after `afterPosition`, in position order, with what a leaf needs; none
 * above `horizon` (Backend.feedHorizon, read before this query) when the backend has one.
 */
export async function readUnsequenced(
  db: Db,
  afterPosition: number,
  limit: number,
  horizon?: number,
): Promise<Array<{ eventId: string; position: number; hash: string }>> {
  let q = db.selectFrom('events').select(['event_id', 'position', 'hash']).where('position', '>', afterPosition)
  if (horizon !== undefined) q = q.where('position', '<=', horizon)
  const rows = await q.orderBy('position').limit(limit).execute()
  return rows.map((r) => ({ eventId: r.event_id, position: Number(r.position), hash: r.hash }))
}

/**
 * The ledger state and the end of the stored leaves (one past the highest ledger index), read in
 * one statement: two reads could straddle another sequencer's commit (overlapping runs on
 * Workers, another process) and look like a tree edited outside the sequencer.
 */
export async function readLedgerHead(db: Db): Promise<LedgerStateRow & { leavesEnd: number }> {
  const { rows } = await sql<{
    next_index: number | string
    last_position: number | string
    hi: number | string | null
  }>`
    select next_index, last_position, (select max(ledger_index) from ledger_leaves) as hi
    from ledger_state where id = 1`.execute(db)
  const row = rows[0]
  if (!row) throw new Error('ledger_state has no row: run the migrations')
  return {
    nextIndex: Number(row.next_index),
    lastPosition: Number(row.last_position),
    leavesEnd: row.hi === null ? 0 : Number(row.hi) + 1,
  }
}

const toLeaf = (r: { ledger_index: number; event_id: string; position: number; leaf_hash: string }): LeafRow => ({
  ledgerIndex: Number(r.ledger_index),
  eventId: r.event_id,
  position: Number(r.position),
  leafHash: r.leaf_hash,
})

export async function readLeavesByEventIds(db: Db, eventIds: readonly string[]): Promise<Map<string, LeafRow>> {
  const out = new Map<string, LeafRow>()
  for (const part of chunks([...new Set(eventIds)])) {
    const rows = await db.selectFrom('ledger_leaves').selectAll().where('event_id', 'in', part).execute()
    for (const r of rows) out.set(r.event_id, toLeaf(r))
  }
  return out
}

/** Leaves with index ≥ `from`, in ledger order. */
export async function readLeavesPage(db: Db, from: number, limit: number): Promise<LeafRow[]> {
  const rows = await db
    .selectFrom('ledger_leaves')
    .selectAll()
    .where('ledger_index', '>=', from)
    .orderBy('ledger_index')
    .limit(limit)
    .execute()
  return rows.map(toLeaf)
}

/** The listed perfect-subtree nodes that exist (absent ones are simply missing from the result). */
export async function readNodes(db: Db, ids: ReadonlyArray<{ level: number; index: number }>): Promise<NodeRow[]> {
  const byLevel = new Map<number, number[]>()
  for (const { level, index } of ids) {
    const indexes = byLevel.get(level)
    if (indexes) indexes.push(index)
    else byLevel.set(level, [index])
  }
  const out: NodeRow[] = []
  for (const [level, indexes] of byLevel) {
    for (const part of chunks([...new Set(indexes)])) {
      const rows = await db
        .selectFrom('ledger_nodes')
        .selectAll()
        .where('level', '=', level)
        .where('idx', 'in', part)
        .execute()
      for (const r of rows) out.push({ level: Number(r.level), index: Number(r.idx), hash: r.hash })
    }
  }
  return out
}

/** Nodes of one level with idx in [from, from + limit), in order. */
export async function readNodeLevelPage(db: Db, level: number, from: number, limit: number): Promise<NodeRow[]> {
  const rows = await db
    .selectFrom('ledger_nodes')
    .selectAll()
    .where('level', '=', level)
    .where('idx', '>=', from)
    .orderBy('idx')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ level: Number(r.level), index: Number(r.idx), hash: r.hash }))
}

/** Per level: how many nodes, and the lowest and highest idx. */
export async function nodeLevelStats(
  db: Db,
): Promise<Array<{ level: number; count: number; min: number; max: number }>> {
  const rows = await db
    .selectFrom('ledger_nodes')
    .select((eb) => [
      'level',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min<number>('idx').as('lo'),
      eb.fn.max<number>('idx').as('hi'),
    ])
    .groupBy('level')
    .orderBy('level')
    .execute()
  return rows.map((r) => ({ level: Number(r.level), count: Number(r.n), min: Number(r.lo), max: Number(r.hi) }))
}

const toCheckpoint = (r: { tree_size: number; root_hash: string; note: string; signed_at: string }): CheckpointRow => ({
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash,
  note: r.note,
  signedAt: r.signed_at,
})

export async function readLatestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  const row = await db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toCheckpoint(row) : undefined
}

export async function readCheckpoint(db: Db, treeSize: number): Promise<CheckpointRow | undefined> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().where('tree_size', '=', treeSize).executeTakeFirst()
  return row ? toCheckpoint(row) : undefined
}

/** Checkpoints with tree size > `after`, oldest first. */
export async function readCheckpointsPage(db: Db, after: number, limit: number): Promise<CheckpointRow[]> {
  const rows = await db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .where('tree_size', '>', after)
    .orderBy('tree_size')
    .limit(limit)
    .execute()
  return rows.map(toCheckpoint)
}

export async function readCosignatures(db: Db, treeSize: number): Promise<CosignatureRow[]> {
  const rows = await db
    .selectFrom('ledger_cosignatures')
    .selectAll()
    .where('tree_size', '=', treeSize)
    .orderBy('name')
    .orderBy('key_id')
    .execute()
  return rows.map((r) => ({
    treeSize: Number(r.tree_size),
    name: r.name,
    keyId: r.key_id,
    line: r.line,
    cosignedAt: Number(r.cosigned_at),
    receivedAt: r.received_at,
  }))
}

/** How many cosignatures each of the given checkpoints has (sizes without any are absent). */
export async function countCosignatures(db: Db, treeSizes: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  for (const part of chunks([...new Set(treeSizes)])) {
    const rows = await db
      .selectFrom('ledger_cosignatures')
      .select((eb) => ['tree_size', eb.fn.countAll<number>().as('n')])
      .where('tree_size', 'in', part)
      .groupBy('tree_size')
      .execute()
    for (const r of rows) out.set(Number(r.tree_size), Number(r.n))
  }
  return out
}

export function insertCosignature(db: Db, row: CosignatureRow): CompiledQuery {
  return db
    .insertInto('ledger_cosignatures')
    .values({
      tree_size: row.treeSize,
      name: row.name,
      key_id: row.keyId,
      line: row.line,
      cosigned_at: row.cosignedAt,
      received_at: row.receivedAt,
    })
    .onConflict((oc) => oc.columns(['tree_size', 'name', 'key_id']).doNothing())
    .compile()
}

export interface SequencingWrites {
  fromIndex: number
  toIndex: number
  lastPosition: number
  leaves: LeafRow[]
  nodes: NodeRow[]
  checkpoint: CheckpointRow
  at: string
}

/**
 * The writes of one sequencing batch, for one atomic unit. The state row comes first (on
 * PostgreSQL its row lock serializes concurrent sequencers); the leaves' primary key and unique
 * event_id then refuse the whole unit if another sequencer already took these indexes or events.
 */
export function sequencingUnit(db: Db, w: SequencingWrites): CompiledQuery[] {
  const out: CompiledQuery[] = [
    db
      .updateTable('ledger_state')
      .set({ next_index: w.toIndex, last_position: w.lastPosition, updated_at: w.at })
      .where('id', '=', 1)
      .where('next_index', '=', w.fromIndex)
      .compile(),
  ]
  for (const part of chunks(w.leaves, 20)) {
    out.push(
      db
        .insertInto('ledger_leaves')
        .values(
          part.map((l) => ({
            ledger_index: l.ledgerIndex,
            event_id: l.eventId,
            position: l.position,
            leaf_hash: l.leafHash,
          })),
        )
        .compile(),
    )
  }
  for (const part of chunks(w.nodes, 30)) {
    out.push(
      db
        .insertInto('ledger_nodes')
        .values(part.map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
        .compile(),
    )
  }
  out.push(
    db
      .insertInto('ledger_checkpoints')
      .values({
        tree_size: w.checkpoint.treeSize,
        root_hash: w.checkpoint.rootHash,
        note: w.checkpoint.note,
        signed_at: w.checkpoint.signedAt,
      })
      .compile(),
  )
  return out
}
