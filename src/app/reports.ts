// The organ compliance report (api.md GET /v1/reports/compliance; issue 3 item 5): per organ and
// period of initiation, the decisions, status counts, per-obligation completion over each
// decision's latest cycle and findings by code. Reads the compliance projection, never the streams
// (except to re-evaluate the few rows a passing deadline may have changed). The decisions are read
// and sent page by page, and counted as they are read (from the columns migration 0006 added to
// decision_compliance), so the counts are always those of the decisions listed.
import type { Actor } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { provenAt, type ReportDecision, reportItem } from '../projections/compliance'
import { OBLIGATION_NAMES } from '../rules'
import { rowChunks } from '../store/backend'
import { evaluateStream } from './compliance'
import { refreshStale } from './compliance-projection'
import type { AppDeps } from './deps'
import { getOrganization, subtree } from './directory'

export type { ReportDecision }

export interface ReportQuery {
  organId: string
  /** Initiation dates, inclusive (YYYY-MM-DD in the jurisdiction). */
  from?: string | undefined
  to?: string | undefined
  /** Decisions per query (default REPORT_PAGE_SIZE); smaller in tests, to cross page bounds. */
  pageSize?: number | undefined
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

/** What is known of a report before any decision is read. */
export interface ReportHead {
  organId: string
  organName: string
  from: string | null
  to: string | null
  /** The report is as of this instant (statuses whose deadline passed were re-evaluated). */
  asOf: string
}

/** The counts of a report: over exactly the decisions it lists. */
export interface ReportTotals {
  decisionCount: number
  statusCounts: Record<string, number>
  obligations: ObligationRate[]
  findings: FindingCount[]
}

/** The whole report; its JSON lists the decisions before the counts, which are theirs. */
export type OrganReport = ReportHead & { decisions: ReportDecision[] } & ReportTotals

function forbidden(reason: string): never {
  throw new DomainError('forbidden', `Missing permission: read the compliance report. ${reason}`, undefined, {
    permission: 'read the compliance report',
  })
}

/** admin: any organ; inspector: organs in its jurisdiction (a subtree); organ_office: its own. */
async function authorize(deps: AppDeps, actor: Actor, organId: string): Promise<void> {
  if (actor.role === 'admin') return
  if (actor.role === 'organ_office') {
    if (actor.orgId !== organId) forbidden(`An organ's office reads its own organ's report (${actor.orgId}).`)
    return
  }
  if (actor.role === 'inspector') {
    const root = actor.jurisdictionId ?? actor.orgId
    if (!(await subtree(deps, root)).includes(organId)) forbidden(`${organId} is outside the jurisdiction of ${root}.`)
    return
  }
  forbidden(`The ${actor.role} role does not read organ reports.`)
}

const rate = (done: number, missing: number) =>
  done + missing === 0 ? null : Math.round((done / (done + missing)) * 10_000) / 10_000

/** Decisions per query: fewer live objects at a time while the answer is sent (measured: case 6). */
export const REPORT_PAGE_SIZE = 250

/**
 * An organ report ready to be sent: its head (checked and refreshed), and the decisions read page
 * by page in the report's order when `pages()` is iterated, so an organ's 100,000 decisions never
 * sit in memory at once, each counted as it is read: once the pages have been read to the end,
 * `totals()` gives the counts of exactly the decisions listed, however other offices kept
 * recording meanwhile (a decision is listed, and counted, as its page read it). Every error of the
 * request (permission, unknown organ, bad dates) is thrown before this resolves.
 */
export interface ReportStream {
  head: ReportHead
  pages(): AsyncGenerator<ReportDecision[], void, undefined>
  /** The same pages as the JSON text of each decision (`JSON.stringify` of the entry). */
  itemPages(): AsyncGenerator<string[], void, undefined>
  /** The counts of the decisions the last full iteration of the pages listed. */
  totals(): ReportTotals
}

/** The letters of `decision_compliance.latest_states` (migrations/0006), one per obligation. */
const STATE_OF_LETTER: Record<string, keyof Omit<ObligationRate, 'obligation' | 'completionRate'>> = {
  d: 'done',
  m: 'missing',
  p: 'pending',
  n: 'not_applicable',
}

export async function openOrganReport(
  deps: AppDeps,
  actor: Actor,
  query: ReportQuery,
  progress?: (done: number, total: number) => void,
): Promise<ReportStream> {
  const { organId } = query
  // Unknown is 404 for every reader (api.md §2): the directory is no secret to any signed-in role.
  const organ = await getOrganization(deps, organId)
  if (!organ) throw new DomainError('not-found', `No organization ${organId}.`)
  await authorize(deps, actor, organId)
  if (query.from && query.to && query.from > query.to)
    throw new DomainError('invalid-query', '`from` is after `to`.', [{ path: ['from'], message: 'after `to`' }])
  const scope = { organIds: [organId], from: query.from, to: query.to }
  await refreshStale(deps, scope, progress)
  const asOf = deps.clock().toISOString()
  const db = deps.store.db
  const head: ReportHead = { organId, organName: organ.name, from: query.from ?? null, to: query.to ?? null, asOf }

  // The decisions in the report's order, a page at a time, each page found from the previous
  // one's last key through the index by organ (on SQLite and D1 it carries every column read
  // here: an index scan alone, migrations/0009). Each decision is its stored JSON entry; rows
  // written before the entries existed are rendered from their columns and the decision's title.
  // Each listed decision is counted as it is read.
  const pageSize = Math.max(1, query.pageSize ?? REPORT_PAGE_SIZE)
  let tally = new Tally()
  async function* itemPages(): AsyncGenerator<string[], void, undefined> {
    tally = new Tally()
    let after: { date: string; id: string } | undefined
    for (;;) {
      let q = db
        .selectFrom('decision_compliance')
        .select(['decision_id', 'initiated_date', 'status', 'latest_states', 'finding_counts', 'report_item'])
        .where('organ_id', '=', organId)
      if (query.from) q = q.where('initiated_date', '>=', query.from)
      if (query.to) q = q.where('initiated_date', '<=', query.to)
      if (after) {
        const { date, id } = after
        q = q.where((eb) => eb(eb.refTuple('initiated_date', 'decision_id'), '>', eb.tuple(date, id)))
      }
      const rows = await q.orderBy('initiated_date').orderBy('decision_id').limit(pageSize).execute()
      if (rows.length === 0) return
      const missing = rows.filter((r) => r.report_item === null).map((r) => r.decision_id)
      const rendered = missing.length ? await renderItems(deps, missing) : new Map<string, string>()
      const items: string[] = []
      for (const r of rows) {
        // (A row without its decision, which the projection never writes, is left out as before.)
        const item = r.report_item ?? rendered.get(r.decision_id)
        if (item === undefined) continue
        items.push(item)
        tally.add(r)
      }
      yield items
      if (rows.length < pageSize) return
      const last = rows[rows.length - 1] as (typeof rows)[number]
      after = { date: last.initiated_date, id: last.decision_id }
    }
  }
  async function* pages(): AsyncGenerator<ReportDecision[], void, undefined> {
    for await (const items of itemPages()) yield items.map((text) => JSON.parse(text) as ReportDecision)
  }

  return { head, pages, itemPages, totals: () => tally.totals() }
}

/**
 * The counts of a report, kept as its decisions are read: per row only the status is counted at
 * once; the obligation states and findings are counted per distinct text and read once each at
 * the end (most decisions share them with others).
 */
class Tally {
  private decisionCount = 0
  private readonly statusCounts: Record<string, number> = { compliant: 0, in_progress: 0, noncompliant: 0 }
  private readonly states = new Map<string, number>()
  private readonly findingTexts = new Map<string, number>()

