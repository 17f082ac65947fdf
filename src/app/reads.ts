// Read use cases: decision views, lists, streams with corrections marked, the global feed.
import { type Kysely, type SqlBool, sql } from 'kysely'
import type { DecisionState } from '../domain/decision-state'
import type { Actor, StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { PUBLIC_RECORD_TYPES } from '../domain/public-record'
import type { Database } from '../store/schema'
import { refreshStale } from './compliance-projection'
import { loadReadable } from './decisions'
import type { AppDeps } from './deps'
import { subtreeQuery } from './directory'

export interface DecisionView {
  decisionId: string
  title: string
  summary: string
  organId: string
  undertakingUnitId: string
  coUnitIds: string[]
  category: string
  catalogRef?: string
  flags: DecisionState['flags']
  rulebook: string | undefined
  decisionDueBy?: string
  phase: string
  outcome: string | null
  cycle: number
  version: number
  suspended: boolean
  terminated: boolean
  archived: boolean
  published: boolean
  publishedAt: string | null
  initiatedAt: string
  lastRecordedAt: string
}

export function decisionView(s: DecisionState): DecisionView {
  const v: DecisionView = {
    decisionId: s.decisionId,
    title: s.title,
    summary: s.summary,
    organId: s.organId,
    undertakingUnitId: s.undertakingUnitId,
    coUnitIds: s.coUnitIds,
    category: s.category,
    flags: s.flags,
    rulebook: s.rulebook,
    phase: s.phase,
    outcome: s.outcome ?? null,
    cycle: s.cycle,
    version: s.version,
    suspended: s.suspended,
    terminated: s.terminated,
    archived: s.archived,
    published: s.published,
    publishedAt: s.publishedAt ?? null,
    initiatedAt: s.initiatedAt,
    lastRecordedAt: s.lastRecordedAt,
  }
  if (s.catalogRef !== undefined) v.catalogRef = s.catalogRef
  if (s.decisionDueBy !== undefined) v.decisionDueBy = s.decisionDueBy
  return v
}

const RELATIONS: Partial<Record<Actor['role'], string[]>> = {
  organ_office: ['organ'],
  undertaking: ['undertaking', 'co_undertaking'],
  legality_reviewer: ['legality_review'],
  reviewer: ['reviewer'],
  executing: ['executing'],
}

/** Decision ids the actor may read, as a subquery; undefined means "all" (admin). */
function visibleDecisions(actor: Actor) {
  if (actor.role === 'admin') return undefined
  if (actor.role === 'public') {
    return (db: Kysely<Database>) =>
      db
        .selectFrom('decisions')
        .select('decision_id as stream_id')
        .where('published', '=', 1)
        .where('non_disclosable', '=', 0)
  }
  if (actor.role === 'inspector') {
    return (db: Kysely<Database>) =>
      db
        .selectFrom('decisions')
        .select('decision_id as stream_id')
        .where('organ_id', 'in', subtreeQuery(db, actor.jurisdictionId ?? actor.orgId))
  }
  const relations = RELATIONS[actor.role] ?? []
  return (db: Kysely<Database>) =>
    db
      .selectFrom('decision_access')
      .select('decision_id as stream_id')
      .where('org_id', '=', actor.orgId)
      .where('relation', 'in', relations)
}

export interface DecisionListFilter {
  organId?: string | undefined
  undertakingUnitId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
  phase?: string | undefined
  /** The projected compliance status (compliant, in_progress, noncompliant), as of now. */
  status?: string | undefined
  decisionIds?: readonly string[] | undefined
}

export interface DecisionListItem {
  decisionId: string
  title: string
  organId: string
  undertakingUnitId: string
  category: string
  rulebook: string
  phase: string
  outcome: string | null
  cycle: number
  version: number
  published: boolean
  nonDisclosable: boolean
  initiatedAt: string
  /** The civil date of initiation in the jurisdiction: the sort key the list cursor carries. */
  initiatedDate: string
  lastRecordedAt: string
  /** Compliance status as of now (from the compliance projection); not shown to the public. */
  status?: string | null
}

/** Newest initiation first; the cursor is the last row's (initiated_date, decision_id). */
export async function listDecisions(
  deps: AppDeps,
  actor: Actor,
  filter: DecisionListFilter,
  cursor: { date: string; id: string } | undefined,
  limit: number,
): Promise<DecisionListItem[]> {
  const visible = visibleDecisions(actor)
  // Statuses that a passing deadline may have changed are re-evaluated first: answers are as of now.
  await refreshStale(deps, {
    organIds: filter.organId ? [filter.organId] : undefined,
    from: filter.from,
    to: filter.to,
  })
  let q = deps.store.db
    .selectFrom('decisions')
    .leftJoin('decision_compliance', 'decision_compliance.decision_id', 'decisions.decision_id')
    .selectAll('decisions')
    .select('decision_compliance.status as status')
  if (visible) q = q.where('decisions.decision_id', 'in', visible(deps.store.db))
  if (filter.organId) q = q.where('decisions.organ_id', '=', filter.organId)
  if (filter.undertakingUnitId) q = q.where('undertaking_unit_id', '=', filter.undertakingUnitId)
  if (filter.from) q = q.where('decisions.initiated_date', '>=', filter.from)
  if (filter.to) q = q.where('decisions.initiated_date', '<=', filter.to)
  if (filter.phase) q = q.where('phase', '=', filter.phase)
  if (filter.status) q = q.where('decision_compliance.status', '=', filter.status)
  if (filter.decisionIds)
    q = q.where('decisions.decision_id', 'in', filter.decisionIds.length ? [...filter.decisionIds] : [''])
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    // SQLite's LIKE has no escape character unless one is named (PostgreSQL's default is `\`),
    // and ignores ASCII case, which PostgreSQL does only with ILIKE.
    const op = deps.store.backend.dialect === 'postgres' ? sql`ilike` : sql`like`
    const matches = (column: 'title' | 'summary') => sql<SqlBool>`${sql.ref(column)} ${op} ${like} escape '\\'`
    q = q.where((eb) =>
      eb.or([matches('title'), matches('summary'), eb('decisions.decision_id', '=', filter.q as string)]),
    )
  }
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('decisions.initiated_date', '<', cursor.date),
        eb.and([eb('decisions.initiated_date', '=', cursor.date), eb('decisions.decision_id', '<', cursor.id)]),
      ]),
    )
  }
  const rows = await q
    .orderBy('decisions.initiated_date', 'desc')
    .orderBy('decisions.decision_id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    decisionId: r.decision_id,
    title: r.title,
    organId: r.organ_id,
    undertakingUnitId: r.undertaking_unit_id,
    category: r.category,
    rulebook: r.rulebook,
    phase: r.phase,
    outcome: r.outcome,
    cycle: Number(r.cycle),
    version: Number(r.version),
    published: Number(r.published) === 1,
    nonDisclosable: Number(r.non_disclosable) === 1,
    initiatedAt: r.initiated_at,
    initiatedDate: r.initiated_date,
    lastRecordedAt: r.last_recorded_at,
    // The compliance status is public for a published, disclosable decision (domain.md §5).
    status: r.status ?? null,
  }))
}

