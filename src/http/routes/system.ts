// Health, readiness, the refusal and access logs, the OpenAPI document and its offline rendering.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { ACCESS_KINDS, listAccessLog } from '../../app/access-log'
import { listRefusals } from '../../app/refusals'
import type { Actor } from '../../domain/envelope'
import { DomainError } from '../../domain/errors'
import { parseQuery } from '../../domain/validation'
import { requireRole } from '../auth'
import type { Env } from '../env'
import { afterPosition, PositionQuery, parseLimit, positionPage } from '../pagination'
import { json, problems, route } from '../route'

/** Static files for /docs (Swagger UI), provided by the runtime: Node reads node_modules. */
export type AssetSource = (name: string) => Promise<{ body: Uint8Array | string; type: string } | undefined>

const Refusal = z
  .object({
    id: z.number(),
    at: z.string(),
    tokenId: z.string().nullable(),
    personId: z.string().nullable(),
    orgId: z.string().nullable(),
    role: z.string(),
    method: z.string(),
    path: z.string(),
    decisionId: z.string().nullable(),
    eventType: z.string().nullable(),
    status: z.number(),
    code: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'Refusal' })

const AccessLogEntry = z
  .object({
    id: z.number(),
    at: z.string(),
    tokenId: z.string().nullable(),
    personId: z.string(),
    orgId: z.string(),
    role: z.string(),
    method: z.string(),
    path: z.string(),
    kind: z.enum(ACCESS_KINDS),
    decisionId: z.string().nullable(),
    subject: z.string().nullable(),
  })
  .meta({ id: 'AccessLogEntry' })

export function systemRoutes(app: OpenAPIHono<Env>, ready: () => Promise<boolean>, assets?: AssetSource): void {
  route(
    app,
    {
      method: 'get',
      path: '/healthz',
      summary: 'The process is up',
      tags: ['Health'],
      responses: { 200: json(z.object({ status: z.literal('ok') }), 'Up') },
    },
    (c) => c.json({ status: 'ok' as const }),
  )
  route(
    app,
    {
      method: 'get',
      path: '/readyz',
      summary: 'The database is reachable and migrations are current',
      tags: ['Health'],
      responses: { 200: json(z.object({ status: z.literal('ready') }), 'Ready'), 503: { description: 'Not ready' } },
    },
    async (c) => {
      let ok = false
      try {
        ok = await ready()
      } catch {
        ok = false
      }
      if (!ok) throw new DomainError('not-ready', 'The database is unreachable or its migrations are not current.')
      return c.json({ status: 'ready' as const })
    },
  )
  const RefusalQuery = z.strictObject(PositionQuery)
  route(
    app,
    {
      method: 'get',
      path: '/v1/refusals',
      summary: 'Refused writes: who tried what, when (inspectors: their jurisdiction; admins: all)',
      tags: ['Audit'],
      request: { query: RefusalQuery },
      responses: {
        200: json(z.object({ items: z.array(Refusal), nextCursor: z.string().nullable() }), 'Refusals in order'),
        ...problems(400, 401, 403),
      },
    },
    async (c) => {
      requireRole(c, ['inspector', 'admin'], 'read the refusal log')
      const q = parseQuery(RefusalQuery, c.req.query())
      const limit = parseLimit(q.limit)
      const rows = await listRefusals(c.get('deps'), afterPosition(q), limit + 1, jurisdictionOf(c.get('actor')))
      return c.json(positionPage(rows, limit, (r) => r.id))
    },
  )

  const AccessLogQuery = z.strictObject({
    ...PositionQuery,
    decisionId: z.string().min(1).max(200).optional(),
    personId: z.string().min(1).max(200).optional(),
    kind: z.enum(ACCESS_KINDS).optional(),
  })
  route(
    app,
    {
      method: 'get',
      path: '/v1/access-log',
      summary: 'Logged reads: non-disclosable material, dossiers, exports, reports, trails (inspectors, admins)',
      description:
        'Who (token, person, organization, role) read what (method, path, kind, decision or subject) and when. ' +
        'Kinds: `non_disclosable_read` (a response carrying a non-disclosable decision, one entry per decision), ' +
        '`dossier`, `export`, `report` (subject: the organ) and `person_trail` (subject: the person). ' +
        'Pass `nextCursor` as `cursor` (or the last `id` as `after`); filter by `decisionId`, `personId` (the reader) or `kind`. ' +
        'An inspector reads the entries about the decisions of its jurisdiction or by its organizations; an admin, all.',
      tags: ['Audit'],
      request: { query: AccessLogQuery },
      responses: {
        200: json(z.object({ items: z.array(AccessLogEntry), nextCursor: z.string().nullable() }), 'Entries in order'),
        ...problems(400, 401, 403),
      },
    },
    async (c) => {
      requireRole(c, ['inspector', 'admin'], 'read the access log')
      const q = parseQuery(AccessLogQuery, c.req.query())
      const limit = parseLimit(q.limit)
      const filter = {
        decisionId: q.decisionId,
        personId: q.personId,
        kind: q.kind,
        jurisdiction: jurisdictionOf(c.get('actor')),
      }
      const rows = await listAccessLog(c.get('deps'), filter, afterPosition(q), limit + 1)
      return c.json(positionPage(rows, limit, (r) => r.id))
    },
  )

  // api.md §2: "Authorization: Bearer <token>; none means public" — every operation takes either.
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A token printed by `npm start` (admin), issued by `POST /v1/tokens` or `decision-trail token create`; shown once, stored hashed. Without one a request acts as the public: 401 for a bad, expired or revoked token, 403 for a permission its role lacks.',
  })
  app.get('/openapi.json', (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'decision-trail',
          version: '0.1.0',
          description:
            'Event-sourced audit service for major administrative decisions (重大行政决策, Decree 713). Errors are RFC 9457 problem documents.',
        },
        servers: [{ url: '/' }],
        security: [{ bearer: [] }, {}],
      }),
    ),
  )
  app.get('/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>decision-trail API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body></html>`),
  )
  app.get('/docs/assets/docs-init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    return c.body("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true })")
  })
  app.get('/docs/assets/:name', async (c) => {
    const name = c.req.param('name')
    const file = /^swagger-ui(-bundle\.js|\.css)$/.test(name) && assets ? await assets(name) : undefined
    if (!file) throw new DomainError('not-found', `No asset ${name}.`)
    c.header('Content-Type', file.type)
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>))
  })
}

/** An inspector's jurisdiction root; none (everything) for the admin. */
const jurisdictionOf = (actor: Actor): string | undefined =>
  actor.role === 'inspector' ? (actor.jurisdictionId ?? actor.orgId) : undefined
