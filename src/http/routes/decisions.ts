import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { initiateDecision, isDecisionId, loadReadable, recordEvent } from '../../app/decisions'
import { decisionView, listDecisions, readDecisionEvents } from '../../app/reads'
import { DomainError } from '../../domain/errors'
import { CalendarDate, Timestamp } from '../../domain/events'
import { parseOrThrow, parseQuery } from '../../domain/validation'
import { recordAccess, recordNonDisclosableReads } from '../access'
import { readJson } from '../body'
import type { Env } from '../env'
import { idempotencyOf, send } from '../idempotency'
import { decodeCursor, page, parseLimit } from '../pagination'
import { etag, idempotencyHeader, json, param, parseIfMatch, problems, route } from '../route'
import { AppendEventBody, AppendEventEnvelope, CreateDecisionBody, Page, StoredEventSchema } from '../schemas'
import { clientAddress } from './common'

const DecisionViewSchema = z
  .object({
    decisionId: z.string(),
    title: z.string(),
    phase: z.string(),
    outcome: z.string().nullable(),
    cycle: z.number(),
    version: z.number(),
  })
  .passthrough()
  .meta({ id: 'Decision' })
const ListQuery = z.strictObject({
  organId: z.string().max(200).optional(),
  undertakingUnitId: z.string().max(200).optional(),
  status: z.enum(['compliant', 'noncompliant', 'in_progress']).optional(),
  phase: z.string().max(40).optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  q: z.string().max(200).optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
})
const isListCursor = (v: unknown): v is { date: string; id: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { date?: unknown }).date === 'string' &&
  typeof (v as { id?: unknown }).id === 'string'

/** The envelope of a new decision; its payload and evidence are validated by the use case. */
const CreateDecisionEnvelope = CreateDecisionBody.pick({ occurredAt: true, correlationId: true, causationId: true })
  .extend({ data: z.unknown(), evidence: z.unknown().optional() })
  .strict()

export function decisionRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/decisions',
      summary: 'Initiate a decision (its first event, DecisionInitiated)',
      tags: ['Decisions'],
      request: {
        body: { content: { 'application/json': { schema: CreateDecisionBody } }, required: true },
        headers: z.object({}),
      },
      parameters: [idempotencyHeader],
      responses: {
        201: json(z.object({ decisionId: z.string(), version: z.literal(1), event: StoredEventSchema }), 'Created'),
        ...problems(400, 401, 403, 413, 422),
      },
    },
    async (c) => {
      const raw = await readJson(c)
      const body = parseOrThrow(CreateDecisionEnvelope, raw)
      const result = await initiateDecision(
        c.get('deps'),
        c.get('actor'),
        body,
        idempotencyOf(c, raw, clientAddress(c)),
      )
      const id = result.replayed ? undefined : result.decisionId
      return send(c, result, id ? { Location: `/v1/decisions/${id}`, ETag: etag(1) } : {})
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions',
      summary: 'Decisions the caller may read, newest first',
      description:
        'Each item carries its compliance `status` as of now; `status=` filters by it (statuses a passing deadline changed are re-evaluated first).',
      tags: ['Decisions'],
      request: { query: ListQuery },
      responses: { 200: json(Page(DecisionViewSchema), 'A page of decisions'), ...problems(400, 401, 503) },
    },
    async (c) => {
      const q = parseQuery(ListQuery, c.req.query())
      const limit = parseLimit(q.limit)
      const cursor = decodeCursor(q.cursor, isListCursor)
      const rows = await listDecisions(c.get('deps'), c.get('actor'), q, cursor, limit + 1)
      const result = page(rows, limit, (last) => ({ date: last.initiatedDate, id: last.decisionId }))
      const hidden = result.items.filter((i) => i.nonDisclosable)
      await recordAccess(
        c,
        hidden.map((i) => ({ kind: 'non_disclosable_read', decisionId: i.decisionId })),
      )
      return c.json(result)
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}',
      summary: 'Current state of a decision',
      tags: ['Decisions'],
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: json(DecisionViewSchema, 'The decision'), ...problems(401, 403, 404, 503) },
    },
    async (c) => {
      const { state, version } = await loadReadable(c.get('deps'), c.get('actor'), param(c, 'id'))
      if (state.flags.nonDisclosable)
        await recordAccess(c, [{ kind: 'non_disclosable_read', decisionId: param(c, 'id') }])
      c.header('ETag', etag(version))
      return c.json(decisionView(state))
    },
  )

  route(
    app,
    {
      method: 'post',
      path: '/v1/decisions/{id}/events',
      summary: 'Record a procedural step',
      description: 'Send `If-Match: "<version>"` to append only if the stream is still at that version (else 412).',
      tags: ['Decisions'],
      request: {
        params: z.object({ id: z.string() }),
        body: { content: { 'application/json': { schema: AppendEventBody } }, required: true },
      },
      parameters: [idempotencyHeader, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
      responses: {
        201: json(z.object({ event: StoredEventSchema }), 'Recorded'),
        ...problems(400, 401, 403, 404, 409, 412, 413, 422),
      },
    },
    async (c) => {
      const id = param(c, 'id')
      const ifMatch = parseIfMatch(c.req.header('if-match'))
      const raw = await readJson(c)
      if (raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string')
        c.set('eventType', (raw as { type: string }).type)
      // recordEvent lets the public record PublicFeedbackReceived (for the rate-limited feedback
      // endpoint); here, like any other write by the public, it is refused (api.md §2).
      if (c.get('actor').role === 'public') {
        throw new DomainError(
          'forbidden',
          'Missing permission: record events. The public leaves feedback through POST /v1/public/decisions/{id}/feedback.',
          undefined,
          { permission: 'record events' },
        )
      }
      const body = parseOrThrow(AppendEventEnvelope, raw)
      if (!isDecisionId(id)) throw new DomainError('not-found', `No decision ${id}.`)
      const deps = c.get('deps')
      const result = await recordEvent(deps, c.get('actor'), id, body, {
        ifMatch,
        idempotency: idempotencyOf(c, raw, clientAddress(c)),
      })
      const version = result.replayed ? undefined : result.events[0]?.version
      return send(c, result, version !== undefined ? { ETag: etag(version) } : {})
    },
  )

  const EventsQuery = z.strictObject({
    asOf: Timestamp.optional(),
    limit: z.string().optional(),
    cursor: z.string().optional(),
  })
  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/events',
      summary: 'The decision’s events in version order, corrections marked',
      description:
        '`asOf` keeps only events recorded by then. Corrected events carry `correctedBy`; corrections carry `corrects`.',
      tags: ['Decisions'],
      request: { params: z.object({ id: z.string() }), query: EventsQuery },
      responses: {
        200: json(Page(StoredEventSchema).extend({ decisionId: z.string(), version: z.number() }), 'The stream'),
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(EventsQuery, c.req.query())
      const limit = parseLimit(q.limit, 500)
      const cursor = decodeCursor(q.cursor, (v): v is { v: number } => typeof (v as { v?: unknown })?.v === 'number')
      const id = param(c, 'id')
      const { version, items } = await readDecisionEvents(c.get('deps'), c.get('actor'), id, {
        asOf: q.asOf,
        afterVersion: cursor?.v ?? 0,
        limit: limit + 1,
      })
      await recordNonDisclosableReads(c, [id])
      c.header('ETag', etag(version))
      return c.json({ decisionId: id, version, ...page(items, limit, (last) => ({ v: last.version })) })
    },
  )
}
