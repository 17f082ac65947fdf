// `decision-trail report`: the organ compliance report of GET /v1/reports/compliance, as JSON or
// CSV on stdout, read straight from the database (the operator holding the file acts as admin).
import { parseArgs } from 'node:util'
import { backfillProjections } from '../app/rebuild'
import { backfillReportItems, openOrganReport, reportCsvChunks, reportJson } from '../app/reports'
import type { Config } from '../config'
import type { Actor } from '../domain/envelope'
import { CalendarDate } from '../domain/events'
import { migrateToLatest, nodeDeps, openBackend } from '../node'
import type { CliIo } from './io'
import { progressLine } from './io'

const OPERATOR: Actor = { personId: 'per_cli', orgId: 'org_cli', role: 'admin' }

export const REPORT_HELP = `Usage: decision-trail report --organ <org_…> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format json|csv]

Prints the compliance report of one decision organ for the decisions initiated between --from and
--to (inclusive): status counts, per-obligation completion rates over each decision's latest
cycle, findings by code (open and resolved) and the decisions. --format csv prints one row per
decision (UTF-8 with a BOM, so Excel reads Chinese): redirect it to a file.
Statuses a passing deadline may have changed are re-evaluated first (progress on stderr).
Exit codes: 0 ok, 1 failure (unknown organ, database error), 2 usage.`

/** Returns the exit code; `usage` is called for bad arguments. */
export async function reportCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let values: {
    organ?: string | undefined
    from?: string | undefined
    to?: string | undefined
    format?: string | undefined
  }
  try {
    values = parseArgs({
      args,
      options: {
        organ: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
      },
    }).values
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${REPORT_HELP}`)
    return 2
  }
  const bad: string[] = []
  if (!values.organ) bad.push('--organ is required')
  for (const k of ['from', 'to'] as const)
    if (values[k] !== undefined && !CalendarDate.safeParse(values[k]).success)
      bad.push(`--${k} must be a date YYYY-MM-DD`)
  const format = values.format ?? 'json'
  if (format !== 'json' && format !== 'csv') bad.push('--format must be json or csv')
  if (bad.length) {
    io.err(`${bad.join('\n')}\n\n${REPORT_HELP}`)
    return 2
  }
  const backend = await openBackend(config.databaseUrl, config)
  try {
    await migrateToLatest(backend)
    const deps = await nodeDeps(backend, config)
    await backfillProjections(deps, progressLine(io, 'projecting decisions'))
    await backfillReportItems(deps, progressLine(io, 'storing report entries'))
    const report = await openOrganReport(
      deps,
      OPERATOR,
      { organId: values.organ as string, from: values.from, to: values.to },
      progressLine(io, 're-evaluating decisions whose deadlines passed'),
    )
    // Written a page of decisions at a time, as the HTTP answer is (stdout to a file or a pipe is
    // written synchronously on Linux and macOS, so nothing piles up).
    const pieces = format === 'csv' ? reportCsvChunks(report) : reportJson(report, 2)
    for await (const piece of pieces) io.out(piece)
    if (format !== 'csv') io.out('\n')
    return 0
  } finally {
    await backend.close()
  }
}
