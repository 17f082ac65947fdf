// The global Merkle ledger of ledger.md §2: which event is which leaf, the perfect-subtree nodes
// of the RFC 9162 tree, every signed checkpoint, witness cosignatures, and the sequencer's state
// row. Dialect-neutral (SQLite, PostgreSQL, D1); never imports application code.
import { type AnyDb, bigType, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  const text = textType(db)
  const big = bigType(db)

  // ledger index → event. Contiguous from 0; the sequencer records the mapping rather than
  // deriving it from `events.position`, which need not be gap-free on every backend.
  await db.schema
    .createTable('ledger_leaves')
    .addColumn('ledger_index', big, (c) => c.primaryKey())
    .addColumn('event_id', text, (c) => c.notNull().unique())
    .addColumn('position', big, (c) => c.notNull().unique())
    .addColumn('leaf_hash', text, (c) => c.notNull())
    .execute()

  // Perfect subtrees only: (level, idx) is the root of leaves [idx·2^level, (idx+1)·2^level).
  // Written once when their last leaf arrives, never rewritten.
  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', big, (c) => c.notNull())
    .addColumn('hash', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute()

  // Every checkpoint the service ever signed (C2SP signed note, without cosignatures).
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('tree_size', big, (c) => c.primaryKey())
    .addColumn('root_hash', text, (c) => c.notNull())
    .addColumn('note', text, (c) => c.notNull())
    .addColumn('signed_at', text, (c) => c.notNull())
    .execute()

  // tlog-cosignature/v1 lines from configured witnesses, one per witness key and checkpoint.
  await db.schema
    .createTable('ledger_cosignatures')
    .addColumn('tree_size', big, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('key_id', text, (c) => c.notNull())
    .addColumn('line', text, (c) => c.notNull())
    .addColumn('cosigned_at', big, (c) => c.notNull())
    .addColumn('received_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_cosignatures_pk', ['tree_size', 'name', 'key_id'])
    .execute()

  // The sequencer's single row: the next ledger index and the last sequenced position. Every
  // sequencing unit updates it first, so on PostgreSQL concurrent sequencers serialize on its row
  // lock (and then conflict on ledger_leaves' primary key).
  await db.schema
    .createTable('ledger_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_index', big, (c) => c.notNull())
    .addColumn('last_position', big, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute()
  await db.insertInto('ledger_state').values({ id: 1, next_index: 0, last_position: 0, updated_at: '' }).execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['ledger_state', 'ledger_cosignatures', 'ledger_checkpoints', 'ledger_nodes', 'ledger_leaves']) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
