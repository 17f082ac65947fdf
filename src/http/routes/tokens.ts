import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { createToken, listTokens, revokeToken } from '../../app/tokens'
import type { Role } from '../../domain/envelope'
import { parseOrThrow } from '../../domain/validation'
import { requireRole } from '../auth'
import { readJson } from '../body'
import type { Env } from '../env'
import { PageQuery, pageOf } from '../pagination'
import { json, param, problems, route } from '../route'
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
      description: 'Idempotency-Key is not honoured here: secrets are never stored, so they cannot be replayed.',
      tags: ['Tokens'],
      request: { body: { content: { 'application/json': { schema: TokenBody } }, required: true } },
      responses: {
        201: json(TokenView.extend({ token: z.string() }), 'The token, shown once'),
        ...problems(400, 401, 403, 413),
      },
    },
    async (c) => {
      requireRole(c, ['admin'], 'issue tokens')
      const body = parseOrThrow(TokenBody, await readJson(c))
      const { token, view } = await createToken(c.get('deps'), c.get('actor'), { ...body, role: body.role as Role })
      c.header('Cache-Control', 'no-store')
      return c.json({ ...view, token }, 201)
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
      const q = parseOrThrow(PageQuery, c.req.query(), [], 'query')
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
