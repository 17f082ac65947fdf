import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { directoryStream } from '../../app/deps'
import {
  assignPosition,
  endPosition,
  getOrganization,
  getPerson,
  getPosition,
  listOrganizations,
  listPeople,
  listPositions,
  registerOrganization,
  registerPerson,
} from '../../app/directory'
import { DomainError } from '../../domain/errors'
import { parseOrThrow, parseQuery } from '../../domain/validation'
import { requireRole } from '../auth'
import { readJson } from '../body'
import type { Env } from '../env'
import { idempotencyOf, send } from '../idempotency'
import { decodeCursor, isKeyCursor, PageQuery, page, pageOf, parseLimit } from '../pagination'
import { idempotencyHeader, json, param, problems, route } from '../route'
import { EndPositionBody, OrganizationBody, Page, PersonBody, PositionBody, StoredEventSchema } from '../schemas'
import { clientAddress } from './common'

const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    parentId: z.string().nullable(),
    registeredAt: z.string(),
  })
  .meta({ id: 'Organization' })
const Person = z.object({ id: z.string(), name: z.string(), registeredAt: z.string() }).meta({ id: 'Person' })
const Position = z
  .object({
    positionId: z.string(),
    personId: z.string(),
    orgId: z.string(),
    title: z.string(),
    capacity: z.string(),
    from: z.string(),
    to: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ id: 'Position' })

/** The `{id}` path parameter, declared so the OpenAPI document names it. */
const idParam = (path: string) => (path.includes('{id}') ? { params: z.object({ id: z.string() }) } : {})

/** The list reads, which take ?limit= and ?cursor=. */
const PAGED = new Set(['/v1/organizations', '/v1/people', '/v1/people/{id}/positions', '/v1/directory/events'])

const READERS = ['admin', 'inspector', 'organ_office', 'undertaking', 'legality_reviewer', 'reviewer', 'executing']

export function directoryRoutes(app: OpenAPIHono<Env>): void {
  const write = (
    path: string,
    summary: string,
    schema: z.ZodType,
    out: z.ZodType,
    status: 200 | 201,
    run: (
      c: Parameters<Parameters<typeof route>[2]>[0],
      body: never,
      raw: unknown,
    ) => ReturnType<typeof registerPerson>,
  ) =>
    route(
      app,
      {
        method: 'post',
        path,
        summary,
        tags: ['Directory'],
        request: { ...idParam(path), body: { content: { 'application/json': { schema } }, required: true } },
        parameters: [idempotencyHeader],
        responses: {
          [status]: json(out, 'Recorded in the directory stream'),
          ...problems(400, 401, 403, 404, 409, 413, 422),
        },
      },
      async (c) => {
        requireRole(c, ['admin'], 'manage the directory')
        const raw = await readJson(c)
        const body = parseOrThrow(schema, raw) as never
        const result = await run(c, body, raw)
        return send(c, result)
      },
    )

  write(
    '/v1/organizations',
    'Register an organization',
    OrganizationBody,
    Organization,
    201,
    (c, body: z.infer<typeof OrganizationBody>, raw) =>
      registerOrganization(c.get('deps'), c.get('actor'), body, idempotencyOf(c, raw, clientAddress(c))),
  )
  write(
    '/v1/people',
    'Register a person (one id for life)',
    PersonBody,
    Person,
    201,
    (c, body: z.infer<typeof PersonBody>, raw) =>
      registerPerson(c.get('deps'), c.get('actor'), body, idempotencyOf(c, raw, clientAddress(c))),
  )
  write(
    '/v1/people/{id}/positions',
    'Assign a position to a person',
    PositionBody,
    Position,
    201,
    (c, body: z.infer<typeof PositionBody>, raw) =>
      assignPosition(c.get('deps'), c.get('actor'), param(c, 'id'), body, idempotencyOf(c, raw, clientAddress(c))),
  )
  write(
    '/v1/positions/{id}/end',
    'End a position (leaving, moving, retiring)',
    EndPositionBody,
    Position,
    200,
    (c, body: z.infer<typeof EndPositionBody>, raw) =>
      endPosition(c.get('deps'), c.get('actor'), param(c, 'id'), body, idempotencyOf(c, raw, clientAddress(c))),
  )

  const read = (
    path: string,
    summary: string,
    out: z.ZodType,
    run: (c: Parameters<Parameters<typeof route>[2]>[0]) => Promise<unknown>,
  ) =>
    route(
      app,
      {
        method: 'get',
        path,
        summary,
        tags: ['Directory'],
        request: { ...idParam(path), ...(PAGED.has(path) ? { query: PageQuery } : {}) },
        responses: { 200: json(out, summary), ...problems(400, 401, 403, 404) },
      },
      async (c) => {
        requireRole(c, READERS, 'read the directory')
        return c.json((await run(c)) as object)
      },
    )

  read('/v1/organizations', 'List organizations', Page(Organization), async (c) => {
    const q = parseQuery(PageQuery, c.req.query())
    const limit = parseLimit(q.limit)
    const rows = await listOrganizations(c.get('deps'), decodeCursor(q.cursor, isKeyCursor)?.k, limit + 1)
    return page(rows, limit, (l) => ({ k: l.id }))
  })
  read('/v1/organizations/{id}', 'One organization with its positions', Organization, async (c) => {
    const org = await getOrganization(c.get('deps'), param(c, 'id'))
    if (!org) throw new DomainError('not-found', `No organization ${param(c, 'id')}.`)
    return { ...org, positions: await listPositions(c.get('deps'), { orgId: org.id }) }
  })
  read('/v1/people', 'List people', Page(Person), async (c) => {
    const q = parseQuery(PageQuery, c.req.query())
    const limit = parseLimit(q.limit)
    const rows = await listPeople(c.get('deps'), decodeCursor(q.cursor, isKeyCursor)?.k, limit + 1)
    return page(rows, limit, (l) => ({ k: l.id }))
  })
  read('/v1/people/{id}', 'One person with every position they held', Person, async (c) => {
    const person = await getPerson(c.get('deps'), param(c, 'id'))
    if (!person) throw new DomainError('not-found', `No person ${param(c, 'id')}.`)
    return { ...person, positions: await listPositions(c.get('deps'), { personId: person.id }) }
  })
  read('/v1/people/{id}/positions', 'Positions a person held, oldest first', Page(Position), async (c) => {
    const q = parseQuery(PageQuery, c.req.query())
    const person = await getPerson(c.get('deps'), param(c, 'id'))
    if (!person) throw new DomainError('not-found', `No person ${param(c, 'id')}.`)
    return pageOf(await listPositions(c.get('deps'), { personId: person.id }), q, (p) => p.positionId)
  })
  read('/v1/positions/{id}', 'One position', Position, async (c) => {
    const pos = await getPosition(c.get('deps'), param(c, 'id'))
    if (!pos) throw new DomainError('not-found', `No position ${param(c, 'id')}.`)
    return pos
  })
  read('/v1/directory/events', 'The directory stream (hash-chained events)', Page(StoredEventSchema), async (c) => {
    const q = parseQuery(PageQuery, c.req.query())
    const limit = parseLimit(q.limit, 500)
    const after =
      decodeCursor(q.cursor, (v): v is { v: number } => typeof (v as { v?: unknown })?.v === 'number')?.v ?? 0
    const deps = c.get('deps')
    const rows = await deps.store.readStream(directoryStream(deps), { fromVersion: after + 1, limit: limit + 1 })
    return page(rows, limit, (l) => ({ v: l.version }))
  })
}
