// The access log (issue 9 item 6): reads are themselves logged — who (token, person, organization,
// role), what (method, path, decision, kind), when — for reads that disclose non-disclosable
// material and for every dossier, export bundle, organ report and lifetime trail. Readable by
// inspectors and admins. Kinds:
//   non_disclosable_read  a response carrying a non-disclosable decision (one row per decision)
//   dossier | export      GET /v1/decisions/{id}/dossier | /export, whatever the decision
//   report                GET /v1/reports/compliance (subject: the organ)
//   person_trail          GET /v1/people/{id}/trail (subject: the person)
// The row is written before the response leaves, as one small INSERT; when it cannot be written
// the read is refused (503), never served unlogged (docs/security.md).
import type { Actor } from '../domain/envelope'
import type { AppDeps } from './deps'

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
}

/** Writes one row per entry in a single INSERT. Throws when the database refuses it. */
export async function logAccess(deps: AppDeps, req: AccessRequest, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return
  const at = deps.clock().toISOString()
  await deps.store.db
    .insertInto('access_log')
    .values(
      entries.map((e) => ({
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
      })),
    )
    .execute()
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

export async function listAccessLog(
  deps: AppDeps,
  filter: AccessFilter,
  after: number,
  limit: number,
): Promise<AccessView[]> {
  let q = deps.store.db.selectFrom('access_log').selectAll().where('id', '>', after)
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
