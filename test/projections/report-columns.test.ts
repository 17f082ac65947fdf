// The organ report reads what it counts from each decision's compliance row (migrations/0006:
// latest_states, open_codes, finding_counts). On SQLite and PostgreSQL, over the demo's 16
// decisions: the report equals the one computed from each decision's compliance report and its
// finding rows (the report's queries before 0006 joined obligation rows, which migration 0010
// dropped), for every period and across page bounds; the migration's backfill of rows written
// before it gives what the projection writes; and the streamed JSON and CSV are the text of the
// whole report.
import { Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backfill } from '../../migrations/0006_compliance_report_columns'
import { migrationProvider } from '../../migrations/index'
import { complianceReport } from '../../src/app/compliance'
import type { AppDeps } from '../../src/app/deps'
import {
  backfillReportItems,
  type OrganFinding,
  type OrganReport,
  openOrganReport,
  organFindings,
  organReport,
  type ReportQuery,
  reportCsv,
  reportCsvChunks,
  reportJson,
} from '../../src/app/reports'
import type { Actor } from '../../src/domain/envelope'
import { OBLIGATION_NAMES } from '../../src/rules'
import { createTestApp, type TestApp } from '../support/app'
import { freshPostgres, type TestPostgres } from '../support/postgres'
import { seededApp } from './support'

const ADMIN: Actor = { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }
const ORGAN = 'org_jz_gov'

/**
 * The report as computed before 0006, which joined decision_obligations (the latest cycle's rows)
 * and decision_findings: the obligation states now come from each decision's report, evaluated
 * afresh (the rows a refreshed projection holds; migration 0010 dropped the obligation rows).
 */
async function oracle(deps: AppDeps, q: ReportQuery): Promise<Omit<OrganReport, 'asOf' | 'organName'>> {
  const db = deps.store.db
  let rowsQ = db
    .selectFrom('decision_compliance as c')
    .innerJoin('decisions as d', 'd.decision_id', 'c.decision_id')
    .select(['c.decision_id', 'd.title', 'c.initiated_date', 'c.status', 'c.rulebook_id', 'c.rulebook_version'])
    .where('c.organ_id', '=', q.organId)
  if (q.from) rowsQ = rowsQ.where('c.initiated_date', '>=', q.from)
  if (q.to) rowsQ = rowsQ.where('c.initiated_date', '<=', q.to)
  const rows = await rowsQ.orderBy('c.initiated_date').orderBy('c.decision_id').execute()
  const ids = rows.map((r) => r.decision_id)
  const inScope = ids.length ? ids : ['']
  const obligationRows: Array<{ obligation: string; state: string }> = []
  for (const id of ids)
    obligationRows.push(...((await complianceReport(deps, ADMIN, id)).cycles.at(-1)?.obligations ?? []))
  const findingRows = await db
    .selectFrom('decision_findings')
    .select(['decision_id', 'code', 'severity', 'status'])
    .where('decision_id', 'in', inScope)
    .execute()
  const statusCounts: Record<string, number> = { compliant: 0, in_progress: 0, noncompliant: 0 }
  for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1
  const count = (obligation: string, state: string) =>
    obligationRows.filter((r) => r.obligation === obligation && r.state === state).length
  const obligations = OBLIGATION_NAMES.map((obligation) => {
    const done = count(obligation, 'done')
    const missing = count(obligation, 'missing')
    return {
      obligation,
      done,
      missing,
      pending: count(obligation, 'pending'),
      not_applicable: count(obligation, 'not_applicable'),
      completionRate: done + missing === 0 ? null : Math.round((done / (done + missing)) * 10_000) / 10_000,
    }
  })
  const byCode = new Map<string, { code: string; severity: string; open: number; resolved: number }>()
  for (const f of findingRows) {
    const key = `${f.code} ${f.severity}`
    const e = byCode.get(key) ?? { code: f.code, severity: f.severity, open: 0, resolved: 0 }
    if (f.status === 'open') e.open++
    else e.resolved++
    byCode.set(key, e)
  }
  const findings = [...byCode.values()].sort((a, b) =>
    a.code === b.code ? a.severity.localeCompare(b.severity) : a.code < b.code ? -1 : 1,
  )
  return {
    organId: q.organId,
    from: q.from ?? null,
    to: q.to ?? null,
    decisionCount: rows.length,
    statusCounts,
    obligations,
    findings,
    decisions: rows.map((r) => ({
      decisionId: r.decision_id,
      title: r.title,
      initiatedDate: r.initiated_date,
      status: r.status,
      rulebook: { id: r.rulebook_id, version: r.rulebook_version === null ? null : Number(r.rulebook_version) },
      openFindings: [
        ...new Set(
          findingRows.filter((f) => f.decision_id === r.decision_id && f.status === 'open').map((f) => f.code),
        ),
      ].sort(),
    })),
  }
}

