// Case 6: memory while serving the large data set (1,000,000 events stored; --quick: 20,000). The
// server runs on a copy of it in a process of its own; for 30 s (--quick: 3 s) autocannon keeps 64
// connections busy with a mix of appends (40%) and reads (decision lists, decisions, compliance
// reports, feed pages, inclusion proofs). Twice, each time on a fresh server process:
//   1. that traffic alone;
//   2. that traffic while the organ report over all of the city's decisions (100,000 of them, a
//      23 MB JSON answer) is fetched again and again.
// The figure is the server's peak resident set (VmHWM) over its whole life, start-up included.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { O } from '../../src/demo/jurisdiction'
import { openSqlite } from '../../src/store/sqlite'
import { actorOf, DEPARTMENTS, evidenceOf } from '../lib/generator'
import { round, thresholdRow } from '../lib/measure'
import { mix, Rng } from '../lib/random'
import { ADMIN_SECRET, call, startServer } from '../lib/server'
import type { Department } from '../lib/text'
import type { BenchCase, BenchContext, CaseResult, Dataset } from '../lib/types'

const CONNECTIONS = 64

interface Targets {
  /** Decisions still open to appends (not terminated), with their undertaking unit. */
  open: Array<{ decision_id: string; undertaking_unit_id: string }>
  /** Some event ids, for inclusion proofs. */
  eventIds: string[]
}

interface Served {
  peakMiB: number
  afterStartMiB: number
  result: autocannon.Result
  reports: number
  reportMeanMs: number
  errors: number
}

async function serve(
  ctx: BenchContext,
  dataset: Dataset,
  file: string,
  targets: Targets,
  opts: { seconds: number; organReports: boolean; seed: number },
): Promise<Served> {
  const server = await startServer({
    databaseFile: file,
    env: { LEDGER_SIGNING_KEY: dataset.keyPem, LEDGER_ORIGIN: dataset.origin },
    log: ctx.log,
  })
  const afterStartMiB = server.rssMiB() ?? 0
  let result: autocannon.Result | undefined
  let reports = 0
  let reportErrors = 0
  let reportMs = 0
  let peakMiB = 0
  try {
    const tokens = new Map<string, string>()
    for (const dept of Object.keys(DEPARTMENTS) as Department[]) {
      const actor = actorOf(dept, 'undertaking')
      const r = await call(server.url, 'POST', '/v1/tokens', ADMIN_SECRET, actor)
      tokens.set(actor.orgId, (r.body as { token: string }).token)
    }
    const { open, eventIds } = targets
    const rng = new Rng(mix(opts.seed, 6))
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString()
    const get = (path: string): autocannon.Request => ({
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${ADMIN_SECRET}` },
    })
    const anyOpen = () => open[rng.int(0, open.length - 1)] as Targets['open'][number]
    const reads: Array<() => autocannon.Request> = [
      () => get(`/v1/decisions?organId=${O.city}&limit=50`),
      () => get(`/v1/decisions/${anyOpen().decision_id}`),
      () => get(`/v1/decisions/${anyOpen().decision_id}/compliance`),
      () => get(`/v1/events?after=${rng.int(0, dataset.events)}&limit=100`),
      () => get(`/v1/ledger/proofs/inclusion?eventId=${eventIds[rng.int(0, eventIds.length - 1)]}`),
    ]
    const append = (): autocannon.Request => {
      const d = anyOpen()
      const n = rng.int(0, 1e9)
      const data = {
        method: 'symposium' as const,
        heldOn: occurredAt.slice(0, 10),
        participantsCount: rng.int(10, 80),
        record: { name: `座谈会记录（第${n}份）.pdf`, sha256: n.toString(16).padStart(64, '0') },
      }
      return {
        method: 'POST',
        path: `/v1/decisions/${d.decision_id}/events`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(d.undertaking_unit_id)}` },
        body: JSON.stringify({ type: 'PublicParticipationRecorded', occurredAt, data, evidence: evidenceOf(data) }),
      }
    }
    let running = true
    const reporting = (async () => {
      while (running && opts.organReports) {
        const t0 = performance.now()
        const r = await call(server.url, 'GET', `/v1/reports/compliance?organId=${O.city}`, ADMIN_SECRET)
        if (r.status === 200) {
          reports++
          reportMs += performance.now() - t0
        } else reportErrors++
      }
    })()
    try {
      result = await autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: opts.seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              ...(rng.float() < 0.4 ? append() : (reads[rng.int(0, reads.length - 1)] as () => autocannon.Request)()),
            }),
          },
        ],
      })
    } finally {
      running = false
      await reporting
    }
  } finally {
    peakMiB = server.peakRssMiB() ?? 0
    await server.stop()
  }
  const errors = result.errors + result.timeouts + result.non2xx + reportErrors
  ctx.log(
    `${opts.organReports ? 'with organ reports' : 'reads and appends'}: peak RSS ${Math.round(peakMiB)} MiB (after start-up ${Math.round(afterStartMiB)} MiB); ${result['2xx'].toLocaleString()} requests${opts.organReports ? ` and ${reports} organ reports` : ''} served, ${errors} errors`,
  )
  return { peakMiB, afterStartMiB, result, reports, reportMeanMs: reports ? reportMs / reports : 0, errors }
}

