// When each finding became provable, on its projection row, so the inspector dashboard's findings
// over time come from the read model instead of evaluating every decision of the organ afresh:
//   - proven_at: the occurredAt (as recorded) of the latest event the finding rests on, or of the
//     decision's first event when it rests on none of its stream's events.
// Null on the rows already there (the dashboard evaluates those decisions itself until the
// decision's next event, deadline refresh or `rebuild-projections` writes it). Dialect-neutral;
// never imports application code.
import { type AnyDb, textType } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('decision_findings').addColumn('proven_at', textType(db)).execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('decision_findings').dropColumn('proven_at').execute()
}
