// The compliance read model (migrations/0002, 0006–0010): each decision's status, its latest
// cycle's obligation states and its findings, as the engine evaluated them at `evaluatedAt`, and
// `validUntil`, the earliest instant at which the same events could give another answer by the
// passing of time alone. Written in the same atomic unit as each append; refreshed on read once
// `validUntil` has passed.
import type { CompiledQuery, Kysely } from 'kysely'
import type { StoredEvent } from '../domain/envelope'
import { instant } from '../domain/events'
import { type ComplianceReport, OBLIGATION_NAMES } from '../rules'
import { addDays, localDate, localDateAt, zoneOffsetMs } from '../rules/time'
import { rowChunks } from '../store/backend'
import { preparedUpsert } from '../store/prepared'
import type { Database, DecisionComplianceTable, DecisionFindingsTable } from '../store/schema'

/** A decision whose rulebook cannot be resolved (e.g. initiated before any version was in force). */
export const UNEVALUATED = 'unevaluated'

export interface ComplianceRows {
  row: DecisionComplianceTable
  findings: DecisionFindingsTable[]
}

export interface ComplianceSubject {
  decisionId: string
  /** The decision's title as recorded (initiation or its correction): the organ report lists it. */
  title: string
  organId: string
  initiatedDate: string
  rulebookId: string
  streamVersion: number
  evaluatedAt: string
}

/**
 * When a finding became provable: the latest occurredAt (as recorded, compared as text) of the
 * stream's events it rests on, else the stream's first event's; null without events.
 */
export function provenAt(
  eventIds: readonly string[],
  occurred: ReadonlyMap<string, string>,
  first: string | undefined,
): string | null {
  let latest = ''
  for (const id of eventIds) {
    const at = occurred.get(id) ?? ''
    if (at > latest) latest = at
  }
  return latest || first || null
}

/** One decision as the organ report lists it (api.md GET /v1/reports/compliance). */
export interface ReportDecision {
  decisionId: string
  title: string
  initiatedDate: string
  status: string
  rulebook: { id: string; version: number | null }
  openFindings: string[]
}

/**
 * A decision's entry in the organ report as JSON text (`decision_compliance.report_item`,
 * migrations/0007): what `JSON.stringify` gives for the entry, so the report over 100,000
 * decisions is sent by joining stored texts instead of building and serializing 100,000 objects.
 */
export function reportItem(
  row: Pick<
    DecisionComplianceTable,
    'decision_id' | 'initiated_date' | 'status' | 'rulebook_id' | 'rulebook_version' | 'open_codes'
  >,
  title: string,
): string {
  const item: ReportDecision = {
    decisionId: row.decision_id,
    title,
    initiatedDate: row.initiated_date,
    status: row.status,
    rulebook: { id: row.rulebook_id, version: row.rulebook_version === null ? null : Number(row.rulebook_version) },
    openFindings: row.open_codes === '' ? [] : row.open_codes.split(' ').sort(),
  }
  return JSON.stringify(item)
}

const LETTER: Record<string, string> = { done: 'd', missing: 'm', pending: 'p', not_applicable: 'n' }

/**
 * The latest cycle's obligation states as the organ report counts them (migrations/0006): one
 * letter per obligation in the order of OBLIGATION_NAMES (d done, m missing, p pending, n not
 * applicable, - absent or another state).
 */
export function latestStates(obligations: ReadonlyArray<{ obligation: string; state: string }>): string {
  const byName = new Map(obligations.map((o) => [o.obligation, o.state]))
  return OBLIGATION_NAMES.map((n) => LETTER[byName.get(n) ?? ''] ?? '-').join('')
}

/** Findings by code and severity, `code:severity:open:resolved` separated by spaces, sorted. */
export function findingCounts(findings: ReadonlyArray<{ code: string; severity: string; status: string }>): string {
  const counts = new Map<string, [number, number]>()
  for (const f of findings) {
    const key = `${f.code}:${f.severity}`
    const c = counts.get(key) ?? [0, 0]
    c[f.status === 'open' ? 0 : 1]++
    counts.set(key, c)
  }
  return [...counts.keys()]
    .sort()
    .map((k) => {
      const [open, resolved] = counts.get(k) as [number, number]
      return `${k}:${open}:${resolved}`
    })
    .join(' ')
}

