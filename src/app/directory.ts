// Directory use cases: organizations, people and positions as events in `dir_<jurisdiction>`,
// with the read model tables written in the same atomic unit.
import { type Kysely, sql } from 'kysely'
import type { Actor, StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { projectDirectoryEvent } from '../projections/directory'
import { preparedQuery } from '../store/prepared'
import type { Database } from '../store/schema'
import { type AppendResult, appendWithRetry } from './append'
import { type AppDeps, directoryStream } from './deps'
import { chainEvents, type EventInput } from './envelope'
import type { IdempotencyRequest } from './idempotency'

type DirectoryState = { events: number }

export interface OrganizationView {
  id: string
  name: string
  kind: string
  parentId: string | null
  registeredAt: string
}
export interface PersonView {
  id: string
  name: string
  registeredAt: string
}
export interface PositionView {
  positionId: string
  personId: string
  orgId: string
  title: string
  capacity: string
  from: string
  to: string | null
  endReason: string | null
}

const today = (deps: AppDeps) => deps.clock().toISOString()

async function appendDirectory(
  deps: AppDeps,
  actor: Actor,
  idempotency: IdempotencyRequest | undefined,
  build: () => Promise<{ inputs: EventInput[]; body: unknown; status?: number }>,
): Promise<AppendResult> {
  const streamId = directoryStream(deps)
  return appendWithRetry<DirectoryState>(deps, streamId, { idempotency }, async (head) => {
    const { inputs, body, status } = await build()
    const events = chainEvents(
      deps,
      streamId,
      { version: head?.version ?? 0, headHash: head?.headHash ?? '' },
      actor,
      inputs,
      () => 1,
    )
    return {
      unit: {
        streamId,
        kind: 'directory',
        expectedVersion: head?.version ?? 0,
        events,
        newState: { events: (head?.state.events ?? 0) + events.length },
        also: events.flatMap((e) => projectDirectoryEvent(deps.store.db, e)),
      },
      response: { status: status ?? 201, body },
    }
  })
}

export async function organizationExists(deps: AppDeps, orgId: string): Promise<boolean> {
  return (
    (await deps.store.db
      .selectFrom('organizations')
      .select('org_id')
      .where('org_id', '=', orgId)
      .executeTakeFirst()) !== undefined
  )
}
export async function personExists(deps: AppDeps, personId: string): Promise<boolean> {
  return (
    (await deps.store.db
      .selectFrom('people')
      .select('person_id')
      .where('person_id', '=', personId)
      .executeTakeFirst()) !== undefined
  )
}

export async function registerOrganization(
  deps: AppDeps,
  actor: Actor,
  input: { id?: string | undefined; name: string; kind: string; parentId?: string | null | undefined },
  idempotency?: IdempotencyRequest,
): Promise<AppendResult> {
  const orgId = input.id ?? `org_${deps.newId()}`
  return appendDirectory(deps, actor, idempotency, async () => {
    if (await organizationExists(deps, orgId))
      throw new DomainError('duplicate-id', `Organization ${orgId} already exists.`, [
        { path: ['id'], message: 'already exists' },
      ])
    if (input.parentId && !(await organizationExists(deps, input.parentId))) {
      throw new DomainError('unknown-reference', `Parent organization ${input.parentId} is not in the directory.`, [
        { path: ['parentId'], message: 'unknown organization' },
      ])
    }
    const data: Record<string, unknown> = { orgId, name: input.name, kind: input.kind }
    if (input.parentId) data.parentId = input.parentId
    const body: OrganizationView = {
      id: orgId,
      name: input.name,
      kind: input.kind,
      parentId: input.parentId ?? null,
      registeredAt: today(deps),
    }
    return { inputs: [{ type: 'OrganizationRegistered', occurredAt: today(deps), data }], body }
  })
}

export async function registerPerson(
  deps: AppDeps,
  actor: Actor,
  input: { id?: string | undefined; name: string },
  idempotency?: IdempotencyRequest,
): Promise<AppendResult> {
  const personId = input.id ?? `per_${deps.newId()}`
  return appendDirectory(deps, actor, idempotency, async () => {
    if (await personExists(deps, personId))
      throw new DomainError('duplicate-id', `Person ${personId} already exists.`, [
        { path: ['id'], message: 'already exists' },
      ])
    const body: PersonView = { id: personId, name: input.name, registeredAt: today(deps) }
    return {
      inputs: [{ type: 'PersonRegistered', occurredAt: today(deps), data: { personId, name: input.name } }],
      body,
    }
  })
}

export async function assignPosition(
  deps: AppDeps,
  actor: Actor,
  personId: string,
  input: { orgId: string; title: string; capacity: string; from: string; to?: string | undefined },
  idempotency?: IdempotencyRequest,
): Promise<AppendResult> {
  const positionId = `pos_${deps.newId()}`
  return appendDirectory(deps, actor, idempotency, async () => {
    if (!(await personExists(deps, personId)))
      throw new DomainError('not-found', `No person ${personId} in the directory.`)
    if (!(await organizationExists(deps, input.orgId))) {
      throw new DomainError('unknown-reference', `Organization ${input.orgId} is not in the directory.`, [
        { path: ['orgId'], message: 'unknown organization' },
      ])
    }
    if (input.to !== undefined && input.to < input.from) {
      throw new DomainError('validation-failed', 'A position cannot end before it starts.', [
        { path: ['to'], message: 'before `from`' },
      ])
    }
    const at = today(deps)
    const inputs: EventInput[] = [
      {
        type: 'PositionAssigned',
        occurredAt: at,
        data: {
          positionId,
          personId,
          orgId: input.orgId,
          title: input.title,
          capacity: input.capacity,
          from: input.from,
        },
      },
    ]
    if (input.to !== undefined) {
      inputs.push({
        type: 'PositionEnded',
        occurredAt: at,
        data: { positionId, to: input.to, reason: 'End date recorded with the assignment.' },
      })
    }
    const body: PositionView = {
      positionId,
      personId,
      orgId: input.orgId,
      title: input.title,
      capacity: input.capacity,
      from: input.from,
      to: input.to ?? null,
      endReason: input.to ? 'End date recorded with the assignment.' : null,
    }
    return { inputs, body }
  })
}

export async function endPosition(
  deps: AppDeps,
  actor: Actor,
  positionId: string,
  input: { to: string; reason: string },
  idempotency?: IdempotencyRequest,
): Promise<AppendResult> {
  return appendDirectory(deps, actor, idempotency, async () => {
    const pos = await getPosition(deps, positionId)
    if (!pos) throw new DomainError('not-found', `No position ${positionId}.`)
    if (pos.to !== null)
      throw new DomainError('position-already-ended', `Position ${positionId} already ended on ${pos.to}.`)
    if (input.to < pos.from)
      throw new DomainError('validation-failed', 'A position cannot end before it starts.', [
        { path: ['to'], message: `before the start date ${pos.from}` },
      ])
    const body: PositionView = { ...pos, to: input.to, endReason: input.reason }
    return {
      inputs: [
        { type: 'PositionEnded', occurredAt: today(deps), data: { positionId, to: input.to, reason: input.reason } },
      ],
      body,
      status: 200,
    }
  })
}

const toPosition = (r: {
  position_id: string
  person_id: string
  org_id: string
  title: string
  capacity: string
  from_date: string
  to_date: string | null
  end_reason: string | null
}): PositionView => ({
  positionId: r.position_id,
  personId: r.person_id,
  orgId: r.org_id,
  title: r.title,
  capacity: r.capacity,
  from: r.from_date,
  to: r.to_date,
  endReason: r.end_reason,
})

export async function getPosition(deps: AppDeps, positionId: string): Promise<PositionView | undefined> {
  const r = await deps.store.db
    .selectFrom('positions')
    .selectAll()
    .where('position_id', '=', positionId)
    .executeTakeFirst()
  return r ? toPosition(r) : undefined
}

export async function listPositions(
  deps: AppDeps,
  filter: { personId?: string; orgId?: string },
): Promise<PositionView[]> {
  let q = deps.store.db.selectFrom('positions').selectAll()
  if (filter.personId) q = q.where('person_id', '=', filter.personId)
  if (filter.orgId) q = q.where('org_id', '=', filter.orgId)
  return (await q.orderBy('from_date').orderBy('position_id').execute()).map(toPosition)
}

export async function getOrganization(deps: AppDeps, orgId: string): Promise<OrganizationView | undefined> {
  const r = await deps.store.db.selectFrom('organizations').selectAll().where('org_id', '=', orgId).executeTakeFirst()
  return r
    ? { id: r.org_id, name: r.name, kind: r.kind, parentId: r.parent_id, registeredAt: r.registered_at }
    : undefined
}

export async function listOrganizations(
  deps: AppDeps,
  after: string | undefined,
  limit: number,
): Promise<OrganizationView[]> {
  let q = deps.store.db.selectFrom('organizations').selectAll()
  if (after) q = q.where('org_id', '>', after)
  return (await q.orderBy('org_id').limit(limit).execute()).map((r) => ({
    id: r.org_id,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    registeredAt: r.registered_at,
  }))
}

export async function getPerson(deps: AppDeps, personId: string): Promise<PersonView | undefined> {
  const r = await deps.store.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirst()
  return r ? { id: r.person_id, name: r.name, registeredAt: r.registered_at } : undefined
}

export async function listPeople(deps: AppDeps, after: string | undefined, limit: number): Promise<PersonView[]> {
  let q = deps.store.db.selectFrom('people').selectAll()
  if (after) q = q.where('person_id', '>', after)
  return (await q.orderBy('person_id').limit(limit).execute()).map((r) => ({
    id: r.person_id,
    name: r.name,
    registeredAt: r.registered_at,
  }))
}

/** How far up the parent chain lineage() looks. */
const LINEAGE_DEPTH = 32

const lineageQuery = preparedQuery(1, (db, orgId: string) =>
  db
    .withRecursive('up(org_id, parent_id, kind, depth)', (qb) =>
      qb
        .selectFrom('organizations')
        .select(['org_id', 'parent_id', 'kind', sql<number>`0`.as('depth')])
        .where('org_id', '=', orgId)
        .unionAll((u) =>
          u
            .selectFrom('organizations as o')
            .innerJoin('up', 'up.parent_id', 'o.org_id')
            .select(['o.org_id', 'o.parent_id', 'o.kind', sql<number>`up.depth + 1`.as('depth')])
            .where('up.depth', '<', LINEAGE_DEPTH),
        ),
    )
    .selectFrom('up')
    .select(['org_id', 'parent_id', 'kind', 'depth'])
    .orderBy('depth'),
)

/** The organ and its ancestors, nearest first (an inspector's jurisdiction is a subtree). */
export async function lineage(deps: AppDeps, orgId: string): Promise<string[]> {
  return (await lineageWithKinds(deps, orgId)).chain
}

/** The lineage, and the kind of each organization in it that the directory knows. */
async function lineageWithKinds(
  deps: AppDeps,
  orgId: string,
): Promise<{ chain: string[]; kinds: Map<string, string> }> {
  // One recursive query up the parent chain (every append and decision read asks): each row is an
  // organization, its kind and its parent, nearest first. An unknown id, or a parent that is not
  // in the table, ends the chain with that id; a cycle ends it before the repeat; at most 32 levels.
  const { rows } = await deps.store.db.executeQuery(lineageQuery(deps.store.db, orgId))
  const chain = [orgId]
  const kinds = new Map<string, string>()
  for (const r of rows) {
    kinds.set(r.org_id, r.kind)
    if (!r.parent_id || chain.includes(r.parent_id) || chain.length >= LINEAGE_DEPTH) break
    chain.push(r.parent_id)
  }
  return { chain, kinds }
}

/**
 * Where an inspector's jurisdiction is rooted (domain.md §5: inspectors are "higher government,
 * assessment, audit"): its organization when that is a government, else the nearest government
 * above it — an audit or assessment office inspects the government it belongs to — else its own.
 */
export async function jurisdictionRoot(deps: AppDeps, orgId: string): Promise<string> {
  const { chain, kinds } = await lineageWithKinds(deps, orgId)
  return chain.find((id) => kinds.get(id) === 'government') ?? orgId
}

/** The organization and everything below it, as a query (usable as an IN subquery of any size). */
export function subtreeQuery(db: Kysely<Database>, orgId: string) {
  return db
    .withRecursive('tree(org_id)', (qb) =>
      qb
        .selectFrom('organizations')
        .select('org_id')
        .where('org_id', '=', orgId)
        .unionAll((u) =>
          u
            .selectFrom('organizations')
            .innerJoin('tree', 'tree.org_id', 'organizations.parent_id')
            .select('organizations.org_id'),
        ),
    )
    .selectFrom('tree')
    .select('org_id')
}

/** The decisions whose organ is `root` or below it, as a query (an IN subquery of any size). */
export function decisionsUnder(db: Kysely<Database>, root: string) {
  return db.selectFrom('decisions').select('decision_id').where('organ_id', 'in', subtreeQuery(db, root))
}

export async function subtree(deps: AppDeps, orgId: string): Promise<string[]> {
  return (await subtreeQuery(deps.store.db, orgId).execute()).map((r) => r.org_id)
}

export type { StoredEvent }
