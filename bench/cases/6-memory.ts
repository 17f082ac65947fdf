// Case 6: memory while serving the large data set (1,000,000 events stored; --quick: 20,000). The
// server runs on a copy of it in a process of its own; for 30 s (--quick: 5 s) autocannon keeps 64
// connections busy with a mix of appends and reads (decision lists, decisions, compliance
// reports, feed pages, inclusion proofs), while the organ report over all of the city's decisions
// is fetched again and again. The figure is the server's peak resident set (VmHWM) over its whole
// life, start-up included.
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
import type { BenchCase, CaseResult } from '../lib/types'

const CONNECTIONS = 64

export default {
  title: 'memory: peak RSS of the server while serving 1,000,000 stored events',
  async run(ctx): Promise<CaseResult[]> {
    const spec = ctx.quick ? { decisions: 2000, events: 20_000 } : { decisions: 100_000, events: 1_000_000 }
    const seconds = ctx.quick ? 5 : 30
    const dataset = await ctx.dataset(spec)
    const file = join(ctx.scratch, 'serve.db')
    copyFileSync(dataset.file, file)

    // Decisions still open to appends (not terminated), with their undertaking unit, and events for proofs.
    const backend = openSqlite(file)
    const open = await backend.db
      .selectFrom('decisions')
      .innerJoin('streams', 'streams.stream_id', 'decisions.decision_id')
      .select(['decision_id', 'undertaking_unit_id'])
      .where(sql<boolean>`json_extract(streams.state, '$.terminated') = 0`)
      .execute()
    const eventIds = (
      await backend.db.selectFrom('events').select('event_id').where(sql<boolean>`position % 997 = 0`).execute()
    ).map((r) => r.event_id)
    await backend.close()

    const server = await startServer({
      databaseFile: file,
      env: { LEDGER_SIGNING_KEY: dataset.keyPem, LEDGER_ORIGIN: dataset.origin },
      log: ctx.log,
    })
    const afterStart = server.rssMiB()
    ctx.log(`server started: ${Math.round(afterStart ?? 0)} MiB`)
    let result: autocannon.Result
    let reports = 0
    let reportErrors = 0
    let reportMs = 0
    let sampledPeak = 0
    let peak: number | undefined
    try {
      const tokens = new Map<string, string>()
      for (const dept of Object.keys(DEPARTMENTS) as Department[]) {
        const actor = actorOf(dept, 'undertaking')
        const r = await call(server.url, 'POST', '/v1/tokens', ADMIN_SECRET, actor)
        tokens.set(actor.orgId, (r.body as { token: string }).token)
      }
      const rng = new Rng(mix(ctx.seed, 6))
      const occurredAt = new Date(Date.now() - 3_600_000).toISOString()
      const maxPosition = spec.events
      const get = (path: string): autocannon.Request => ({
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${ADMIN_SECRET}` },
      })
      const requests: Array<() => autocannon.Request> = [
        () => {
          const d = open[rng.int(0, open.length - 1)] as (typeof open)[number]
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
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens.get(d.undertaking_unit_id)}`,
            },
            body: JSON.stringify({ type: 'PublicParticipationRecorded', occurredAt, data, evidence: evidenceOf(data) }),
          }
        },
        () => get(`/v1/decisions?organId=${O.city}&limit=50`),
        () => get(`/v1/decisions/${(open[rng.int(0, open.length - 1)] as (typeof open)[number]).decision_id}`),
        () =>
          get(`/v1/decisions/${(open[rng.int(0, open.length - 1)] as (typeof open)[number]).decision_id}/compliance`),
        () => get(`/v1/events?after=${rng.int(0, maxPosition)}&limit=100`),
        () => get(`/v1/ledger/proofs/inclusion?eventId=${eventIds[rng.int(0, eventIds.length - 1)]}`),
      ]
      let running = true
      const sampler = setInterval(() => {
        sampledPeak = Math.max(sampledPeak, server.rssMiB() ?? 0)
      }, 200)
      const organReports = (async () => {
        while (running) {
          const t0 = performance.now()
          const r = await call(server.url, 'GET', `/v1/reports/compliance?organId=${O.city}`, ADMIN_SECRET)
          if (r.status === 200) {
            reports++
            reportMs += performance.now() - t0
          } else reportErrors++
        }
      })()
      try {
        ctx.log('load starts')
        result = await autocannon({
          url: server.url,
          connections: CONNECTIONS,
          duration: seconds,
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                ...(requests[rng.float() < 0.4 ? 0 : rng.int(1, requests.length - 1)] as () => autocannon.Request)(),
              }),
            },
          ],
        })
      } finally {
        running = false
        ctx.log('load ends; waiting for the organ report in flight')
        await organReports
        clearInterval(sampler)
      }
    } finally {
      peak = server.peakRssMiB()
      await server.stop()
    }
    const peakRss = peak ?? sampledPeak
    const errors = result.errors + result.timeouts + result.non2xx + reportErrors
    ctx.log(
      `peak RSS ${Math.round(peakRss)} MiB (after start-up ${Math.round(afterStart ?? 0)} MiB); ${result['2xx'].toLocaleString()} requests and ${reports} organ reports served, ${errors} errors`,
    )
    return [
      thresholdRow({
        name: '6 memory: peak RSS while serving',
        metric: `${spec.events.toLocaleString()} events stored, reads + appends + organ reports`,
        unit: 'MB',
        value: peakRss * 1.048576,
        max: 300,
        goal: '< 300 MB',
        details: {
          peakRssMiB: round(peakRss, 1),
          rssAfterStartMiB: round(afterStart ?? 0, 1),
          seconds: result.duration,
          requests: result['2xx'],
          requestsPerSecond: round(result['2xx'] / result.duration, 0),
          organReports: reports,
          organReportMeanMs: reports ? round(reportMs / reports, 0) : 0,
          errors,
        },
      }),
    ]
  },
} satisfies BenchCase
