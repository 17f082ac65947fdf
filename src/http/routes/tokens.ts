import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { createToken, listTokens, revokeToken } from '../../app/tokens'
import type { Role } from '../../domain/envelope'
import { parseOrThrow, parseQuery } from '../../domain/validation'
import { requireRole } from '../auth'
import { readJson } from '../body'
import type { Env } from '../env'
import { createOnce, idempotencyOf } from '../idempotency'
import { PageQuery, pageOf } from '../pagination'
import { idempotencyHeader, json, param, problems, route } from '../route'
import { Page, TokenBody } from '../schemas'

const TokenView = z
  .object({
    id: z.string(),
    personId: z.string(),
    orgId: z.string(),
    role: z.string(),
    kind: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Token' })

export function tokenRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/tokens',
      summary: 'Issue a token (admin); the secret is shown once',
      description:
        'With an Idempotency-Key, a retry with the same body issues no second token: it answers 201 with ' +
        'the token first issued, without its secret (secrets are never stored), and ' +
        '`Idempotent-Replayed: true`; the same key with another body is 422.',
      tags: ['Tokens'],
      request: { body: { content: { 'application/json': { schema: TokenBody } }, required: true } },
      parameters: [idempotencyHeader],
      responses: {
        201: json(
          TokenView.extend({ token: z.string().optional() }),
          'The token, its secret shown once (absent from a replay)',
        ),
        ...problems(400, 401, 403, 413, 422),
      },
    },
    async (c) => {
      requireRole(c, ['admin'], 'issue tokens')
      const raw = await readJson(c)
      const body = parseOrThrow(TokenBody, raw)
      const deps = c.get('deps')
      const idempotency = idempotencyOf(c, raw, '')
      c.header('Cache-Control', 'no-store')
      return createOnce(c, idempotency, async () => {
        const { token, view } = await createToken(
          deps,
          c.get('actor'),
          { ...body, role: body.role as Role },
          'issued',
          idempotency,
        )
        return c.json({ ...view, token }, 201)
      })
    },
  )
  route(
    app,
    {
      method: 'get',
      path: '/v1/tokens',
      summary: 'List tokens (never their secrets)',
      tags: ['Tokens'],
      request: { query: PageQuery },
      responses: { 200: json(Page(TokenView), 'Tokens, oldest first'), ...problems(400, 401, 403) },
    },
    async (c) => {
      requireRole(c, ['admin'], 'list tokens')
      const q = parseQuery(PageQuery, c.req.query())
      return c.json(pageOf(await listTokens(c.get('deps')), q, (t) => t.id))
    },
  )
  route(
    app,
    {
      method: 'delete',
      path: '/v1/tokens/{id}',
      summary: 'Revoke a token',
      tags: ['Tokens'],
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: json(TokenView, 'Revoked'), ...problems(401, 403, 404, 409) },
    },
    async (c) => {
      requireRole(c, ['admin'], 'revoke tokens')
      return c.json(await revokeToken(c.get('deps'), c.get('actor'), param(c, 'id')))
    },
  )
}
