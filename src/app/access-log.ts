// The access log (issue 9 item 6): reads are themselves logged — who (token, person, organization,
// role), what (method, path, decision, kind), when — for reads that disclose non-disclosable
// material and for every dossier, export bundle, organ report and lifetime trail. Readable by
// inspectors and admins. Kinds:
//   non_disclosable_read  a response carrying a non-disclosable decision (one row per decision)
//   dossier | export      GET /v1/decisions/{id}/dossier | /export, whatever the decision
//   report                GET /v1/reports/compliance (subject: the organ)
//   person_trail          GET /v1/people/{id}/trail (subject: the person)
// The row is written before the response leaves, as one small INSERT; when it cannot be written
// the read is refused (503), never served unlogged (docs/security.md). The API routes
// (src/http/access.ts) and the web pages (src/web/access.ts) both go through recordAccess and
// recordNonDisclosableReads below, so the two log the same reads the same way.
import type { Actor } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { rowChunks } from '../store/backend'
import type { AppDeps } from './deps'
import { decisionsUnder, subtreeQuery } from './directory'

export const ACCESS_KINDS = ['non_disclosable_read', 'dossier', 'export', 'report', 'person_trail'] as const
export type AccessKind = (typeof ACCESS_KINDS)[number]

export interface AccessEntry {
  kind: AccessKind
  decisionId?: string | undefined
  subject?: string | undefined
}

export interface AccessRequest {
  actor: Actor
  tokenId: string | undefined
  method: string
  /** Path and query string. */
  path: string
}

export interface AccessView {
  id: number
  at: string
  tokenId: string | null
  personId: string
  orgId: string
  role: string
  method: string
  path: string
  kind: string
  decisionId: string | null
  subject: string | null
}

export interface AccessFilter {
  decisionId?: string | undefined
  personId?: string | undefined
  kind?: AccessKind | undefined
  /** An inspector's jurisdiction root: only entries about its decisions or by its organizations. */
  jurisdiction?: string | undefined
}

/** Bound parameters per access-log row: every column below. */
const ACCESS_ROW_PARAMETERS = 10

/**
 * Writes one row per entry, in one atomic unit of as few INSERTs as D1's 100 bound parameters per
 * statement allow (10 rows each). Throws when the database refuses it.
 */
export async function logAccess(deps: AppDeps, req: AccessRequest, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return
  const at = deps.clock().toISOString()
  const rows = entries.map((e) => ({
    at,
    token_id: req.tokenId ?? null,
    person_id: req.actor.personId,
    org_id: req.actor.orgId,
    role: req.actor.role,
    method: req.method,
    path: req.path.slice(0, 500),
    kind: e.kind,
    decision_id: e.decisionId ?? null,
    subject: e.subject?.slice(0, 200) ?? null,
  }))
  const db = deps.store.db
  const inserts = rowChunks(rows, ACCESS_ROW_PARAMETERS).map((part) =>
    db.insertInto('access_log').values(part).compile(),
  )
  if (inserts.length === 1) await db.executeQuery(inserts[0]!)
  else await deps.store.backend.atomic(inserts)
}

/** The ids among `decisionIds` whose decision is non-disclosable (one indexed query). */
export async function nonDisclosableAmong(deps: AppDeps, decisionIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(decisionIds)]
  if (ids.length === 0) return []
  const rows = await deps.store.db
    .selectFrom('decisions')
    .select('decision_id')
    .where('decision_id', 'in', ids)
    .where('non_disclosable', '=', 1)
    .execute()
  const found = new Set(rows.map((r) => r.decision_id))
  return ids.filter((id) => found.has(id))
}

/**
 * Logs a read before it is served, failing closed: when the entry cannot be written the read is
 * refused with `access-log-unavailable` (503), never served unlogged.
 */
export async function recordAccess(deps: AppDeps, req: AccessRequest, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return
  try {
    await logAccess(deps, req, entries)
  } catch {
    throw unavailable()
  }
}

/**
 * Logs a read of `decisionIds` for those that are non-disclosable, one entry each (none for the
 * public, who is never shown one). Fails closed like recordAccess, also when the database cannot
 * say which of them are non-disclosable.
 */
export async function recordNonDisclosableReads(
  deps: AppDeps,
  req: AccessRequest,
  decisionIds: readonly string[],
): Promise<void> {
  if (req.actor.role === 'public' || decisionIds.length === 0) return
  let hidden: string[]
  try {
    hidden = await nonDisclosableAmong(deps, decisionIds)
  } catch {
    throw unavailable()
  }
  await recordAccess(
    deps,
    req,
    hidden.map((decisionId) => ({ kind: 'non_disclosable_read' as const, decisionId })),
  )
}

const unavailable = () =>
  new DomainError(
    'access-log-unavailable',
    'This read must be recorded in the access log and the log cannot be written now; it was not served. Retry shortly.',
  )

export async function listAccessLog(
  deps: AppDeps,
  filter: AccessFilter,
  after: number,
  limit: number,
): Promise<AccessView[]> {
  const db = deps.store.db
  let q = db.selectFrom('access_log').selectAll().where('id', '>', after)
  // An inspector's view: reads of its jurisdiction's decisions, and reads by its organizations.
  if (filter.jurisdiction !== undefined) {
    const root = filter.jurisdiction
    q = q.where((eb) =>
      eb.or([eb('decision_id', 'in', decisionsUnder(db, root)), eb('org_id', 'in', subtreeQuery(db, root))]),
    )
  }
  if (filter.decisionId) q = q.where('decision_id', '=', filter.decisionId)
  if (filter.personId) q = q.where('person_id', '=', filter.personId)
  if (filter.kind) q = q.where('kind', '=', filter.kind)
  const rows = await q.orderBy('id').limit(limit).execute()
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    tokenId: r.token_id,
    personId: r.person_id,
    orgId: r.org_id,
    role: r.role,
    method: r.method,
    path: r.path,
    kind: r.kind,
    decisionId: r.decision_id,
    subject: r.subject,
  }))
}
