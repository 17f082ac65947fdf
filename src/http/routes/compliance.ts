// Compliance reports and rulebooks (rules.md; api.md §3).
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { complianceReport } from '../../app/compliance'
import { DomainError } from '../../domain/errors'
import { Timestamp } from '../../domain/events'
import { parseQuery } from '../../domain/validation'
import { recordNonDisclosableReads } from '../access'
import type { Env } from '../env'
import { PageQuery, pageOf } from '../pagination'
import { json, param, problems, route } from '../route'
import { Page } from '../schemas'

const Report = z
  .object({
    decisionId: z.string(),
    status: z.enum(['compliant', 'noncompliant', 'in_progress']),
    rulebook: z.object({ id: z.string(), version: z.number() }),
    asOf: z.string(),
    knownAt: z.string(),
    cycles: z.array(
      z
        .object({
          cycle: z.number(),
          obligations: z.array(z.object({}).passthrough()),
          findings: z.array(z.object({}).passthrough()),
        })
        .passthrough(),
    ),
    findings: z.array(z.object({}).passthrough()),
  })
  .passthrough()
  .meta({ id: 'ComplianceReport' })

const ComplianceQuery = z.strictObject({ asOf: Timestamp.optional(), knownAt: Timestamp.optional() })

export function complianceRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/decisions/{id}/compliance',
      summary: 'Compliance report: obligations and findings per procedure cycle',
      description:
        '`asOf` is the moment deadlines are judged at (default now); `knownAt` keeps only events recorded by then (default now). The same events, rulebook version and times always give the same bytes.',
      tags: ['Compliance'],
      request: { params: z.object({ id: z.string() }), query: ComplianceQuery },
      responses: { 200: json(Report, 'The report'), ...problems(400, 401, 403, 404, 503) },
    },
    async (c) => {
      const q = parseQuery(ComplianceQuery, c.req.query())
      const report = await complianceReport(c.get('deps'), c.get('actor'), param(c, 'id'), q)
      await recordNonDisclosableReads(c, [param(c, 'id')])
      return c.json(report)
    },
  )

  route(
    app,
    {
      method: 'get',
      path: '/v1/rulebooks',
      summary: 'Loaded rulebooks and their versions',
      tags: ['Compliance'],
      request: { query: PageQuery },
      responses: { 200: json(Page(z.object({}).passthrough()), 'Rulebooks'), ...problems(400) },
    },
    (c) => {
      const q = parseQuery(PageQuery, c.req.query())
      return c.json(pageOf(c.get('deps').rulebooks.list(), q, (r) => `${r.id}@${r.version}`))
    },
  )
  route(
    app,
    {
      method: 'get',
      path: '/v1/rulebooks/{id}',
      summary: 'One rulebook: every version with its parameters, checks and sources',
      tags: ['Compliance'],
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: json(z.object({ id: z.string(), versions: z.array(z.object({}).passthrough()) }), 'The rulebook'),
        ...problems(404),
      },
    },
    (c) => {
      const rb = c.get('deps').rulebooks.get(param(c, 'id'))
      if (!rb) throw new DomainError('not-found', `No rulebook ${param(c, 'id')}.`)
      return c.json(rb)
    },
  )
}