const row = (name: string, metric: string, s: Served, extra: CaseResult['details'] = {}) =>
  thresholdRow({
    name,
    metric,
    unit: 'MB',
    value: s.peakMiB * 1.048576,
    max: 300,
    goal: '< 300 MB',
    details: {
      peakRssMiB: round(s.peakMiB, 1),
      rssAfterStartMiB: round(s.afterStartMiB, 1),
      seconds: s.result.duration,
      requests: s.result['2xx'],
      requestsPerSecond: round(s.result['2xx'] / s.result.duration, 0),
      errors: s.errors,
      non2xx: s.result.non2xx,
      timeouts: s.result.timeouts,
      socketErrors: s.result.errors,
      ...extra,
    },
  })

export default {
  title: 'memory: peak RSS of the server while serving 1,000,000 stored events',
  async run(ctx): Promise<CaseResult[]> {
    const spec = ctx.quick ? { decisions: 2000, events: 20_000 } : { decisions: 100_000, events: 1_000_000 }
    const seconds = ctx.quick ? 3 : 30
    const dataset = await ctx.dataset(spec)
    const file = join(ctx.scratch, 'serve.db')
    copyFileSync(dataset.file, file)
    const backend = openSqlite(file)
    const targets: Targets = {
      open: await backend.db
        .selectFrom('decisions')
        .innerJoin('streams', 'streams.stream_id', 'decisions.decision_id')
        .select(['decision_id', 'undertaking_unit_id'])
        .where(sql<boolean>`json_extract(streams.state, '$.terminated') = 0`)
        .execute(),
      eventIds: (
        await backend.db.selectFrom('events').select('event_id').where(sql<boolean>`position % 997 = 0`).execute()
      ).map((r) => r.event_id),
    }
    await backend.close()

    const plain = await serve(ctx, dataset, file, targets, { seconds, organReports: false, seed: ctx.seed })
    const heavy = await serve(ctx, dataset, file, targets, { seconds, organReports: true, seed: ctx.seed + 1 })
    const events = `${spec.events.toLocaleString()} events stored`
    return [
      row('6 memory: peak RSS, reads and appends', `${events}, ${CONNECTIONS} clients`, plain),
      row(
        '6 memory: peak RSS, with organ reports',
        `${events}, + the ${spec.decisions.toLocaleString()}-decision report`,
        heavy,
        {
          organReports: heavy.reports,
          organReportMeanMs: round(heavy.reportMeanMs, 0),
        },
      ),
    ]
  },
} satisfies BenchCase