/** The rows for one decision; `report` undefined when it could not be evaluated. */
export function complianceRows(
  subject: ComplianceSubject,
  report: ComplianceReport | undefined,
  validUntil: string | null,
  /** The evaluated events: when each finding became provable is read from them. */
  events: readonly Pick<StoredEvent, 'eventId' | 'occurredAt'>[],
): ComplianceRows {
  const occurred = new Map(events.map((e) => [e.eventId, e.occurredAt]))
  const first = events[0]?.occurredAt
  const id = subject.decisionId
  const latest = report?.cycles.at(-1)
  // Finding ids are unique within a report; a duplicate must never fail the append it rides on.
  const seen = new Set<string>()
  const findings = (report?.findings ?? []).flatMap((f) => {
    if (seen.has(f.id)) return []
    seen.add(f.id)
    return [
      {
        decision_id: id,
        finding_id: f.id,
        code: f.code,
        severity: f.severity,
        status: f.status,
        source: f.source,
        cycle: f.cycle,
        proven_at: provenAt(f.eventIds, occurred, first),
      },
    ]
  })
  const row: Omit<DecisionComplianceTable, 'report_item'> = {
    decision_id: id,
    organ_id: subject.organId,
    initiated_date: subject.initiatedDate,
    status: report?.status ?? UNEVALUATED,
    rulebook_id: report?.rulebook.id ?? subject.rulebookId,
    rulebook_version: report?.rulebook.version ?? null,
    latest_cycle: latest?.cycle ?? 0,
    stream_version: subject.streamVersion,
    evaluated_at: subject.evaluatedAt,
    valid_until: report ? validUntil : null,
    latest_states: latest ? latestStates(latest.obligations) : '',
    open_codes: [...new Set(findings.filter((f) => f.status === 'open').map((f) => f.code))].sort().join(' '),
    finding_counts: findingCounts(findings),
  }
  return { row: { ...row, report_item: reportItem(row, subject.title) }, findings }
}

/** The first instant of the day after `date` in `timeZone` (when "asOfDate > date" turns true). */
function dayAfter(date: string, timeZone: string): number | undefined {
  const next = addDays(date, 1)
  const guess = Date.parse(`${next}T00:00:00Z`)
  if (Number.isNaN(guess)) return undefined
  // Midnight at the zone's offset is nearly always it (three Intl calls instead of thirty).
  const offset = zoneOffsetMs(guess, timeZone)
  if (offset !== undefined) {
    const at = guess - offset
    const before = localDateAt(at - 1, timeZone)
    const on = localDateAt(at, timeZone)
    if (before !== undefined && on !== undefined && before < next && on >= next) return at
  }
  // localDate is monotone in the instant: binary-search the first instant whose date is `next`.
  let lo = guess - 15 * 3600_000
  let hi = guess + 15 * 3600_000
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    const d = localDateAt(mid, timeZone)
    if (d === undefined) return undefined
    if (d >= next) hi = mid
    else lo = mid
  }
  return hi
}

/** Dates of `decisionDueBy` named anywhere in the stream (initiation or a correction of it). */
function decisionDueDates(events: readonly StoredEvent[]): string[] {
  const out: string[] = []
  for (const e of events) {
    const d = e.data as { decisionDueBy?: unknown; data?: { decisionDueBy?: unknown } }
    if (typeof d.decisionDueBy === 'string') out.push(d.decisionDueBy)
    if (typeof d.data?.decisionDueBy === 'string') out.push(d.data.decisionDueBy)
  }
  return out
}