export type MarkedEvent = StoredEvent & { correctedBy?: string[]; corrects?: string }

/** Marks each corrected event with the corrections that replace its payload (latest last). */
export function markCorrections(events: StoredEvent[]): MarkedEvent[] {
  const by = new Map<string, string[]>()
  for (const e of events) {
    if (e.type !== 'EventCorrected') continue
    const target = e.data.correctsEventId as string
    by.set(target, [...(by.get(target) ?? []), e.eventId])
  }
  return events.map((e) => {
    const marked: MarkedEvent = { ...e }
    const corrections = by.get(e.eventId)
    if (corrections) marked.correctedBy = corrections
    if (e.type === 'EventCorrected') marked.corrects = e.data.correctsEventId as string
    return marked
  })
}

/** The stream as known at `asOf` (recordedAt ≤ asOf), corrections marked. */
export async function readDecisionEvents(
  deps: AppDeps,
  actor: Actor,
  decisionId: string,
  opts: { asOf?: string | undefined; afterVersion: number; limit: number },
): Promise<{ version: number; items: MarkedEvent[] }> {
  const { version } = await loadReadable(deps, actor, decisionId)
  const all = await deps.store.readStream(decisionId)
  const cutoff = opts.asOf ? Date.parse(opts.asOf) : undefined
  const known = cutoff === undefined ? all : all.filter((e) => Date.parse(e.recordedAt) <= cutoff)
  const marked = markCorrections(known)
  const shown = actor.role === 'public' ? publicRecord(marked) : marked
  return { version, items: shown.filter((e) => e.version > opts.afterVersion).slice(0, opts.limit) }
}

/**
 * What the public reads of a published decision's stream (domain.md §5: "published, disclosable
 * decisions and their compliance status"): the public record — publication and how public
 * opinions were handled — and the corrections of those events, not the internal steps (who said
 * what at the meeting, the legality opinion, inspections). The same set as /v1/public/decisions
 * and the public's inclusion proofs.
 */
function publicRecord(events: MarkedEvent[]): MarkedEvent[] {
  const shownIds = new Set(events.filter((e) => PUBLIC_RECORD_TYPES.has(e.type)).map((e) => e.eventId))
  return events.filter((e) => shownIds.has(e.corrects ?? e.eventId))
}

export async function readFeed(deps: AppDeps, actor: Actor, after: number, limit: number): Promise<StoredEvent[]> {
  if (actor.role === 'public')
    throw new DomainError(
      'forbidden',
      'Missing permission: read the event feed. The public reads published decisions under /v1/public.',
      undefined,
      { permission: 'read the event feed' },
    )
  return deps.store.readFeed(after, limit, visibleDecisions(actor))
}
