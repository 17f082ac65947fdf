// Web sessions in the database, not in process memory, so they hold across restarts, across the
// Node processes behind a load balancer, and across Workers isolates (docs/web.md). Only a hash of
// each session id is stored: reading the table does not let anyone take over a session. web_keys
// holds the key that signs anonymous visitors' CSRF tokens, shared by every process.
import { type AnyDb, bigType, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  const text = textType(db)
  const big = bigType(db)
  await db.schema
    .createTable('web_sessions')
    .addColumn('session_hash', text, (c) => c.primaryKey())
    .addColumn('token_id', text, (c) => c.notNull())
    .addColumn('csrf', text, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_seen', big, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('web_sessions_last_seen').on('web_sessions').columns(['last_seen']).execute()
  await db.schema
    .createTable('web_keys')
    .addColumn('name', text, (c) => c.primaryKey())
    .addColumn('value', text, (c) => c.notNull())
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('web_keys').ifExists().execute()
  await db.schema.dropTable('web_sessions').ifExists().execute()
}
