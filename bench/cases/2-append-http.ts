// Case 2: appends over HTTP. A decision-trail server runs in its own process (`serve`, SQLite file,
// durable commits); autocannon, in this process, keeps 64 connections busy appending generated
// events to 10,000 decisions (--quick: 500) through POST /v1/decisions/{id}/events — the full path:
// strict JSON intake, authentication, validation, authority, sequence checks, hash chain and the
// compliance projection, each request acknowledged after its commit. The event types are ones
// the sequence rules accept at any point of a lifecycle (drafting, consultation, participation and
// expert steps of the undertaking unit), so a 409 would be a real error. The raw
// one-transaction-per-event limit is measured on the same disk in the same run.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { initiateDecision } from '../../src/app/decisions'
import { createToken } from '../../src/app/tokens'
import { O } from '../../src/demo/jurisdiction'
import type { DecisionEventType, EventData } from '../../src/domain/events'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { interleave, raw, workload } from '../lib/append-workload'
import { actorOf, DEPARTMENTS, evidenceOf, OFFICE, planDecision, shanghai } from '../lib/generator'
import { ratioRow, thresholdRow } from '../lib/measure'
import { mix, Rng } from '../lib/random'
import { startServer } from '../lib/server'
import * as T from '../lib/text'
import type { BenchCase, BenchContext, CaseResult } from '../lib/types'
import { benchDeps, seedDirectory } from '../lib/write'

const CONNECTIONS = 64

/** One request body of a type the sequence rules never refuse while a decision is under way. */
function body(rng: Rng, occurredAt: string, n: number): string {
  const doc = (name: string) => ({
    name: `${name}（第${n}份）.pdf`,
    sha256: createHash('sha256').update(`bench-http:${n}:${name}`).digest('hex'),
  })
  const event = <K extends DecisionEventType>(type: K, data: EventData<K>) =>
    JSON.stringify({ type, occurredAt, data, evidence: evidenceOf(data) })
  switch (rng.int(0, 5)) {
    case 0:
      return event('DraftPrepared', {
        draft: doc('决策草案'),
        legalBases: ['《重大行政决策程序暂行条例》', T.reason(rng)],
      })
    case 1:
      return event('InterUnitConsultationRecorded', { unitIds: [O.finance], agreed: rng.chance(0.8) })
    case 2:
      return event('PublicParticipationRecorded', {
        method: rng.pick(['symposium', 'questionnaire', 'field_visit'] as const),
        heldOn: occurredAt.slice(0, 10),
        participantsCount: rng.int(10, 80),
        record: doc('座谈会记录'),
      })
    case 3:
      return event('SpecialGroupConsulted', {
        organisations: rng.sample(T.SPECIAL_GROUPS, 2),
        record: doc('特定群体座谈会纪要'),
      })
    case 4:
      return event('ExpertOpinionSubmitted', {
        expertName: T.personName(rng),
        form: 'written',
        conclusion: rng.pick(['supports', 'conditional', 'opposes'] as const),
        signed: true,
        opinion: doc('专家论证意见'),
      })
    default:
      return event('HearingParticipantsPublished', {
        participants: Array.from({ length: rng.int(4, 8) }, () => ({
          name: T.personName(rng),
          constituency: rng.pick(T.CONSTITUENCIES),
        })),
      })
  }
}

/** The undertaking units' clerks: each decision's events are recorded with its unit's token. */
const UNITS = (Object.keys(DEPARTMENTS) as T.Department[]).map((d) => actorOf(d, 'undertaking'))

interface Prepared {
  file: string
  /** Per decision: its id and the bearer token of its undertaking unit. */
  decisions: Array<{ id: string; token: string }>
}

/**
 * The database the server starts on: the demo directory and `count` generated decisions, each
 * initiated through the real use case (as the city office), and one token per undertaking unit.
 */
