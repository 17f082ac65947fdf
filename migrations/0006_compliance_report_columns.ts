// What the organ report needs of each decision, on its compliance row (docs/architecture.md, "the
// compliance read model"), so the report over an organ's 100,000 decisions is one indexed pass
// over decision_compliance instead of a join over millions of obligation and finding rows:
//   - latest_states: the latest cycle's obligation states, one letter per obligation in the order
//     of rules.md §3 (d done, m missing, p pending, n not applicable, - absent); '' without a cycle;
//   - open_codes: the distinct codes of the decision's open findings, separated by spaces;
//   - finding_counts: per code and severity, `code:severity:open:resolved`, separated by spaces.
// Existing rows are backfilled here from decision_obligations and decision_findings, in one
// statement per column on every backend (no rows are read into the process; D1 runs it as is).
// The index by organ gains decision_id, the report's order, so it is read page by page.
// Dialect-neutral; never imports application code: the obligation names are copied (they are
// rules.md's, verbatim, and changing them would need a migration of its own).
import { sql } from 'kysely'
import { type AnyDb, isPostgres, textType } from './dialect'

const OBLIGATIONS = [
  'public_participation',
  'public_opinions_processed',
  'special_group_consultation',
  'hearing',
  'expert_argumentation',
  'risk_assessment',
  'fair_competition_review',
  'inter_unit_consultation',
  'legality_review',
  'submission',
  'collective_discussion',
  'party_report',
  'peoples_congress_report',
  'publication',
  'archiving',
  'executing_unit',
  'post_evaluation',
] as const

const LETTER = `CASE o.state WHEN 'done' THEN 'd' WHEN 'missing' THEN 'm' WHEN 'pending' THEN 'p' WHEN 'not_applicable' THEN 'n' ELSE '-' END`

export async function up(db: AnyDb): Promise<void> {
  const text = textType(db)
  for (const column of ['latest_states', 'open_codes', 'finding_counts'])
    await db.schema
      .alterTable('decision_compliance')
      .addColumn(column, text, (c) => c.notNull().defaultTo(''))
      .execute()
  await backfill(db)
  await db.schema.dropIndex('decision_compliance_organ').execute()
  await db.schema
    .createIndex('decision_compliance_organ')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date', 'decision_id'])
    .execute()
}

/** Fills the three columns of every row from its obligation and finding rows (exported for tests). */
export async function backfill(db: AnyDb): Promise<void> {
  const pg = isPostgres(db)
  // string_agg / group_concat: the order of the parts does not matter to the report (it sorts
  // the codes and sums the counts), so the backfill does not depend on an ordered aggregate.
  const concat = (expr: string) => (pg ? `string_agg(${expr}, ' ')` : `group_concat(${expr}, ' ')`)
  const states = OBLIGATIONS.map((n) => `coalesce(max(CASE WHEN o.obligation = '${n}' THEN ${LETTER} END), '-')`)
  await sql
    .raw(`UPDATE decision_compliance SET latest_states = coalesce((
      SELECT CASE WHEN count(*) = 0 THEN '' ELSE ${states.join(' || ')} END
      FROM decision_obligations o
      WHERE o.decision_id = decision_compliance.decision_id AND o.cycle = decision_compliance.latest_cycle), '')`)
    .execute(db)
  await sql
    .raw(`UPDATE decision_compliance SET open_codes = coalesce((
      SELECT ${concat('d.code')} FROM (
        SELECT DISTINCT f.code AS code FROM decision_findings f
        WHERE f.decision_id = decision_compliance.decision_id AND f.status = 'open') d), '')`)
    .execute(db)
  const open = `sum(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END)`
  const resolved = `sum(CASE WHEN f.status = 'open' THEN 0 ELSE 1 END)`
  const entry = pg
    ? `f.code || ':' || f.severity || ':' || ${open}::text || ':' || ${resolved}::text`
    : `f.code || ':' || f.severity || ':' || ${open} || ':' || ${resolved}`
  await sql
    .raw(`UPDATE decision_compliance SET finding_counts = coalesce((
      SELECT ${concat('g.entry')} FROM (
        SELECT ${entry} AS entry FROM decision_findings f
        WHERE f.decision_id = decision_compliance.decision_id GROUP BY f.code, f.severity) g), '')`)
    .execute(db)
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('decision_compliance_organ').execute()
  await db.schema
    .createIndex('decision_compliance_organ')
    .on('decision_compliance')
    .columns(['organ_id', 'initiated_date'])
    .execute()
  for (const column of ['finding_counts', 'open_codes', 'latest_states'])
    await db.schema.alterTable('decision_compliance').dropColumn(column).execute()
}
