// Drops `decision_obligations` (migration 0002), one row per decision, cycle and obligation with
// its state and due date, which nothing has read since migration 0006 gave `decision_compliance`
// the latest cycle's states (`latest_states`) that the organ report counts: a decision's
// obligations are read from its compliance report, evaluated afresh. The table was still written
// by every append (a few dozen upserted rows and their two indexes) and every rebuild (1.7 million
// rows in the benchmark's data set, an eighth of its file). Dialect-neutral; never imports
// application code.
import { createObligations } from './0002_compliance_projection'
import type { AnyDb } from './dialect'

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('decision_obligations_obligation').ifExists().execute()
  await db.schema.dropTable('decision_obligations').ifExists().execute()
}

/** The table and its index as 0002 made them, empty: `rebuild-projections` fills them again. */
export async function down(db: AnyDb): Promise<void> {
  await createObligations(db)
}
