// The organ compliance report (api.md GET /v1/reports/compliance; issue 3 item 5): per organ and
// period of initiation, status counts, per-obligation completion over each decision's latest
// cycle, findings by code and the decisions. Reads the compliance projection, never the streams
// (except to re-evaluate the few rows a passing deadline may have changed).
import type { Actor } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { OBLIGATION_NAMES } from '../rules'
import { refreshStale } from './compliance-projection'
import type { AppDeps } from './deps'
import { getOrganization, subtree } from './directory'

export interface ReportQuery {
  organId: string
  /** Initiation dates, inclusive (YYYY-MM-DD in the jurisdiction). */
  from?: string | undefined
  to?: string | undefined
}

export interface ObligationRate {
  obligation: string
  done: number
  missing: number
  pending: number
  not_applicable: number
  /** done / (done + missing), rounded to 4 places; null when neither occurred. */
  completionRate: number | null
}

export interface FindingCount {
  code: string
  severity: string
  open: number
  resolved: number
}

export interface ReportDecision {
  decisionId: string
  title: string
  initiatedDate: string
  status: string
  rulebook: { id: string; version: number | null }
  openFindings: string[]
}

export interface OrganReport {
  organId: string
  organName: string
  from: string | null
  to: string | null
  /** The report is as of this instant (statuses whose deadline passed were re-evaluated). */
  asOf: string
  decisionCount: number
  statusCounts: Record<string, number>
  obligations: ObligationRate[]
  findings: FindingCount[]
  decisions: ReportDecision[]
}

function forbidden(reason: string): never {
  throw new DomainError('forbidden', `Missing permission: read the compliance report. ${reason}`, undefined, {
    permission: 'read the compliance report',
  })
}

/** admin: any organ; inspector: organs in its jurisdiction (its subtree); organ_office: its own. */
async function authorize(deps: AppDeps, actor: Actor, organId: string): Promise<void> {
  if (actor.role === 'admin') return
  if (actor.role === 'organ_office') {
    if (actor.orgId !== organId) forbidden(`An organ's office reads its own organ's report (${actor.orgId}).`)
    return
  }
  if (actor.role === 'inspector') {
    if (!(await subtree(deps, actor.orgId)).includes(organId))
      forbidden(`${organId} is outside the jurisdiction of ${actor.orgId}.`)
    return
  }
  forbidden(`The ${actor.role} role does not read organ reports.`)
}

const rate = (done: number, missing: number) =>
  done + missing === 0 ? null : Math.round((done / (done + missing)) * 10_000) / 10_000

