// The refusal log (domain.md §5): every refused write, who tried what and when. Written outside
// the refused write's unit (that unit never happened); readable by inspectors and admins.
import type { Actor } from '../domain/envelope'
import type { AppDeps } from './deps'

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

export async function listRefusals(deps: AppDeps, after: number, limit: number): Promise<RefusalView[]> {
  const rows = await deps.store.db
    .selectFrom('refusals')
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute()
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