/**
 * The earliest instant after `asOf` at which the report of the same events may differ: the day
 * after a due date not yet passed, or the moment an event recorded ahead of its `occurredAt`
 * takes effect. A deadline counted in working days turns only on the first working day after its
 * `dueBy` (rules.md §2): an obligation still pending past its `dueBy` (the weekend or holiday
 * after it) is looked at again the next day. Null when nothing is pending on the clock. Erring
 * early is harmless (the row is re-evaluated and gets a later bound).
 */
export function validUntil(
  report: ComplianceReport,
  events: readonly StoredEvent[],
  timeZone: string,
  asOf: string,
): string | null {
  const asOfMs = Date.parse(asOf)
  const today = localDate(asOf, timeZone)
  if (Number.isNaN(asOfMs) || today === undefined) return null
  const dates = [
    ...report.cycles.flatMap((c) => c.obligations.flatMap((o) => (o.dueBy === undefined ? [] : [o.dueBy]))),
    ...decisionDueDates(events),
  ]
  const candidates: number[] = []
  const pendingPast = report.cycles.some((c) =>
    c.obligations.some((o) => o.state === 'pending' && o.dueBy !== undefined && o.dueBy < today),
  )
  if (pendingPast) {
    const at = dayAfter(today, timeZone)
    if (at !== undefined) candidates.push(at)
  }
  for (const raw of new Set(dates)) {
    const date = localDate(raw, timeZone)
    if (date === undefined || date < today) continue
    const at = dayAfter(date, timeZone)
    if (at !== undefined) candidates.push(at)
  }
  for (const e of events) {
    const at = instant(e.occurredAt)
    if (at !== undefined) candidates.push(at)
  }
  const next = candidates.filter((t) => t > asOfMs).sort((a, b) => a - b)[0]
  return next === undefined ? null : new Date(next).toISOString()
}

const upsertRow = preparedUpsert('decision_compliance', 'decision_id')

/** Queries for an append's atomic unit: replace the decision's rows. */
export function writeCompliance(db: Kysely<Database>, rows: ComplianceRows): CompiledQuery[] {
  const id = rows.row.decision_id
  const queries = [db.deleteFrom('decision_findings').where('decision_id', '=', id).compile(), upsertRow(db, rows.row)]
  for (const part of rowChunks(rows.findings, 8))
    queries.push(db.insertInto('decision_findings').values(part).compile())
  return queries
}

/**
 * Queries for a refresh outside any append: every statement applies only while the stream is
 * still at the version evaluated, so a refresh never overwrites what a later append wrote.
 */
export function writeComplianceIfCurrent(db: Kysely<Database>, rows: ComplianceRows): CompiledQuery[] {
  const id = rows.row.decision_id
  const current = db
    .selectFrom('streams')
    .select('stream_id')
    .where('stream_id', '=', id)
    .where('version', '=', rows.row.stream_version)
  const { decision_id: _id, ...changes } = rows.row
  const queries: CompiledQuery[] = [
    db
      .updateTable('decision_compliance')
      .set(changes)
      .where('decision_id', '=', id)
      .where((eb) => eb.exists(current))
      .compile(),
    db
      .deleteFrom('decision_findings')
      .where('decision_id', '=', id)
      .where((eb) => eb.exists(current))
      .compile(),
  ]
  for (const f of rows.findings) {
    queries.push(
      db
        .insertInto('decision_findings')
        .columns(['decision_id', 'finding_id', 'code', 'severity', 'status', 'source', 'cycle', 'proven_at'])
        .expression(
          db
            .selectNoFrom((eb) => [
              eb.val(f.decision_id).as('decision_id'),
              eb.val(f.finding_id).as('finding_id'),
              eb.val(f.code).as('code'),
              eb.val(f.severity).as('severity'),
              eb.val(f.status).as('status'),
              eb.val(f.source).as('source'),
              eb.cast<number>(eb.val(f.cycle), 'integer').as('cycle'),
              eb.cast<string | null>(eb.val(f.proven_at), 'text').as('proven_at'),
            ])
            .where((eb) => eb.exists(current)),
        )
        .compile(),
    )
  }
  return queries
}