const without = ({ asOf: _a, organName: _o, ...rest }: OrganReport) => rest

/** Each row's three columns, with the parts of the lists in a stable order. */
async function reportColumns(deps: AppDeps) {
  const rows = await deps.store.db
    .selectFrom('decision_compliance')
    .select(['decision_id', 'latest_states', 'open_codes', 'finding_counts'])
    .orderBy('decision_id')
    .execute()
  const sorted = (text: string) => text.split(' ').filter(Boolean).sort().join(' ')
  return rows.map((r) => ({ ...r, open_codes: sorted(r.open_codes), finding_counts: sorted(r.finding_counts) }))
}

const PERIODS: ReportQuery[] = [
  { organId: ORGAN },
  { organId: ORGAN, from: '2025-01-01' },
  { organId: ORGAN, to: '2025-06-30' },
  { organId: ORGAN, from: '2030-01-01' },
  { organId: 'org_jz_transport' },
]

const backends: Array<[string, () => Promise<TestApp & { done?: () => Promise<void> }>]> = [
  ['SQLite', () => seededApp()],
  [
    'PostgreSQL',
    async () => {
      const pg: TestPostgres = await freshPostgres()
      const t = await createTestApp({ backend: pg.backend })
      const { seedDemoIfEmpty } = await import('../../src/cli/demo')
      await seedDemoIfEmpty(t.backend, t.deps, () => undefined)
      return Object.assign(t, { done: pg.drop })
    },
  ],
]

