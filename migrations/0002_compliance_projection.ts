// The compliance read model behind the organ report and the decision list's status filter
// (issue 3 item 5): one row per decision with its status and how long that status holds by time
// alone, its obligations per cycle (dropped by 0010) and its findings. Written in the same atomic
// unit as each append; rebuildable from the events. Dialect-neutral; never imports application
// code.
import { type AnyDb, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  const text = textType(db)
  await db.schema
    .createTable('decision_compliance')
    .addColumn('decision_id', text, (c) => c.primaryKey())
    .addColumn('organ_id', text, (c) => c.notNull())
    .addColumn('initiated_date', text, (c) => c.notNull())
    // compliant | in_progress | noncompliant, or unevaluated when the rulebook cannot be resolved.
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('rulebook_id', text, (c) => c.notNull())
    .addColumn('rulebook_version', 'integer')
    .addColumn('latest_cycle', 'integer', (c) => c.notNull())
    // The stream version evaluated: a refresh outside an append writes only if it still holds.
    .addColumn('stream_version', 'integer', (c) => c.notNull())
    .addColumn('evaluated_at', text, (c) => c.notNull())
    // The earliest instant at which the status may change by time alone (a deadline passing);
    // null when nothing is pending on the clock.
    .addColumn('valid_until', text)
    .execute()
  await db.schema
    .createIndex('decision_compliance_organ')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date'])
    .execute()
  await db.schema
    .createIndex('decision_compliance_status')
    .on('decision_compliance')
    .columns(['status', 'decision_id'])
    .execute()
  await db.schema
    .createIndex('decision_compliance_valid_until')
    .on('decision_compliance')
    .columns(['valid_until'])
    .execute()

  await createObligations(db)

  await db.schema
    .createTable('decision_findings')
    .addColumn('decision_id', text, (c) => c.notNull())
    .addColumn('finding_id', text, (c) => c.notNull())
    .addColumn('code', text, (c) => c.notNull())
    .addColumn('severity', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_findings_pk', ['decision_id', 'finding_id'])
    .execute()
  await db.schema.createIndex('decision_findings_code').on('decision_findings').columns(['code', 'status']).execute()
}

/** The obligation rows and their index (dropped by 0010, whose `down` makes them again). */
export async function createObligations(db: AnyDb): Promise<void> {
  const text = textType(db)
  await db.schema
    .createTable('decision_obligations')
    .addColumn('decision_id', text, (c) => c.notNull())
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('obligation', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('due_by', text)
    .addPrimaryKeyConstraint('decision_obligations_pk', ['decision_id', 'cycle', 'obligation'])
    .execute()
  await db.schema
    .createIndex('decision_obligations_obligation')
    .on('decision_obligations')
    .columns(['obligation', 'state'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['decision_findings', 'decision_obligations', 'decision_compliance'])
    await db.schema.dropTable(t).ifExists().execute()
}
