// Organ compliance reports (api.md §3 GET /v1/reports/compliance), as JSON or CSV.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { openOrganReport, reportCsvChunks, reportJson, textStream } from '../../app/reports'
import { CalendarDate } from '../../domain/events'
import { parseQuery } from '../../domain/validation'
import { recordAccess } from '../access'
import type { Env } from '../env'
import { problems, route } from '../route'

const ReportQuery = z.strictObject({
  organId: z.string().min(1).max(200),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  format: z.enum(['json', 'csv']).optional(),
})

const OrganReportSchema = z
  .object({
    organId: z.string(),
    organName: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    asOf: z.string(),
    // Listed before the counts, which are theirs (streamed: counted as they are read).
    decisions: z.array(
      z.object({
        decisionId: z.string(),
        title: z.string(),
        initiatedDate: z.string(),
        status: z.string(),
        rulebook: z.object({ id: z.string(), version: z.number().nullable() }),
        openFindings: z.array(z.string()),
      }),
    ),
    decisionCount: z.number(),
    statusCounts: z.record(z.string(), z.number()),
    obligations: z.array(
      z.object({
        obligation: z.string(),
        done: z.number(),
        missing: z.number(),
        pending: z.number(),
        not_applicable: z.number(),
        completionRate: z.number().nullable(),
      }),
    ),
    findings: z.array(z.object({ code: z.string(), severity: z.string(), open: z.number(), resolved: z.number() })),
  })
  .meta({ id: 'OrganComplianceReport' })

export function reportRoutes(app: OpenAPIHono<Env>): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/reports/compliance',
      summary: 'Organ compliance report: status counts, obligation completion rates, findings by code, decisions',
      description:
        'Decisions of `organId` initiated between `from` and `to` (inclusive civil dates). Completion rate = done / (done + missing) over each decision’s latest cycle. `format=csv` gives one row per decision, then the organ’s counts as three more tables, each after an empty line (UTF-8 with a BOM). Readable by admin, inspectors for organs in their jurisdiction, and the organ’s own office.',
      tags: ['Compliance'],
      request: { query: ReportQuery },
      responses: {
        200: {
          description: 'The report (or CSV)',
          content: {
            'application/json': { schema: OrganReportSchema },
            'text/csv': { schema: z.string() },
          },
        },
        ...problems(400, 401, 403, 404, 503),
      },
    },
    async (c) => {
      const q = parseQuery(ReportQuery, c.req.query())
      // Every refusal (permission, unknown organ, bad dates) is thrown here, before the first byte;
      // the decisions are then read and sent page by page (an organ may have 100,000 of them).
      const report = await openOrganReport(c.get('deps'), c.get('actor'), q)
      const { head } = report
      await recordAccess(c, [{ kind: 'report', subject: head.organId }])
      if (q.format === 'csv') {
        const name = ['compliance', head.organId, head.from, head.to].filter(Boolean).join('-')
        c.header('Content-Type', 'text/csv; charset=utf-8')
        c.header('Content-Disposition', `attachment; filename="${name}.csv"`)
        return c.body(textStream(reportCsvChunks(report)))
      }
      c.header('Content-Type', 'application/json')
      return c.body(textStream(reportJson(report)))
    },
  )
}
