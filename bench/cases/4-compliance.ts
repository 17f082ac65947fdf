// Case 4: compliance over the large data set (100,000 decisions / 1,000,000 events; --quick:
// 2,000 / 20,000), on a copy of the cached database with durable commits:
//   - rebuild-projections from empty read models (every stream replayed, every decision
//     evaluated and its rows written), in events per second;
//   - one decision's compliance report (GET /v1/decisions/{id}/compliance's use case, evaluated
//     afresh from the decision's events) for random decisions, read by the provincial inspector;
//   - the organ report over all of the city's decisions (GET /v1/reports/compliance's use case),
//     read from the compliance projection, timed to the last byte of its JSON text as the route
//     sends it (the decisions page by page, then their counts). The first report after a rebuild also
//     re-evaluates the decisions whose deadline has passed since (valid_until ≤ now), which since the
//     rebuild evaluates as of its start are only those of deadlines passed while it ran: timed apart.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { complianceReport } from '../../src/app/compliance'
import { rebuildProjections } from '../../src/app/rebuild'
import { DECISION_TABLES } from '../../src/app/rebuild-chunk'
import { openOrganReport, organReport, reportJson } from '../../src/app/reports'
import { createDeps } from '../../src/compose'
import { O } from '../../src/demo/jurisdiction'
import type { Actor } from '../../src/domain/envelope'
import { openSqlite } from '../../src/store/sqlite'
import { datasetKey } from '../lib/dataset'
import { latencies, now, round, sample, thresholdRow } from '../lib/measure'
import { mix, Rng } from '../lib/random'
import type { BenchCase, CaseResult } from '../lib/types'

const INSPECTOR: Actor = { personId: 'per_lin_shuyao', orgId: O.province, role: 'inspector' }
const ADMIN: Actor = { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }

export default {
  title: 'compliance: rebuild-projections, one decision’s report, the organ report over 100,000 decisions',
  async run(ctx): Promise<CaseResult[]> {
    const spec = ctx.quick ? { decisions: 2000, events: 20_000 } : { decisions: 100_000, events: 1_000_000 }
    const dataset = await ctx.dataset(spec)
    const file = join(ctx.scratch, 'compliance.db')
    copyFileSync(dataset.file, file)
    const backend = openSqlite(file)
    const deps = createDeps(backend, { ledger: { origin: dataset.origin, signingKey: datasetKey(ctx.seed) } })
    const { db } = deps.store

    // rebuild-projections from empty read models.
    for (const table of [...DECISION_TABLES].reverse()) await db.deleteFrom(table).execute()
    const t0 = now()
    const summary = await rebuildProjections(deps)
    const rebuildSeconds = (now() - t0) / 1000
    const rebuildRate = summary.events / rebuildSeconds
    ctx.log(
      `rebuild: ${summary.events.toLocaleString()} events in ${rebuildSeconds.toFixed(1)} s (${Math.round(rebuildRate)}/s)`,
    )

    // One decision's report, evaluated afresh, for random decisions.
    const ids = (await db.selectFrom('decisions').select('decision_id').orderBy('decision_id').execute()).map(
      (r) => r.decision_id,
    )
    const rng = new Rng(mix(ctx.seed, 4))
    const pickId = () => ids[rng.int(0, ids.length - 1)] as string
    for (let i = 0; i < 200; i++) await complianceReport(deps, INSPECTOR, pickId()) // warm-up
    const single = latencies(await sample(ctx.quick ? 500 : 5000, () => complianceReport(deps, INSPECTOR, pickId())))
    ctx.log(`one decision's report: p50 ${single.p50.toFixed(3)} ms, p99 ${single.p99.toFixed(3)} ms (n=${single.n})`)

    // The organ report over every decision of the city: first (refreshing what went stale), then warm.
    const stale = await db
      .selectFrom('decision_compliance')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('valid_until', 'is not', null)
      .where('valid_until', '<=', new Date().toISOString())
      .executeTakeFirstOrThrow()
    const t1 = now()
    const first = await organReport(deps, ADMIN, { organId: O.city })
    const firstMs = now() - t1
    ctx.log(
      `first organ report: ${first.decisionCount.toLocaleString()} decisions, ${Number(stale.n)} re-evaluated, ${Math.round(firstMs)} ms`,
    )
    // The answer of GET /v1/reports/compliance: the head (checked and refreshed before the first
    // byte), then the decisions a page at a time, counted as they are read, then the counts,
    // serialized to the JSON text the route sends.
    let bytes = 0
    const firstByte: number[] = []
    const answer = async () => {
      const t = now()
      const report = await openOrganReport(deps, ADMIN, { organId: O.city })
      firstByte.push(now() - t)
      bytes = 0
      for await (const piece of reportJson(report)) bytes += Buffer.byteLength(piece)
    }
    const runs = ctx.quick ? 5 : 7
    const organ = latencies(await sample(runs, answer))
    const ttfb = latencies(firstByte)
    // The same report as one object (what the dashboard page builds), for comparison.
    const whole = latencies(await sample(3, () => organReport(deps, ADMIN, { organId: O.city })))
    ctx.log(
      `organ report (JSON answer, ${(bytes / 1e6).toFixed(1)} MB): p50 ${Math.round(organ.p50)} ms, max ${Math.round(organ.max)} ms; first byte p50 ${Math.round(ttfb.p50)} ms; as one object p50 ${Math.round(whole.p50)} ms`,
    )
    await backend.close()

    return [
      thresholdRow({
        name: '4 compliance: rebuild-projections',
        metric: `${summary.decisions.toLocaleString()} decisions, from empty read models`,
        unit: 'events/s',
        value: rebuildRate,
        min: 100_000,
        goal: '≥ 100,000 events/s',
        details: { events: summary.events, decisions: summary.decisions, seconds: round(rebuildSeconds, 1) },
      }),
      thresholdRow({
        name: '4 compliance: one decision’s report p99',
        metric: 'evaluated afresh from its events',
        unit: 'ms',
        value: single.p99,
        max: 2,
        goal: 'p99 < 2 ms',
        details: { p50Ms: round(single.p50, 3), maxMs: round(single.max, 3), samples: single.n },
      }),
      thresholdRow({
        name: '4 compliance: organ report',
        metric: `${first.decisionCount.toLocaleString()} decisions, from projections`,
        unit: 'ms',
        value: organ.p50,
        max: 500,
        goal: '< 500 ms',
        details: {
          decisions: first.decisionCount,
          maxMs: round(organ.max, 1),
          runs: organ.n,
          answerBytes: bytes,
          firstByteP50Ms: round(ttfb.p50, 1),
          asOneObjectP50Ms: round(whole.p50, 1),
          firstReportMs: round(firstMs, 1),
          staleRowsRefreshedByFirst: Number(stale.n),
        },
      }),
    ]
  },
} satisfies BenchCase
