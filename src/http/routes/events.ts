// The global feed in commit order, as JSON pages and as Server-Sent Events.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { readFeed } from '../../app/reads'
import type { StoredEvent } from '../../domain/envelope'
import { DomainError } from '../../domain/errors'
import { parseQuery } from '../../domain/validation'
import { recordNonDisclosableReads } from '../access'
import type { Env } from '../env'
import { afterPosition, PositionQuery, parseLimit, positionPage } from '../pagination'
import { json, problems, route } from '../route'
import { StoredEventSchema } from '../schemas'

const FeedQuery = z.strictObject(PositionQuery)

export function eventRoutes(app: OpenAPIHono<Env>, onCommit?: (listener: () => void) => () => void): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/events',
      summary: 'The global feed in commit order',
      description:
        'Pass the last `position` you processed as `after`, or `nextCursor` as `cursor` (the same number; null at the end).',
      tags: ['Feed'],
      request: { query: FeedQuery },
      responses: {
        200: json(
          z.object({ items: z.array(StoredEventSchema), nextCursor: z.string().nullable() }),
          'Events after `after`',
        ),
        ...problems(400, 401, 403, 503),
      },
    },
    async (c) => {
      const q = parseQuery(FeedQuery, c.req.query())
      const limit = parseLimit(q.limit)
      const rows = await readFeed(c.get('deps'), c.get('actor'), afterPosition(q), limit + 1)
      const body = positionPage(rows, limit, (e) => e.position)
      await recordNonDisclosableReads(
        c,
        body.items.map((e) => e.decisionId),
      )
      return c.json(body)
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/events/stream',
      summary: 'The global feed as Server-Sent Events',
      description:
        'Each event is sent with `id: <position>` and `event: <type>`; reconnect with `Last-Event-ID` or `?after=`.',
      tags: ['Feed'],
      request: {
        query: z.strictObject({
          after: z
            .string()
            .regex(/^\d{1,15}$/)
            .optional(),
        }),
      },
      responses: { 200: { description: 'text/event-stream' }, ...problems(400, 401, 403) },
    },
    async (c) => {
      const q = parseQuery(
        z.strictObject({
          after: z
            .string()
            .regex(/^\d{1,15}$/)
            .optional(),
        }),
        c.req.query(),
      )
      const lastId = c.req.header('last-event-id')
      if (lastId !== undefined && !/^\d{1,15}$/.test(lastId))
        throw new DomainError('invalid-query', 'Last-Event-ID must be a position.')
      let after = Number(lastId ?? q.after ?? 0)
      const deps = c.get('deps')
      const actor = c.get('actor')
      await readFeed(deps, actor, after, 1) // authorization before the stream opens
      const pollMs = c.get('options').ssePollMs ?? 1000
      return streamSSE(c, async (stream) => {
        let wake: (() => void) | undefined
        const unsubscribe = onCommit?.(() => wake?.())
        stream.onAbort(() => wake?.())
        try {
          while (!stream.aborted) {
            const batch = await readFeed(deps, actor, after, 500)
            // Logged before sending; when the access log cannot be written the stream ends.
            if (!(await loggedOrClosed(c, stream, batch))) break
            for (const e of batch) {
              await stream.writeSSE({ id: String(e.position), event: e.type, data: JSON.stringify(e) })
              after = e.position
            }
            if (batch.length === 500) continue
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, pollMs)
              wake = () => {
                clearTimeout(t)
                resolve()
              }
            })
          }
        } finally {
          unsubscribe?.()
        }
      })
    },
  )
}

/** Records the batch's non-disclosable reads; on failure tells the client and returns false. */
async function loggedOrClosed(
  c: Context<Env>,
  stream: { writeSSE: (m: { event: string; data: string }) => Promise<void> },
  batch: readonly StoredEvent[],
): Promise<boolean> {
  try {
    const decisionIds = batch.map((e) => e.decisionId)
    await recordNonDisclosableReads(c, decisionIds)
    return true
  } catch {
    await stream.writeSSE({ event: 'error', data: 'access-log-unavailable' })
    return false
  }
}
