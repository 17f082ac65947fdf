// The organ report over an organ's 100,000 decisions read from indexes alone (docs/performance.md,
// case 4):
//   - report_item: each decision's entry in the report as JSON text, written with the row by the
//     projection. Null on the rows already there: the report renders those from their columns
//     and the decision's title, and `backfillReportItems` (src/app/reports.ts), run at start-up
//     by `serve` and `report`, fills them in. No SQL backfill here: JSON text made by the
//     database would not be byte-for-byte JSON.stringify's;
//   - on SQLite and D1, the index by organ also carries report_item, so the report's pages are one
//     ordered index scan without a table lookup per decision; and a second covering index serves
//     the counts (status, latest states, findings). On PostgreSQL an index entry is limited to a
//     third of a page (about 2,700 bytes) and a long title or many findings could pass that and
//     fail an append, so PostgreSQL keeps the narrow index and reads the table.
// Dialect-neutral; never imports application code.
import { type AnyDb, isPostgres, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('decision_compliance').addColumn('report_item', textType(db)).execute()
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

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) {
    await db.schema.dropIndex('decision_compliance_counts').execute()
    await db.schema.dropIndex('decision_compliance_organ').execute()
    await db.schema
      .createIndex('decision_compliance_organ')
      .on('decision_compliance')
      .columns(['organ_id', 'initiated_date', 'decision_id'])
      .execute()
  }
  await db.schema.alterTable('decision_compliance').dropColumn('report_item').execute()
}
