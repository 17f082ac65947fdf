// The public portal's API: published, disclosable decisions only, and rate-limited feedback.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { loadReadable, recordEvent } from '../../app/decisions'
import { decisionView, listDecisions } from '../../app/reads'
import { DomainError } from '../../domain/errors'
import { PUBLIC_RECORD_TYPES } from '../../domain/public-record'
import { parseOrThrow, parseQuery } from '../../domain/validation'
import { readJson } from '../body'
import { type Env, PUBLIC_ACTOR } from '../env'
import { idempotencyOf, send } from '../idempotency'
import { decodeCursor, page, parseLimit } from '../pagination'
import { idempotencyHeader, json, param, problems, route } from '../route'
import { FeedbackBody, StoredEventSchema } from '../schemas'
import { clientAddress } from './common'

/** A fixed-window counter per client address; in memory (per process), which is documented. */
export class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>()
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}
  take(key: string, now: number): boolean {
    const h = this.hits.get(key)
    if (!h || now - h.start >= this.windowMs) {
      if (this.hits.size > 10_000) this.hits.clear()
      this.hits.set(key, { start: now, count: 1 })
      return true
    }
    h.count += 1
    return h.count <= this.max
  }
}

const PublicQuery = z.strictObject({
  q: z.string().max(200).optional(),
  organId: z.string().max(200).optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
})

export function publicRoutes(app: OpenAPIHono<Env>, limiter: RateLimiter): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/public/decisions',
      summary: 'Published, disclosable decisions',
      tags: ['Public'],
      request: { query: PublicQuery },
      responses: {
        200: json(
          z.object({ items: z.array(z.object({}).passthrough()), nextCursor: z.string().nullable() }),
          'Public decisions',
        ),
        ...problems(400),
      },
    },
    async (c) => {
      const q = parseQuery(PublicQuery, c.req.query())
      const limit = parseLimit(q.limit)
      const cursor = decodeCursor(
        q.cursor,
        (v): v is { date: string; id: string } =>
          typeof (v as { id?: unknown })?.id === 'string' && typeof (v as { date?: unknown }).date === 'string',
      )
      const rows = await listDecisions(c.get('deps'), PUBLIC_ACTOR, { q: q.q, organId: q.organId }, cursor, limit + 1)
      return c.json(page(rows, limit, (l) => ({ date: l.initiatedDate, id: l.decisionId })))
    },
  )
  route(
    app,
    {
      method: 'get',
      path: '/v1/public/decisions/{id}',
      summary: 'One published, disclosable decision with its compliance status and public record',
      tags: ['Public'],
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: json(
          z.object({ decision: z.object({}).passthrough(), events: z.array(StoredEventSchema) }),
          'The decision',
        ),
        ...problems(404),
      },
    },
    async (c) => {
      const deps = c.get('deps')
      const id = param(c, 'id')
      const { state } = await loadReadable(deps, PUBLIC_ACTOR, id)
      // The public record: publication and how public opinions were handled, not internal steps.
      const shown = PUBLIC_RECORD_TYPES
      const events = (await deps.store.readStream(id)).filter((e) => shown.has(e.type))
      // "published, disclosable decisions and their compliance status" (domain.md §5), as listed.
      const only = { decisionIds: [id], organId: state.organId } // refreshes only its organ's stale rows
      const [listed] = await listDecisions(deps, PUBLIC_ACTOR, only, undefined, 1)
      return c.json({ decision: { ...decisionView(state), status: listed?.status ?? null }, events })
    },
  )
  route(
    app,
    {
      method: 'post',
      path: '/v1/public/decisions/{id}/feedback',
      summary: 'Leave feedback on a published decision (Art. 35(2); rate-limited)',
      tags: ['Public'],
      request: {
        params: z.object({ id: z.string() }),
        body: { content: { 'application/json': { schema: FeedbackBody } }, required: true },
      },
      parameters: [idempotencyHeader],
      responses: {
        201: json(z.object({ event: StoredEventSchema }), 'Recorded as PublicFeedbackReceived'),
        ...problems(400, 404, 413, 429),
      },
    },
    async (c) => {
      const deps = c.get('deps')
      const address = clientAddress(c)
      if (!limiter.take(address, deps.clock().getTime()))
        throw new DomainError('rate-limited', 'Too much feedback from this address; try again later.')
      const raw = await readJson(c)
      const body = parseOrThrow(FeedbackBody, raw)
      const id = param(c, 'id')
      await loadReadable(deps, PUBLIC_ACTOR, id)
      const result = await recordEvent(
        deps,
        PUBLIC_ACTOR,
        id,
        {
          type: 'PublicFeedbackReceived',
          occurredAt: deps.clock().toISOString(),
          data: { channel: body.channel ?? 'online', summary: body.summary },
        },
        { idempotency: idempotencyOf(c, raw, address) },
      )
      return send(c, result)
    },
  )
}
