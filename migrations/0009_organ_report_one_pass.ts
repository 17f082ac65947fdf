// The organ report in one pass (docs/architecture.md, "the compliance read model"): its counts
// are now taken from the very rows it lists, as it lists them, so that under concurrent writes the
// counts and the list always agree (they were a GROUP BY before the list, which a decision
// initiated or recorded in between could make disagree). On SQLite and D1 the index by organ
// therefore carries what the counts read (status, latest states, findings) besides each
// decision's report entry, and the separate counts index of 0007 goes: one index to keep per
// append instead of two, and the report one ordered index scan. PostgreSQL keeps its narrow index
// (0007 says why) and reads the table, as before.
// Dialect-neutral; never imports application code.
import { type AnyDb, isPostgres } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) return
  await db.schema.dropIndex('decision_compliance_counts').execute()
  await db.schema.dropIndex('decision_compliance_organ').execute()
  await db.schema
    .createIndex('decision_compliance_organ')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date', 'decision_id', 'status', 'latest_states', 'finding_counts', 'report_item'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) return
  await db.schema.dropIndex('decision_compliance_organ').execute()
  await db.schema
    .createIndex('decision_compliance_organ')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date', 'decision_id', 'report_item'])
    .execute()
  await db.schema
    .createIndex('decision_compliance_counts')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date', 'status', 'latest_states', 'finding_counts'])
    .execute()
}
