// The access log (issue 9 item 6): reads of non-disclosable material, exports, dossiers, organ
// reports and lifetime trails — who read what, when — readable by inspectors and admins.
// Dialect-neutral (SQLite, PostgreSQL, D1) and self-contained; never imports application code.
import { type Kysely, PostgresAdapter, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
type AnyDb = Kysely<any>

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db)
  // Byte-wise comparison on PostgreSQL too, so filters and order match SQLite and D1.
  const text = pg ? sql`text collate "C"` : ('text' as const)
  let table = db.schema.createTable('access_log')
  table = pg
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  await table
    .addColumn('at', text, (c) => c.notNull())
    .addColumn('token_id', text)
    .addColumn('person_id', text, (c) => c.notNull())
    .addColumn('org_id', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('method', text, (c) => c.notNull())
    .addColumn('path', text, (c) => c.notNull())
    // non_disclosable_read | dossier | export | report | person_trail
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('decision_id', text)
    // What else the read named: the organ of a report, the person of a trail.
    .addColumn('subject', text)
    .execute()
  await db.schema.createIndex('access_log_decision').on('access_log').columns(['decision_id', 'id']).execute()
  await db.schema.createIndex('access_log_person').on('access_log').columns(['person_id', 'id']).execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('access_log').ifExists().execute()
}
