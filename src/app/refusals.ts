// The refusal log (domain.md §5): every refused write, who tried what and when. Written outside
// the refused write's unit (that unit never happened); readable by inspectors and admins.
import type { Actor } from '../domain/envelope'
import type { AppDeps } from './deps'
import { decisionsUnder, subtreeQuery } from './directory'

export interface RefusalEntry {
  tokenId?: string | undefined
  actor: Actor | undefined
  method: string
  path: string
  streamId?: string | undefined
  eventType?: string | undefined
  status: number
  code: string
  detail: string
}

export interface RefusalView {
  id: number
  at: string
  tokenId: string | null
  personId: string | null
  orgId: string | null
  role: string
  method: string
  path: string
  decisionId: string | null
  eventType: string | null
  status: number
  code: string
  detail: string
}

export async function logRefusal(deps: AppDeps, e: RefusalEntry): Promise<void> {
  await deps.store.db
    .insertInto('refusals')
    .values({
      at: deps.clock().toISOString(),
      token_id: e.tokenId ?? null,
      person_id: e.actor?.role === 'public' ? null : (e.actor?.personId ?? null),
      org_id: e.actor?.role === 'public' ? null : (e.actor?.orgId ?? null),
      role: e.actor?.role ?? 'unauthenticated',
      method: e.method,
      path: e.path.slice(0, 500),
      stream_id: e.streamId ?? null,
      event_type: e.eventType?.slice(0, 100) ?? null,
      status: e.status,
      code: e.code,
      detail: e.detail.slice(0, 2000),
    })
    .execute()
}

/**
 * Refusals after `after`, in order. With `jurisdiction` (an inspector's root), only those about a
 * decision of an organ in that subtree or made by someone acting for an organization in it
 * (domain.md §5: an inspector reads everything in its jurisdiction, and only that); the admin's
 * view has no scope.
 */
export async function listRefusals(
  deps: AppDeps,
  after: number,
  limit: number,
  jurisdiction?: string,
): Promise<RefusalView[]> {
  const db = deps.store.db
  let q = db.selectFrom('refusals').selectAll().where('id', '>', after)
  if (jurisdiction !== undefined)
    q = q.where((eb) =>
      eb.or([
        eb('stream_id', 'in', decisionsUnder(db, jurisdiction)),
        eb('org_id', 'in', subtreeQuery(db, jurisdiction)),
      ]),
    )
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
    decisionId: r.stream_id,
    eventType: r.event_type,
    status: Number(r.status),
    code: r.code,
    detail: r.detail,
  }))
}
