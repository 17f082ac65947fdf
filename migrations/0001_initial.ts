// The event store, its stream heads, idempotency records, tokens, the refusal log and the
// directory read model. Kept dialect-neutral (SQLite, PostgreSQL, D1); never imports app code.
import { type AnyDb, isPostgres, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  const text = textType(db)
  const pg = isPostgres(db)

  // Every event of every stream. `position` is the global commit order; UNIQUE(stream_id, version)
  // is the optimistic-concurrency guard of every append.
  let events = db.schema.createTable('events')
  events = pg
    ? events.addColumn('position', 'bigserial', (c) => c.primaryKey())
    : events.addColumn('position', 'integer', (c) => c.primaryKey().autoIncrement())
  await events
    .addColumn('event_id', text, (c) => c.notNull().unique())
    .addColumn('stream_id', text, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', text, (c) => c.notNull())
    .addColumn('recorded_at', text, (c) => c.notNull())
    .addColumn('actor_person_id', text, (c) => c.notNull())
    .addColumn('actor_org_id', text, (c) => c.notNull())
    .addColumn('actor_role', text, (c) => c.notNull())
    .addColumn('data', text, (c) => c.notNull())
    .addColumn('evidence', text, (c) => c.notNull())
    .addColumn('correlation_id', text)
    .addColumn('causation_id', text)
    .addColumn('prev_hash', text, (c) => c.notNull())
    .addColumn('hash', text, (c) => c.notNull())
    .addUniqueConstraint('events_stream_version', ['stream_id', 'version'])
    .execute()

  // The head of each stream: what an append needs, so it never re-reads the stream (O(1)).
  await db.schema
    .createTable('streams')
    .addColumn('stream_id', text, (c) => c.primaryKey())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('head_hash', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('idempotency')
    .addColumn('scope', text, (c) => c.notNull())
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('request_hash', text, (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'key'])
    .execute()

  await db.schema
    .createTable('tokens')
    .addColumn('token_id', text, (c) => c.primaryKey())
    .addColumn('secret_hash', text, (c) => c.notNull())
    .addColumn('person_id', text, (c) => c.notNull())
    .addColumn('org_id', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('created_by', text)
    .addColumn('expires_at', text)
    .addColumn('revoked_at', text)
    .addColumn('revoked_by', text)
    .execute()

  // Every refused write: who tried what, when (domain.md §5), readable by inspectors.
  let refusals = db.schema.createTable('refusals')
  refusals = pg
    ? refusals.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : refusals.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  await refusals
    .addColumn('at', text, (c) => c.notNull())
    .addColumn('token_id', text)
    .addColumn('person_id', text)
    .addColumn('org_id', text)
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('method', text, (c) => c.notNull())
    .addColumn('path', text, (c) => c.notNull())
    .addColumn('stream_id', text)
    .addColumn('event_type', text)
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('code', text, (c) => c.notNull())
    .addColumn('detail', text, (c) => c.notNull())
    .execute()

  // Decision read model, kept in the same atomic unit as each append.
  await db.schema
    .createTable('decisions')
    .addColumn('decision_id', text, (c) => c.primaryKey())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('organ_id', text, (c) => c.notNull())
    .addColumn('undertaking_unit_id', text, (c) => c.notNull())
    .addColumn('category', text, (c) => c.notNull())
    .addColumn('rulebook', text, (c) => c.notNull())
    .addColumn('phase', text, (c) => c.notNull())
    .addColumn('outcome', text)
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('non_disclosable', 'integer', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('initiated_at', text, (c) => c.notNull())
    .addColumn('initiated_date', text, (c) => c.notNull())
    .addColumn('last_recorded_at', text, (c) => c.notNull())
    .addColumn('summary', text, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('decisions_organ').on('decisions').columns(['organ_id', 'initiated_date']).execute()
  await db.schema.createIndex('decisions_unit').on('decisions').columns(['undertaking_unit_id']).execute()
  await db.schema.createIndex('decisions_date').on('decisions').columns(['initiated_date', 'decision_id']).execute()

  // Which organizations may see a decision, and why (organ, undertaking, co_undertaking,
  // legality_review, reviewer, executing): lets list queries filter by the reader's organization.
  await db.schema
    .createTable('decision_access')
    .addColumn('decision_id', text, (c) => c.notNull())
    .addColumn('org_id', text, (c) => c.notNull())
    .addColumn('relation', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_access_pk', ['decision_id', 'org_id', 'relation'])
    .execute()
  await db.schema.createIndex('decision_access_org').on('decision_access').columns(['org_id', 'decision_id']).execute()

  // Directory read model (the source of truth is the dir_<jurisdiction> event stream).
  await db.schema
    .createTable('organizations')
    .addColumn('org_id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('parent_id', text)
    .addColumn('registered_at', text, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('people')
    .addColumn('person_id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('registered_at', text, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('positions')
    .addColumn('position_id', text, (c) => c.primaryKey())
    .addColumn('person_id', text, (c) => c.notNull())
    .addColumn('org_id', text, (c) => c.notNull())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('capacity', text, (c) => c.notNull())
    .addColumn('from_date', text, (c) => c.notNull())
    .addColumn('to_date', text)
    .addColumn('end_reason', text)
    .execute()
  await db.schema.createIndex('positions_org').on('positions').columns(['org_id', 'from_date']).execute()
  await db.schema.createIndex('positions_person').on('positions').columns(['person_id', 'from_date']).execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'positions',
    'people',
    'organizations',
    'decision_access',
    'decisions',
    'refusals',
    'tokens',
    'idempotency',
    'streams',
    'events',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
