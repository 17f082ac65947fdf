// The append workload of cases 1 and 2: generated decisions, hash-chained, with the head state
// after each event, and the physical limit it is compared with — raw better-sqlite3 writing the
// same two rows (event, stream head) with prepared statements, one durable transaction per event.
import SqliteDatabase from 'better-sqlite3'
import { replayDecision } from '../../src/app/rebuild-chunk'
import { eventRowValues, type PendingEvent } from '../../src/store/event-store'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { planDecision } from './generator'
import { now } from './measure'
import { benchDeps, chainPlan } from './write'

export type Subject = (
  file: string,
  appends: Append[],
) => Promise<{ seconds: number; close: () => Promise<void> | void }>

export interface Append {
  event: PendingEvent
  /** The stream head's state after this event (as an append would store it). */
  state: unknown
}

/** `count` appends of generated decisions (at most 12 events each), grouped by stream. */
export function workload(seed: number, count: number): Append[][] {
  const backend = openSqlite(':memory:')
  const { deps, set } = benchDeps(backend, seed)
  const streams: Append[][] = []
  let total = 0
  for (let i = 0; total < count; i++) {
    const events = planDecision(seed, i).events.slice(0, Math.min(12, count - total))
    const chained = chainPlan(deps, set, events)
    const stored = chained.events.map((e) => ({ ...e, position: 0 }))
    streams.push(chained.events.map((event, k) => ({ event, state: replayDecision(deps, stored.slice(0, k + 1)) })))
    total += events.length
  }
  return streams
}

/** Round-robin over the streams: version 1 of each, then version 2, … (many streams, all growing). */
export const interleave = (streams: Append[][]): Append[] => {
  const out: Append[] = []
  for (let v = 0; out.length < streams.reduce((n, s) => n + s.length, 0); v++)
    for (const s of streams) if (s[v]) out.push(s[v] as Append)
  return out
}

/** The limit: the same two rows, prepared statements, one durable transaction per event. */
export const raw: Subject = async (file, appends) => {
  const schema = openSqlite(file)
  await migrateToLatest(schema)
  await schema.close()
  const db = new SqliteDatabase(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  const insert = db.prepare(
    `insert into events (event_id, stream_id, version, type, schema_version, occurred_at, recorded_at,
       actor_person_id, actor_org_id, actor_role, data, evidence, correlation_id, causation_id, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning position`,
  )
  const head = db.prepare(
    `insert into streams (stream_id, kind, version, head_hash, state, created_at, updated_at)
     values (?, 'decision', ?, ?, ?, ?, ?)
     on conflict (stream_id) do update set version = excluded.version, head_hash = excluded.head_hash,
       state = excluded.state, updated_at = excluded.updated_at`,
  )
  const write = db.transaction((a: Append) => {
    const e = a.event
    insert.get(...eventRowValues(e))
    head.run(e.decisionId, e.version, e.hash, JSON.stringify(a.state), e.recordedAt, e.recordedAt)
  })
  const t0 = now()
  for (const a of appends) write.immediate(a)
  return { seconds: (now() - t0) / 1000, close: () => void db.close() }
}