describe.each(backends)('the organ report from the compliance rows (%s)', (_name, open) => {
  let t: TestApp & { done?: () => Promise<void> }
  beforeAll(async () => {
    t = await open()
  }, 120_000)
  afterAll(async () => {
    await t.close()
    await t.done?.()
  })

  it('equals the report computed from the decisions’ reports and finding rows, for every period and page size', async () => {
    let decisions = 0
    for (const q of PERIODS) {
      const expected = await oracle(t.deps, q)
      decisions += expected.decisionCount
      for (const pageSize of [1, 3, 1000])
        expect(
          without(await organReport(t.deps, ADMIN, { ...q, pageSize })),
          `${JSON.stringify(q)} by ${pageSize}`,
        ).toEqual(expected)
    }
    // The demo's decisions are varied enough for the comparison to mean something.
    const all = await organReport(t.deps, ADMIN, { organId: ORGAN })
    expect(decisions).toBeGreaterThan(all.decisionCount)
    expect(all.findings.some((f) => f.open > 0) && all.findings.some((f) => f.resolved > 0)).toBe(true)
    expect(all.decisions.some((d) => d.openFindings.length > 1)).toBe(true)
    expect(new Set(all.decisions.map((d) => d.status)).size).toBeGreaterThan(1)
  })

  it('counts exactly the decisions it lists, when other offices record between its pages', async () => {
    const q = { organId: ORGAN, pageSize: 3 }
    const before = await organReport(t.deps, ADMIN, q)
    expect(before.decisions.length).toBeGreaterThan(6)
    const { db } = t.deps.store
    // What an append's projection would write meanwhile: a decision of a later page changes its
    // status, findings and obligations, and a decision is initiated (listed last, by its date).
    const changed = before.decisions[before.decisions.length - 2] as OrganReport['decisions'][number]
    const row = await db
      .selectFrom('decision_compliance')
      .selectAll()
      .where('decision_id', '=', changed.decisionId)
      .executeTakeFirstOrThrow()
    const status = changed.status === 'compliant' ? 'noncompliant' : 'compliant'
    const added = { ...row, decision_id: 'dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ', initiated_date: '2099-12-31' }
    const write = async () => {
      await db
        .updateTable('decision_compliance')
        .set({
          status,
          latest_states: 'd'.repeat(OBLIGATION_NAMES.length),
          finding_counts: 'decision-delayed:major:1:0',
          report_item: JSON.stringify({ ...changed, status, openFindings: ['decision-delayed'] }),
        })
        .where('decision_id', '=', changed.decisionId)
        .execute()
      await db
        .insertInto('decision_compliance')
        .values({
          ...added,
          report_item: JSON.stringify({
            ...changed,
            decisionId: added.decision_id,
            initiatedDate: added.initiated_date,
          }),
        })
        .execute()
    }
    try {
      const stream = await openOrganReport(t.deps, ADMIN, q)
      const listed: OrganReport['decisions'] = []
      let pages = 0
      for await (const page of stream.pages()) {
        if (pages++ === 0) await write()
        listed.push(...page)
      }
      const streamed: OrganReport = { ...stream.head, decisions: listed, ...stream.totals() }
      const after = await organReport(t.deps, ADMIN, q)
      expect(streamed.decisions.map((d) => d.decisionId)).toContain(added.decision_id)
      expect(without(streamed)).toEqual(without(after))
      expect(streamed.decisionCount).toBe(before.decisionCount + 1)
      const statuses: Record<string, number> = { compliant: 0, in_progress: 0, noncompliant: 0 }
      for (const d of streamed.decisions) statuses[d.status] = (statuses[d.status] ?? 0) + 1
      expect(streamed.statusCounts).toEqual(statuses)
    } finally {
      await db.deleteFrom('decision_compliance').where('decision_id', '=', added.decision_id).execute()
      await db.updateTable('decision_compliance').set(row).where('decision_id', '=', changed.decisionId).execute()
    }
    expect(without(await organReport(t.deps, ADMIN, q))).toEqual(without(before))
  })

  it('is streamed as exactly the JSON and CSV text of the whole report', async () => {
    for (const q of [...PERIODS.map((p) => ({ ...p, pageSize: 2 })), { organId: ORGAN }]) {
      const whole = await organReport(t.deps, ADMIN, q)
      const join = async (pieces: AsyncIterable<string>) => {
        let text = ''
        for await (const p of pieces) text += p
        return text
      }
      const report = () => openOrganReport(t.deps, ADMIN, q)
      const compact = await join(reportJson(await report()))
      expect(JSON.parse(compact).asOf).toBe(whole.asOf)
      expect(compact).toBe(JSON.stringify(whole))
      expect(await join(reportJson(await report(), 2))).toBe(JSON.stringify(whole, null, 2))
      expect(await join(reportCsvChunks(await report()))).toBe(reportCsv(whole))
    }
  })

  it('fills the columns of rows written before migration 0006 as the projection writes them', async () => {
    const written = await reportColumns(t.deps)
    expect(written.some((r) => r.latest_states === '')).toBe(false)
    expect(written.some((r) => r.finding_counts.includes(' '))).toBe(true)
    // Back to before 0010, with the obligation rows the projection wrote then.
    const migrator = await migratorOf(t)
    expect((await migrator.migrateTo('0009_organ_report_one_pass')).error).toBeUndefined()
    await writeObligationRows(t.deps)
    await t.deps.store.db
      .updateTable('decision_compliance')
      .set({ latest_states: '', open_codes: '', finding_counts: '' })
      .execute()
    await backfill(t.deps.store.db)
    expect(await reportColumns(t.deps)).toEqual(written)
    expect((await migrator.migrateToLatest()).error).toBeUndefined()
  })

  it('migrates a database of version 0005 with decisions, and the report is right straight away', async () => {
    const before = await organReport(t.deps, ADMIN, { organId: ORGAN })
    const written = await reportColumns(t.deps)
    const migrator = await migratorOf(t)
    // A database of version 0005 has the obligation rows 0006 backfills from (0010 drops them).
    expect((await migrator.migrateTo('0009_organ_report_one_pass')).error).toBeUndefined()
    await writeObligationRows(t.deps)
    const down = await migrator.migrateTo('0005_web_sessions')
    expect(down.error).toBeUndefined()
    expect(down.results?.map((r) => [r.migrationName, r.direction])).toEqual([
      ['0009_organ_report_one_pass', 'Down'],
      ['0008_finding_dates', 'Down'],
      ['0007_compliance_report_items', 'Down'],
      ['0006_compliance_report_columns', 'Down'],
    ])
    // The columns of a row as stored (introspection on PostgreSQL lists every schema's tables).
    const row = (await sql<Record<string, unknown>>`select * from decision_compliance limit 1`.execute(t.backend.db))
      .rows[0]
    expect(Object.keys(row ?? {})).toContain('status')
    expect(Object.keys(row ?? {})).not.toContain('latest_states')
    const up = await migrator.migrateToLatest()
    expect(up.error).toBeUndefined()
    expect(up.results?.at(-1)?.migrationName).toBe('0010_drop_decision_obligations')
    expect(await tableNames(t)).not.toContain('decision_obligations')
    expect(await reportColumns(t.deps)).toEqual(written)
    // 0007 stores no report entries (the start-up backfill does): the report renders them.
    expect(await storedItems(t.deps)).toEqual(written.map((r) => ({ decision_id: r.decision_id, report_item: null })))
    expect(without(await organReport(t.deps, ADMIN, { organId: ORGAN }))).toEqual(without(before))
    expect(await backfillReportItems(t.deps)).toBe(written.length)
    expect((await storedItems(t.deps)).every((r) => r.report_item !== null)).toBe(true)
    expect(without(await organReport(t.deps, ADMIN, { organId: ORGAN }))).toEqual(without(before))
  })

  it('lists the findings of the organ with when each became provable, as evaluating every decision does', async () => {
    // The oracle: what the dashboard computed before migration 0008, decision by decision.
    const expected = async (q: ReportQuery) => {
      const out: OrganFinding[] = []
      for (const d of (await organReport(t.deps, ADMIN, q)).decisions) {
        const r = await complianceReport(t.deps, ADMIN, d.decisionId)
        const events = await t.deps.store.readStream(d.decisionId)
        const dates = new Map(events.map((e) => [e.eventId, e.occurredAt]))
        for (const f of r.findings) {
          const when =
            f.eventIds
              .map((id) => dates.get(id) ?? '')
              .sort()
              .pop() ||
            (events[0]?.occurredAt ?? '')
          out.push({ decisionId: d.decisionId, code: f.code, severity: f.severity, status: f.status, provenAt: when })
        }
      }
      return sortFindings(out)
    }
    let findings = 0
    for (const q of PERIODS) {
      const want = await expected(q)
      findings += want.length
      expect(sortFindings(await organFindings(t.deps, ADMIN, q)), JSON.stringify(q)).toEqual(want)
    }
    expect(findings).toBeGreaterThan(10)
    // Rows from before migration 0008 (no date): those decisions are evaluated instead.
    const all = await expected({ organId: ORGAN })
    const some = [...new Set(all.map((f) => f.decisionId))].filter((_, i) => i % 2 === 0)
    await t.deps.store.db
      .updateTable('decision_findings')
      .set({ proven_at: null })
      .where('decision_id', 'in', some)
      .execute()
    expect(sortFindings(await organFindings(t.deps, ADMIN, { organId: ORGAN }))).toEqual(all)
  })

  it('sends the stored entries as they are, renders rows stored without one, and the backfill stores the same', async () => {
    const q = { organId: ORGAN, pageSize: 3 }
    const text = async () => {
      let out = ''
      for await (const piece of reportJson(await openOrganReport(t.deps, ADMIN, q))) out += piece
      return out
    }
    const csv = async () => {
      let out = ''
      for await (const piece of reportCsvChunks(await openOrganReport(t.deps, ADMIN, q))) out += piece
      return out
    }
    const json = await text()
    const sheet = await csv()
    const items = await storedItems(t.deps)
    // Each stored entry is the JSON text of the decision as the report lists it.
    const listed = new Map((JSON.parse(json).decisions as Array<{ decisionId: string }>).map((d) => [d.decisionId, d]))
    for (const r of items)
      if (listed.has(r.decision_id)) expect(r.report_item).toBe(JSON.stringify(listed.get(r.decision_id)))
    // Every other row loses its entry: pages mix stored and rendered entries.
    const cleared = items.filter((_, i) => i % 2 === 0).map((r) => r.decision_id)
    await t.deps.store.db
      .updateTable('decision_compliance')
      .set({ report_item: null })
      .where('decision_id', 'in', cleared)
      .execute()
    expect(await text()).toBe(json)
    expect(await csv()).toBe(sheet)
    expect(await backfillReportItems(t.deps)).toBe(cleared.length)
    expect(await storedItems(t.deps)).toEqual(items)
    expect(await backfillReportItems(t.deps)).toBe(0)
  })
})

