// Accountability (rules.md §5; Decree 713 Art. 38): trails, backtracking, dossiers.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { renderDossier } from '../../accountability/dossier-html'
import { accountabilityTrail, backtrackFor, dossier, personTrail, personTrailCsv } from '../../app/accountability'
import { EventIdRef } from '../../domain/events'
import { parseQuery } from '../../domain/validation'
import { recordAccess, recordNonDisclosableReads } from '../access'
import type { Env } from '../env'
import { json, param, problems, route } from '../route'

const Format = (values: [string, ...string[]]) => z.strictObject({ format: z.enum(values).optional() })

export function accountabilityRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/accountability',
      summary: 'Accountability trail: who decided, led, handled, how each member stood, who answers for each finding',
      tags: ['Accountability'],
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: json(
          z
            .object({ decisionId: z.string(), people: z.array(z.object({}).passthrough()) })
            .passthrough()
            .meta({ id: 'AccountabilityTrail' }),
          'The trail',
        ),
        ...problems(401, 403, 404, 503),
      },
    },
    async (c) => {
      const trail = await accountabilityTrail(c.get('deps'), c.get('actor'), param(c, 'id'))
      await recordNonDisclosableReads(c, [param(c, 'id')])
      return c.json(trail)
    },
  )

  const BacktrackQuery = z.strictObject({ determination: EventIdRef.optional() })
  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/accountability/backtrack',
      summary: 'Backtracking (责任倒查) from a SeriousErrorDetermined: each step, who did it, what was already known',
      description:
        'Defaults to the latest determination. For each step recorded before it: the recorder, their position then, and the open findings known when it was recorded.',
      tags: ['Accountability'],
      request: { params: z.object({ id: z.string() }), query: BacktrackQuery },
      responses: {
        200: json(
          z.object({
            decisionId: z.string(),
            determination: z.object({}).passthrough(),
            steps: z.array(z.object({}).passthrough()),
          }),
          'The timeline',
        ),
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(BacktrackQuery, c.req.query())
      const result = await backtrackFor(c.get('deps'), c.get('actor'), param(c, 'id'), q.determination)
      await recordNonDisclosableReads(c, [param(c, 'id')])
      return c.json(result)
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/people/{id}/trail',
      summary:
        'A person’s lifetime trail (终身责任追究): every position and every decision, with capacity, stance, findings',
      tags: ['Accountability'],
      request: { params: z.object({ id: z.string() }), query: Format(['json', 'csv']) },
      responses: {
        200: json(
          z.object({
            personId: z.string(),
            positions: z.array(z.object({}).passthrough()),
            decisions: z.array(z.object({}).passthrough()),
          }),
          'The trail (or CSV)',
        ),
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(Format(['json', 'csv']), c.req.query())
      const trail = await personTrail(c.get('deps'), c.get('actor'), param(c, 'id'))
      await recordAccess(c, [{ kind: 'person_trail', subject: trail.personId }])
      if (q.format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8')
        c.header('Content-Disposition', `attachment; filename="trail-${trail.personId}.csv"`)
        return c.body(personTrailCsv(trail))
      }
      return c.json(trail)
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/dossier',
      summary: 'Everything about one decision in one document: timeline, obligations, findings, trail, evidence hashes',
      tags: ['Accountability'],
      request: { params: z.object({ id: z.string() }), query: Format(['json', 'html']) },
      responses: {
        200: json(z.object({}).passthrough(), 'The dossier (JSON, or printable HTML)'),
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(Format(['json', 'html']), c.req.query())
      const d = await dossier(c.get('deps'), c.get('actor'), param(c, 'id'))
      await recordAccess(c, [{ kind: 'dossier', decisionId: param(c, 'id') }])
      return q.format === 'html' ? c.html(renderDossier(d)) : c.json(d)
    },
  )
}