  add(row: { status: string; latest_states: string; finding_counts: string }): void {
    this.decisionCount++
    this.statusCounts[row.status] = (this.statusCounts[row.status] ?? 0) + 1
    this.states.set(row.latest_states, (this.states.get(row.latest_states) ?? 0) + 1)
    if (row.finding_counts !== '')
      this.findingTexts.set(row.finding_counts, (this.findingTexts.get(row.finding_counts) ?? 0) + 1)
  }

  totals(): ReportTotals {
    const obligations: ObligationRate[] = OBLIGATION_NAMES.map((obligation) => ({
      obligation,
      done: 0,
      missing: 0,
      pending: 0,
      not_applicable: 0,
      completionRate: null,
    }))
    for (const [letters, n] of this.states) {
      for (let i = 0; i < letters.length && i < obligations.length; i++) {
        const state = STATE_OF_LETTER[letters[i] as string]
        if (state) (obligations[i] as ObligationRate)[state] += n
      }
    }
    for (const o of obligations) o.completionRate = rate(o.done, o.missing)
    const byCode = new Map<string, FindingCount>()
    for (const [text, n] of this.findingTexts) {
      // `code:severity:open:resolved`; codes are kebab-case and severities single words.
      for (const entry of text.split(' ')) {
        const [code = '', severity = '', open = '0', resolved = '0'] = entry.split(':')
        const key = `${code}\u0000${severity}`
        const count = byCode.get(key) ?? { code, severity, open: 0, resolved: 0 }
        count.open += Number(open) * n
        count.resolved += Number(resolved) * n
        byCode.set(key, count)
      }
    }
    const findings = [...byCode.values()].sort((a, b) =>
      a.code === b.code ? a.severity.localeCompare(b.severity) : a.code < b.code ? -1 : 1,
    )
    return { decisionCount: this.decisionCount, statusCounts: { ...this.statusCounts }, obligations, findings }
  }
}

/** The report entries of rows that have none stored yet (written before migrations/0007). */
async function renderItems(deps: AppDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const items = new Map<string, string>()
  // One bound parameter per id: a page of 250 is read in parts that D1 takes (≤ 100 each).
  for (const part of rowChunks(ids, 1)) for (const [id, item] of await renderPart(deps, part)) items.set(id, item)
  return items
}

async function renderPart(deps: AppDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await deps.store.db
    .selectFrom('decision_compliance as c')
    .innerJoin('decisions as d', 'd.decision_id', 'c.decision_id')
    .select([
      'c.decision_id',
      'd.title',
      'c.initiated_date',
      'c.status',
      'c.rulebook_id',
      'c.rulebook_version',
      'c.open_codes',
    ])
    .where('c.decision_id', 'in', [...ids])
    .execute()
  return new Map(rows.map((r) => [r.decision_id, reportItem(r, r.title)]))
}

/**
 * Stores the report entry of every row that has none (written before migrations/0007), from its
 * columns and the decision's title, a batch at a time; a row the projection has rewritten
 * meanwhile has its own entry and is left alone. Run at start-up; returns how many it filled.
 */
export async function backfillReportItems(
  deps: AppDeps,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  const { db } = deps.store
  const missing = await db
    .selectFrom('decision_compliance')
    .select('decision_id')
    .where('report_item', 'is', null)
    .orderBy('decision_id')
    .execute()
  let done = 0
  for (let from = 0; from < missing.length; from += 500) {
    const items = await renderItems(
      deps,
      missing.slice(from, from + 500).map((r) => r.decision_id),
    )
    await deps.store.backend.atomic(
      [...items].map(([id, item]) =>
        db
          .updateTable('decision_compliance')
          .set({ report_item: item })
          .where('decision_id', '=', id)
          .where('report_item', 'is', null)
          .compile(),
      ),
    )
    done = Math.min(missing.length, from + 500)
    progress?.(done, missing.length)
  }
  return missing.length
}

/** A finding of a decision in an organ report's scope, with when it became provable. */
export interface OrganFinding {
  decisionId: string
  code: string
  severity: string
  status: string
  /** occurredAt (as recorded) of the latest event it rests on, else of the decision's first event. */
  provenAt: string
}

/**
 * Every finding of the organ's decisions initiated in the period (the dashboard's findings over
 * time and worst decisions), from the compliance projection: one indexed read instead of
 * evaluating each decision. Call it after the report (whose refresh brings the rows to now).
 * Decisions whose rows predate migration 0008 (no `proven_at`) are evaluated here instead.
 */
export async function organFindings(
  deps: AppDeps,
  actor: Actor,
  query: Omit<ReportQuery, 'pageSize'>,
): Promise<OrganFinding[]> {
  await authorize(deps, actor, query.organId)
  let q = deps.store.db
    .selectFrom('decision_findings as f')
    .innerJoin('decision_compliance as c', 'c.decision_id', 'f.decision_id')
    .select(['f.decision_id', 'f.finding_id', 'f.code', 'f.severity', 'f.status', 'f.proven_at'])
    .where('c.organ_id', '=', query.organId)
  if (query.from) q = q.where('c.initiated_date', '>=', query.from)
  if (query.to) q = q.where('c.initiated_date', '<=', query.to)
  const rows = await q.orderBy('f.decision_id').orderBy('f.finding_id').execute()
  const undated = new Set(rows.filter((r) => r.proven_at === null).map((r) => r.decision_id))
  const out: OrganFinding[] = rows.flatMap((r) =>
    r.proven_at === null
      ? []
      : [{ decisionId: r.decision_id, code: r.code, severity: r.severity, status: r.status, provenAt: r.proven_at }],
  )
  if (undated.size === 0) return out
  // In the organ's scope, so already authorized: each is read once and evaluated as of now.
  const now = deps.clock().toISOString()
  const directory = await deps.directory.get(deps)
  for (const id of undated) {
    const events = await deps.store.readStream(id)
    const report = evaluateStream(deps, id, events, directory, now, now)
    const occurred = new Map(events.map((e) => [e.eventId, e.occurredAt]))
    const seen = new Set<string>()
    for (const f of report.findings) {
      if (seen.has(f.id)) continue
      seen.add(f.id)
      out.push({
        decisionId: id,
        code: f.code,
        severity: f.severity,
        status: f.status,
        provenAt: provenAt(f.eventIds, occurred, events[0]?.occurredAt) ?? '',
      })
    }
  }
  return out
}

/** The whole report as one object (the dashboard; tests). The HTTP answer and the CLI stream it. */
export async function organReport(
  deps: AppDeps,
  actor: Actor,
  query: ReportQuery,
  progress?: (done: number, total: number) => void,
): Promise<OrganReport> {
  const report = await openOrganReport(deps, actor, query, progress)
  const decisions: ReportDecision[] = []
  for await (const page of report.pages()) for (const d of page) decisions.push(d)
  return { ...report.head, decisions, ...report.totals() }
}

/**
 * The report as JSON text, in pieces: exactly `JSON.stringify(report)` (or with `indent` 2, as
 * `JSON.stringify(report, null, 2)`) once joined, one piece per page of decisions.
 */
export async function* reportJson(report: ReportStream, indent: 0 | 2 = 0): AsyncGenerator<string, void, undefined> {
  // The head with an empty list, cut before the list's closing bracket; after the list, the
  // counts of the decisions in it, cut after their opening brace.
  const head = JSON.stringify({ ...report.head, decisions: [] }, null, indent || undefined)
  const close = indent ? ']\n}' : ']}'
  yield head.slice(0, head.length - close.length)
  const totals = () => `,${JSON.stringify(report.totals(), null, indent || undefined).slice(1)}`
  let first = true
  if (!indent) {
    // The stored entries are the decisions' JSON text already: joined, not parsed.
    for await (const items of report.itemPages()) {
      if (items.length === 0) continue
      yield first ? items.join(',') : `,${items.join(',')}`
      first = false
    }
    yield `]${totals()}`
    return
  }
  for await (const page of report.pages()) {
    if (page.length === 0) continue
    // One native stringify per page, its brackets cut off, one level deeper.
    const text = JSON.stringify(page, null, 2).replace(/\n/g, '\n  ')
    const inner = text.slice(1, text.length - 4)
    yield first ? inner : `,${inner}`
    first = false
  }
  yield `${first ? ']' : '\n  ]'}${totals()}`
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

const csvRow = (d: ReportDecision) => [
  d.decisionId,
  d.title,
  d.initiatedDate,
  d.status,
  d.rulebook.version === null ? d.rulebook.id : `${d.rulebook.id} v${d.rulebook.version}`,
  d.openFindings,
]

/**
 * The organ's counts as three more tables after the decisions, each after an empty line (api.md
 * §3: "per organ: decisions, status counts, per-obligation completion rates, findings by code"),
 * like the JSON, which lists the decisions before the counts that are theirs.
 */
function totalsCsv(head: ReportHead, totals: ReportTotals): string {
  const statuses = [...new Set(['compliant', 'in_progress', 'noncompliant', ...Object.keys(totals.statusCounts)])]
  const rows = (table: ReadonlyArray<ReadonlyArray<unknown>>) => csvText(table).slice(1)
  return [
    '\r\n',
    rows([
      ['organId', 'organName', 'from', 'to', 'asOf', 'decisions', ...statuses],
      [
        head.organId,
        head.organName,
        head.from,
        head.to,
        head.asOf,
        totals.decisionCount,
        ...statuses.map((s) => totals.statusCounts[s] ?? 0),
      ],
    ]),
    '\r\n',
    rows([
      ['obligation', 'done', 'missing', 'pending', 'not_applicable', 'completionRate'],
      ...totals.obligations.map((o) => [
        o.obligation,
        o.done,
        o.missing,
        o.pending,
        o.not_applicable,
        o.completionRate,
      ]),
    ]),
    '\r\n',
    rows([
      ['findingCode', 'severity', 'open', 'resolved'],
      ...totals.findings.map((f) => [f.code, f.severity, f.open, f.resolved]),
    ]),
  ].join('')
}

/** One row per decision with its status and open finding codes, plus a header; then the counts. */
export function reportCsv(report: OrganReport): string {
  return csvText([CSV_COLUMNS, ...report.decisions.map(csvRow)]) + totalsCsv(report, report)
}

/** `reportCsv` in pieces, one per page of decisions: the same text once joined. */
export async function* reportCsvChunks(report: ReportStream): AsyncGenerator<string, void, undefined> {
  yield csvText([CSV_COLUMNS])
  for await (const page of report.pages()) {
    let text = ''
    for (const d of page) text += `${csvRow(d).map(cell).join(',')}\r\n`
    yield text
  }
  yield totalsCsv(report.head, report.totals())
}

/**
 * A response body read from `pieces` only as fast as the client takes it: the next page of the
 * report is read from the database when the previous one has been sent (the API and the web
 * dashboard's CSV download alike).
 */
export function textStream(pieces: AsyncGenerator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await pieces.return(undefined)
    },
  })
}