export async function organReport(
  deps: AppDeps,
  actor: Actor,
  query: ReportQuery,
  progress?: (done: number, total: number) => void,
): Promise<OrganReport> {
  const { organId } = query
  await authorize(deps, actor, organId)
  const organ = await getOrganization(deps, organId)
  if (!organ) throw new DomainError('not-found', `No organization ${organId}.`)
  if (query.from && query.to && query.from > query.to)
    throw new DomainError('invalid-query', '`from` is after `to`.', [{ path: ['from'], message: 'after `to`' }])
  const scope = { organIds: [organId], from: query.from, to: query.to }
  await refreshStale(deps, scope, progress)
  const asOf = deps.clock().toISOString()
  const db = deps.store.db

  let rowsQ = db
    .selectFrom('decision_compliance as c')
    .innerJoin('decisions as d', 'd.decision_id', 'c.decision_id')
    .select([
      'c.decision_id',
      'd.title',
      'c.initiated_date',
      'c.status',
      'c.rulebook_id',
      'c.rulebook_version',
      'c.latest_cycle',
    ])
    .where('c.organ_id', '=', organId)
  if (query.from) rowsQ = rowsQ.where('c.initiated_date', '>=', query.from)
  if (query.to) rowsQ = rowsQ.where('c.initiated_date', '<=', query.to)
  const rows = await rowsQ.orderBy('c.initiated_date').orderBy('c.decision_id').execute()
  // The same scope as a subquery, not a list of ids: an organ may have 100,000 decisions, and D1
  // binds at most 100 parameters per statement.
  let scopeQ = db.selectFrom('decision_compliance as s').select('s.decision_id').where('s.organ_id', '=', organId)
  if (query.from) scopeQ = scopeQ.where('s.initiated_date', '>=', query.from)
  if (query.to) scopeQ = scopeQ.where('s.initiated_date', '<=', query.to)
  const inScope = scopeQ

  const obligationRows = await db
    .selectFrom('decision_obligations as o')
    .innerJoin('decision_compliance as c', (j) =>
      j.onRef('c.decision_id', '=', 'o.decision_id').onRef('c.latest_cycle', '=', 'o.cycle'),
    )
    .select(['o.obligation', 'o.state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.decision_id', 'in', inScope)
    .groupBy(['o.obligation', 'o.state'])
    .execute()
  // Findings are counted by the database and only the open codes per decision come back: an
  // organ's hundreds of thousands of finding rows never sit in memory at once.
  const findingCounts = await db
    .selectFrom('decision_findings')
    .select(['code', 'severity', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('decision_id', 'in', inScope)
    .groupBy(['code', 'severity', 'status'])
    .execute()
  const openRows = await db
    .selectFrom('decision_findings')
    .select(['decision_id', 'code'])
    .distinct()
    .where('status', '=', 'open')
    .where('decision_id', 'in', inScope)
    .execute()

  const statusCounts: Record<string, number> = { compliant: 0, in_progress: 0, noncompliant: 0 }
  for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1

  const count = (obligation: string, state: string) =>
    Number(obligationRows.find((r) => r.obligation === obligation && r.state === state)?.n ?? 0)
  const obligations: ObligationRate[] = OBLIGATION_NAMES.map((obligation) => {
    const done = count(obligation, 'done')
    const missing = count(obligation, 'missing')
    return {
      obligation,
      done,
      missing,
      pending: count(obligation, 'pending'),
      not_applicable: count(obligation, 'not_applicable'),
      completionRate: rate(done, missing),
    }
  })

  const byCode = new Map<string, FindingCount>()
  for (const f of findingCounts) {
    const key = `${f.code}\u0000${f.severity}`
    const entry = byCode.get(key) ?? { code: f.code, severity: f.severity, open: 0, resolved: 0 }
    if (f.status === 'open') entry.open += Number(f.n)
    else entry.resolved += Number(f.n)
    byCode.set(key, entry)
  }
  const openCodes = new Map<string, string[]>()
  for (const f of openRows) {
    const codes = openCodes.get(f.decision_id)
    if (codes) codes.push(f.code)
    else openCodes.set(f.decision_id, [f.code])
  }
  const findings = [...byCode.values()].sort((a, b) =>
    a.code === b.code ? a.severity.localeCompare(b.severity) : a.code < b.code ? -1 : 1,
  )

  return {
    organId,
    organName: organ.name,
    from: query.from ?? null,
    to: query.to ?? null,
    asOf,
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
      openFindings: (openCodes.get(r.decision_id) ?? []).sort(),
    })),
  }
}

/** A cell as RFC 4180 wants it; text a spreadsheet would run as a formula is prefixed with '. */
function cell(value: unknown): string {
  const text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(' ') : String(value)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * CSV for spreadsheet programs: CRLF rows and a BOM so they read the Chinese text as UTF-8. A list
 * is one cell, its items separated by spaces; undefined and null are empty cells.
 */
export function csvText(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}

const CSV_COLUMNS = ['decisionId', 'title', 'initiatedDate', 'status', 'rulebook', 'openFindings']

/** One row per decision with its status and open finding codes, plus a header. */
export function reportCsv(report: OrganReport): string {
  return csvText([
    CSV_COLUMNS,
    ...report.decisions.map((d) => [
      d.decisionId,
      d.title,
      d.initiatedDate,
      d.status,
      d.rulebook.version === null ? d.rulebook.id : `${d.rulebook.id} v${d.rulebook.version}`,
      d.openFindings,
    ]),
  ])
}