async function prepare(ctx: BenchContext, count: number): Promise<Prepared> {
  const file = join(ctx.scratch, 'http.db')
  const backend = openSqlite(file)
  await migrateToLatest(backend)
  await sql`pragma synchronous = off`.execute(backend.db) // set-up only; the server runs with FULL
  const { deps, at } = benchDeps(backend, ctx.seed)
  await seedDirectory(deps, at)
  at(new Date().toISOString())
  const tokens = new Map<string, string>()
  const decisions: Prepared['decisions'] = []
  for (let i = 0; i < count; i++) {
    const first = planDecision(ctx.seed, i).events[0]
    if (!first) throw new Error('empty plan')
    const unitOrg = (first.data as { undertakingUnitId: string }).undertakingUnitId
    let token = tokens.get(unitOrg)
    if (token === undefined) {
      const unit = UNITS.find((a) => a.orgId === unitOrg)
      if (!unit) throw new Error(`no actor for ${unitOrg}`)
      token = (await createToken(deps, undefined, unit)).token
      tokens.set(unitOrg, token)
    }
    // A live system: decisions initiated over the last three days, recorded the same day.
    const occurredAt = shanghai(Date.now() - 3_600_000 * (2 + (i % 72)))
    const created = await initiateDecision(deps, OFFICE, {
      occurredAt,
      data: first.data,
      evidence: first.evidence,
    })
    decisions.push({ id: created.decisionId as string, token })
  }
  await backend.close()
  return { file, decisions }
}

/** Runs autocannon for `seconds` with random decisions and bodies; returns its result. */
function load(url: string, prepared: Prepared, bodies: readonly string[], seconds: number, seed: number) {
  const rng = new Rng(mix(seed, 2))
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const d = prepared.decisions[rng.int(0, prepared.decisions.length - 1)] as Prepared['decisions'][number]
          return {
            ...req,
            path: `/v1/decisions/${d.id}/events`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
            body: bodies[rng.int(0, bodies.length - 1)] as string,
          }
        },
      },
    ],
  })
}

export default {
  title: `append over HTTP: ${CONNECTIONS} concurrent clients (autocannon, another process) appending to 10,000 decisions`,
  async run(ctx): Promise<CaseResult[]> {
    const decisionCount = ctx.quick ? 500 : 10_000
    const seconds = ctx.quick ? 4 : 20
    const started = performance.now()
    const prepared = await prepare(ctx, decisionCount)
    ctx.log(
      `${decisionCount.toLocaleString()} decisions initiated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    const rng = new Rng(mix(ctx.seed, 1))
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString()
    const bodies = Array.from({ length: 2000 }, (_, n) => body(rng, occurredAt, n))

    const server = await startServer({ databaseFile: prepared.file, log: ctx.log })
    let result: autocannon.Result
    try {
      await load(server.url, prepared, bodies, ctx.quick ? 1 : 3, ctx.seed + 1) // warm-up, not counted
      result = await load(server.url, prepared, bodies, seconds, ctx.seed)
    } finally {
      await server.stop()
    }
    const ok = result['2xx']
    const errors = result.errors + result.timeouts + result.non2xx
    const rate = ok / (result.duration || seconds)
    ctx.log(
      `${ok.toLocaleString()} events acknowledged in ${result.duration} s: ${Math.round(rate)}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors`,
    )

    // The same disk's one-transaction-per-event limit, in this run.
    const limitAppends = interleave(workload(ctx.seed, ctx.quick ? 400 : 2000))
    const limit = await raw(join(ctx.scratch, 'raw.db'), limitAppends)
    await limit.close()
    const rawRate = limitAppends.length / limit.seconds

    const details = {
      connections: CONNECTIONS,
      decisions: decisionCount,
      seconds: result.duration,
      acknowledged: ok,
      non2xx: result.non2xx,
      socketErrors: result.errors,
      timeouts: result.timeouts,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
    }
    return [
      thresholdRow({
        name: '2 append HTTP: throughput',
        metric: `${CONNECTIONS} clients, full append path`,
        unit: 'events/s',
        value: rate,
        min: 5000,
        goal: '≥ 5,000 events/s',
        details,
      }),
      thresholdRow({
        name: '2 append HTTP: p99 latency',
        metric: `${CONNECTIONS} clients, full append path`,
        unit: 'ms',
        value: result.latency.p99,
        max: 50,
        goal: '< 50 ms',
        details: { p50Ms: result.latency.p50, maxMs: result.latency.max },
      }),
      thresholdRow({
        name: '2 append HTTP: errors',
        metric: 'non-2xx, socket errors and timeouts',
        unit: 'errors',
        value: errors,
        max: 1,
        goal: '0',
        details: { non2xx: result.non2xx, socketErrors: result.errors, timeouts: result.timeouts },
      }),
      ratioRow({
        name: '2 append HTTP: vs raw limit',
        metric: 'group commit vs 1 tx/event',
        unit: 'events/s',
        value: rate,
        peer: 'raw better-sqlite3, 1 tx/event',
        peerValue: rawRate,
        atLeast: 1,
        goal: '> the raw 1-tx/event limit',
      }),
    ]
  },
} satisfies BenchCase
