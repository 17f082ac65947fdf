// Case 1: appends in process on SQLite with durable commits (WAL, synchronous=FULL, on the bench
// disk). The same generated events (hash-chained, Chinese text, evidence) are appended one event
// per append, one append after the other, by:
//   - decision-trail's EventStore (the event row and the stream head in one unit);
//   - the Emmett SQLite event store (@event-driven-io/emmett-sqlite 0.38.5, as shipped: WAL and
//     SQLite's default synchronous=FULL);
//   - raw better-sqlite3: the same two rows with prepared statements, one BEGIN IMMEDIATE … COMMIT
//     per event — the physical limit of one durable transaction per event.
// Then decision-trail again with 64 concurrent appenders, where group commit lets one fsync cover
// many appends. Rounds alternate the subjects on fresh files; each figure is the median round.
import { join } from 'node:path'
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite'
import { EventStore } from '../../src/store/event-store'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { type Append, interleave, raw, type Subject, workload } from '../lib/append-workload'
import { now, ratioRow, round } from '../lib/measure'
import type { BenchCase, BenchContext, CaseResult } from '../lib/types'

const decisionTrail: Subject = async (file, appends) => {
  const backend = openSqlite(file)
  await migrateToLatest(backend)
  const store = new EventStore(backend)
  const t0 = now()
  for (const a of appends) await store.append(unit(a))
  return { seconds: (now() - t0) / 1000, close: () => backend.close() }
}

const unit = (a: Append) => ({
  streamId: a.event.decisionId,
  kind: 'decision' as const,
  expectedVersion: a.event.version - 1,
  events: [a.event],
  newState: a.state,
  also: [],
})

/** The same store with `writers` concurrent appenders, each owning a share of the streams. */
const decisionTrailConcurrent =
  (writers: number, streams: Append[][]): Subject =>
  async (file) => {
    const backend = openSqlite(file)
    await migrateToLatest(backend)
    const store = new EventStore(backend)
    const shares = Array.from({ length: writers }, (_, w) => interleave(streams.filter((_, i) => i % writers === w)))
    const t0 = now()
    await Promise.all(
      shares.map(async (share) => {
        for (const a of share) await store.append(unit(a))
      }),
    )
    return { seconds: (now() - t0) / 1000, close: () => backend.close() }
  }

/**
 * Emmett 0.38.5 opens a connection per operation on a file database. Its commit sometimes fails
 * with SQLITE_BUSY ("SQL statements in progress": a RETURNING statement read with get() is not
 * finalized yet); it then rolls back, and the append is retried as a client would, counted.
 */
let emmettRetries = 0
const emmett: Subject = async (file, appends) => {
  const store = getSQLiteEventStore({ fileName: file })
  const log = console.log
  console.log = () => undefined // Emmett logs every failed transaction
  const t0 = now()
  try {
    for (const a of appends) {
      const { decisionId, type, version, ...rest } = a.event
      for (let attempt = 1; ; attempt++) {
        try {
          await store.appendToStream(`decision-${decisionId}`, [{ type, data: { ...rest, decisionId, version } }], {
            expectedStreamVersion: BigInt(version - 1),
          })
          break
        } catch (e) {
          if (attempt >= 10 || (e as { code?: string }).code !== 'SQLITE_BUSY') throw e
          emmettRetries++
        }
      }
    }
  } finally {
    console.log = log
  }
  return { seconds: (now() - t0) / 1000, close: () => undefined }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

async function measure(
  ctx: BenchContext,
  name: string,
  subject: Subject,
  appends: Append[],
  round_: number,
): Promise<number> {
  const file = join(ctx.scratch, `${name}-${round_}.db`)
  const { seconds, close } = await subject(file, appends)
  await close()
  const rate = appends.length / seconds
  ctx.log(`round ${round_ + 1}: ${name} ${Math.round(rate)} appends/s`)
  return rate
}

export default {
  title: 'append in process, SQLite, durable commits: decision-trail vs Emmett vs raw better-sqlite3',
  async run(ctx): Promise<CaseResult[]> {
    const count = ctx.quick ? 400 : 3000
    const rounds = ctx.quick ? 1 : 3
    const streams = workload(ctx.seed, count)
    const appends = interleave(streams)
    const writers = 64
    const names = ['raw', 'decision-trail', 'emmett', 'decision-trail-64'] as const
    const subjects: Record<(typeof names)[number], Subject> = {
      raw,
      'decision-trail': decisionTrail,
      emmett,
      'decision-trail-64': decisionTrailConcurrent(writers, streams),
    }
    const rates: Record<string, number[]> = {}
    // Warm-up (JIT, page cache, Emmett's schema creation) on a few appends, not counted.
    for (const n of names) await measure(ctx, `warmup-${n}`, subjects[n], appends.slice(0, 50), 0)
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round, so no subject always runs first or last.
      for (let k = 0; k < names.length; k++) {
        const n = names[(k + r) % names.length] as (typeof names)[number]
        const rate = await measure(ctx, n, subjects[n], appends, r)
        rates[n] = [...(rates[n] ?? []), rate]
      }
    }
    const rate = (n: string) => median(rates[n] ?? [])
    const details = { appends: appends.length, streams: streams.length, rounds, emmettRetries }
    const dt = rate('decision-trail')
    return [
      ratioRow({
        name: '1 append SQLite: decision-trail vs Emmett',
        metric: 'sequential durable appends',
        unit: 'events/s',
        value: dt,
        peer: 'Emmett SQLite 0.38.5',
        peerValue: rate('emmett'),
        atLeast: 2,
        goal: '≥ 2× Emmett',
        details,
      }),
      ratioRow({
        name: '1 append SQLite: decision-trail vs raw limit',
        metric: 'sequential durable appends',
        unit: 'events/s',
        value: dt,
        peer: 'raw better-sqlite3, 1 tx/event',
        peerValue: rate('raw'),
        atLeast: 0.5,
        goal: '≥ 50% of the raw limit',
        details,
      }),
      ratioRow({
        name: '1 append SQLite: 64 appenders, group commit',
        metric: `${writers} concurrent durable appenders`,
        unit: 'events/s',
        value: rate('decision-trail-64'),
        peer: 'raw better-sqlite3, 1 tx/event',
        peerValue: rate('raw'),
        atLeast: 1,
        goal: '> the raw 1-tx/event limit',
        details: { ...details, writers, sequentialDecisionTrail: round(dt) },
      }),
    ]
  },
} satisfies BenchCase