const storedItems = (deps: AppDeps) =>
  deps.store.db
    .selectFrom('decision_compliance')
    .select(['decision_id', 'report_item'])
    .orderBy('decision_id')
    .execute()

/**
 * What the projection wrote into decision_obligations before migration 0010 (the table as 0002
 * made it, outside the schema type now): each decision's obligation states and due dates, every
 * cycle, from its report evaluated afresh.
 */
async function writeObligationRows(deps: AppDeps): Promise<void> {
  const ids = (await deps.store.db.selectFrom('decisions').select('decision_id').execute()).map((r) => r.decision_id)
  for (const id of ids)
    for (const c of (await complianceReport(deps, ADMIN, id)).cycles)
      for (const o of c.obligations)
        await sql`insert into decision_obligations (decision_id, cycle, obligation, state, due_by)
          values (${id}, ${c.cycle}, ${o.obligation}, ${o.state}, ${o.dueBy ?? null})`.execute(deps.store.db)
}

/** The tables of the database (of the current schema on PostgreSQL). */
async function tableNames(t: TestApp): Promise<string[]> {
  const postgres = t.backend.dialect === 'postgres'
  const q = postgres
    ? sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = current_schema()`
    : sql<{ name: string }>`select name from sqlite_master where type = 'table'`
  return (await q.execute(t.backend.db)).rows.map((r) => r.name)
}

async function migratorOf(t: TestApp): Promise<Migrator> {
  let migrationTableSchema: string | undefined
  if (t.backend.dialect === 'postgres') {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.backend.db)
    migrationTableSchema = r.rows[0]?.schema
  }
  return new Migrator({
    db: t.backend.db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
}

describe('the organ report’s entries beyond one statement’s parameters (SQLite, D1’s limit enforced)', () => {
  it('renders and backfills more rows without an entry than one statement may bind', async () => {
    const t = await seededApp()
    try {
      const { db } = t.deps.store
      // Copies of the organ's decisions under new ids, stored without their entries: 16 × 12.
      for (let n = 1; n <= 12; n++)
        for (const statement of [
          'CREATE TEMP TABLE d_copy AS SELECT * FROM decisions',
          `UPDATE d_copy SET decision_id = decision_id || '_${n}'`,
          'INSERT INTO decisions SELECT * FROM d_copy',
          'DROP TABLE d_copy',
          'CREATE TEMP TABLE c_copy AS SELECT * FROM decision_compliance',
          `UPDATE c_copy SET decision_id = decision_id || '_${n}', report_item = NULL`,
          'INSERT INTO decision_compliance SELECT * FROM c_copy',
          'DROP TABLE c_copy',
        ])
          await sql.raw(statement).execute(db)
      const missing = (await storedItems(t.deps)).filter((r) => r.report_item === null)
      expect(missing.length).toBeGreaterThan(150)
      const text = async () => {
        let out = ''
        for await (const piece of reportJson(await openOrganReport(t.deps, ADMIN, { organId: ORGAN }))) out += piece
        return out
      }
      const rendered = await text()
      expect(JSON.parse(rendered).decisions.length).toBeGreaterThan(150)
      expect(await backfillReportItems(t.deps)).toBe(missing.length)
      expect(await text()).toBe(rendered)
      const copy = (await storedItems(t.deps)).find((r) => r.decision_id.endsWith('_12'))
      expect(JSON.parse(copy?.report_item ?? '{}').decisionId).toBe(copy?.decision_id)
    } finally {
      await t.close()
    }
  })
})

const sortFindings = (list: OrganFinding[]) =>
  [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
