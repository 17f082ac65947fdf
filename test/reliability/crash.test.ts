// Crash safety (issue 9 item 1). A real server; 8 clients append (to shared streams, so they
// contend, and now and then initiate a decision); SIGKILL at a random moment; `verify --db` on the
// database exactly as the crash left it; restart; then every acknowledged event is present exactly
// once at its acknowledged version and hash, every stream's versions are contiguous and chained,
// and every write that was in flight, retried with its Idempotency-Key, ends up present exactly
// once (a half-written unit would show up as a missing head, a broken chain or a duplicate).
//
//   CRASH_ITERATIONS (default 20)   kills per run
//   CRASH_DATABASE_URL              default: a fresh SQLite file; a postgres:// URL must name an
//                                   empty database (or schema through search_path)
//   CRASH_WINDOW_MS (default 100–500) the appending window before the kill, uniformly random
//
// SIGKILL ends the process, not the machine: the OS still writes back what the process handed it.
// What it proves is that an acknowledged write was committed and that no torn unit is visible.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCommand } from '../../src/cli/verify'
import { openBackend } from '../../src/node'
import {
  type Client,
  client,
  crash,
  initiation,
  killAll,
  newAdminSecret,
  revision,
  type Server,
  seedDirectory,
  startServer,
  stop,
  tempDir,
} from './support'

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 20)
const CLIENTS = 8
const SHARED_STREAMS = 4
const [WINDOW_MIN, WINDOW_MAX] = (process.env.CRASH_WINDOW_MS ?? '100-500').split('-').map(Number) as [number, number]

const dir = tempDir('dt-crash-')
const databaseUrl = process.env.CRASH_DATABASE_URL ?? join(dir, 'crash.db')
const adminSecret = newAdminSecret()
const env = {
  DATABASE_URL: databaseUrl,
  DECISION_TRAIL_ADMIN_TOKEN: adminSecret,
  LEDGER_KEY_FILE: join(dir, 'ledger-signing-key'),
}

interface Op {
  marker: string
  kind: 'append' | 'initiate'
  path: string
  body: unknown
  token: string
  /** What the server acknowledged (201), if it did. */
  ack?: { decisionId: string; eventId: string; version: number; hash: string }
}

interface Seen {
  decisionId: string
  eventId: string
  version: number
  hash: string
}

let server: Server
let tokens: { organ: string; undertaking: string }
let vkey = ''
const ops: Op[] = []
const stats = { acknowledged: 0, inFlight: 0, inFlightCommitted: 0 }

beforeAll(async () => {
  server = await startServer(env)
  tokens = await seedDirectory(server.url, adminSecret)
  vkey = (await client(server.url).get('/v1/ledger/key')).body.verifierKey as string
  expect(vkey).toMatch(/\+/)
}, 120_000)

afterAll(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

async function send(base: string, op: Op) {
  return client(base, op.token).post(op.path, op.body, { 'idempotency-key': op.marker })
}

function acknowledge(op: Op, body: Record<string, unknown>): void {
  const event = body.event as { decisionId: string; eventId: string; version: number; hash: string }
  op.ack = { decisionId: event.decisionId, eventId: event.eventId, version: event.version, hash: event.hash }
}

/** Every event of the given decisions, keyed by the marker each op wrote; chain and version checks. */
async function readBack(
  api: Client,
  decisionIds: Iterable<string>,
): Promise<{ byMarker: Map<string, Seen[]>; problems: string[]; events: number }> {
  const byMarker = new Map<string, Seen[]>()
  const problems: string[] = []
  let count = 0
  for (const id of new Set(decisionIds)) {
    const head = await api.get(`/v1/decisions/${id}`)
    expect(head.status).toBe(200)
    const events: Array<Seen & { prevHash: string; type: string; data: Record<string, unknown> }> = []
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page = await api.get(`/v1/decisions/${id}/events?limit=500${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.status).toBe(200)
      events.push(...(page.body.items as typeof events))
      cursor = page.body.nextCursor as string | null
    }
    count += events.length
    if (events.length !== head.body.version) problems.push(`${id}: head v${head.body.version}, ${events.length} events`)
    events.forEach((e, i) => {
      if (e.version !== i + 1) problems.push(`${id}: event ${i} has version ${e.version}`)
      if (i > 0 && e.prevHash !== events[i - 1]?.hash) problems.push(`${id} v${e.version}: broken chain`)
      const marker = e.type === 'DraftRevised' ? e.data.reason : e.type === 'DecisionInitiated' ? e.data.title : ''
      if (typeof marker === 'string' && marker.startsWith('crash ')) {
        const seen = byMarker.get(marker) ?? []
        seen.push({ decisionId: id, eventId: e.eventId, version: e.version, hash: e.hash })
        byMarker.set(marker, seen)
      }
    })
  }
  return { byMarker, problems, events: count }
}

/** Decisions whose title is exactly `marker` (an initiation that was in flight may exist or not). */
async function initiatedAs(api: Client, marker: string): Promise<string[]> {
  const res = await api.get(`/v1/decisions?q=${encodeURIComponent(marker)}&limit=500`)
  expect(res.status).toBe(200)
  return (res.body.items as Array<{ decisionId: string; title: string }>)
    .filter((d) => d.title === marker)
    .map((d) => d.decisionId)
}

/** Every decision and the global feed: positions strictly increasing, each event exactly once. */
async function readEverything(api: Client): Promise<{ byMarker: Map<string, Seen[]>; problems: string[] }> {
  const ids: string[] = []
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page = await api.get(`/v1/decisions?limit=500${cursor ? `&cursor=${cursor}` : ''}`)
    expect(page.status).toBe(200)
    ids.push(...(page.body.items as Array<{ decisionId: string }>).map((d) => d.decisionId))
    cursor = page.body.nextCursor as string | null
  }
  const all = await readBack(api, ids)
  let last = 0
  const inFeed = new Set<string>()
  for (let after: string | null = '0'; after !== null; ) {
    const page = await api.get(`/v1/events?limit=500&after=${after}`)
    expect(page.status).toBe(200)
    for (const e of page.body.items as Array<{ position: number; eventId: string; decisionId: string }>) {
      if (e.position <= last) all.problems.push(`feed: position ${e.position} after ${last}`)
      last = e.position
      if (!e.decisionId.startsWith('dec_')) continue
      if (inFeed.has(e.eventId)) all.problems.push(`feed: ${e.eventId} twice`)
      inFeed.add(e.eventId)
    }
    after = page.body.nextCursor as string | null
  }
  if (inFeed.size !== all.events)
    all.problems.push(`the feed has ${inFeed.size} decision events, the streams ${all.events}`)
  return all
}

/** `decision-trail verify --db` (the command's own code) on the database as the crash left it. */
async function verifyDb(): Promise<{ code: number; out: string[] }> {
  const out: string[] = []
  const code = await verifyCommand(['--db', databaseUrl, '--key', vkey], {
    out: (l) => out.push(l),
    err: () => undefined,
    openDb: (url) => openBackend(url),
  })
  return { code, out }
}

describe(`crash safety: ${ITERATIONS} × SIGKILL while ${CLIENTS} clients append (${databaseUrl.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'})`, () => {
  for (let iteration = 1; iteration <= ITERATIONS; iteration++) {
    it(`iteration ${iteration}: nothing acknowledged is lost, nothing is duplicated or torn`, async () => {
      const organ = client(server.url, tokens.organ)
      // Fresh shared streams per iteration keep each stream short (an append evaluates its stream).
      const shared: string[] = []
      for (let s = 0; s < SHARED_STREAMS; s++) {
        const op: Op = {
          marker: `crash ${iteration} setup ${s}`,
          kind: 'initiate',
          path: '/v1/decisions',
          body: initiation(`crash ${iteration} setup ${s}`),
          token: tokens.organ,
        }
        const res = await organ.post(op.path, op.body, { 'idempotency-key': op.marker })
        expect(res.status, `${JSON.stringify(res.body)}\n${server.output().slice(-3000)}`).toBe(201)
        acknowledge(op, res.body)
        ops.push(op)
        shared.push(res.body.decisionId as string)
      }

      const base = server.url
      let killed = false
      const errors: string[] = []
      const mine: Op[] = []
      const runClient = async (c: number) => {
        for (let k = 0; !killed; k++) {
          const marker = `crash ${iteration} client ${c} op ${k}`
          const op: Op =
            k % 7 === 6
              ? { marker, kind: 'initiate', path: '/v1/decisions', body: initiation(marker), token: tokens.organ }
              : {
                  marker,
                  kind: 'append',
                  path: `/v1/decisions/${shared[c % SHARED_STREAMS]}/events`,
                  body: revision(marker),
                  token: tokens.undertaking,
                }
          mine.push(op)
          try {
            const res = await send(base, op)
            if (res.status === 201) acknowledge(op, res.body)
            else if (!killed) errors.push(`${marker}: ${res.status} ${JSON.stringify(res.body)}`)
          } catch (e) {
            if (!killed) errors.push(`${marker}: ${(e as Error).message}`)
            return // the server is gone: this op is in flight, unacknowledged
          }
        }
      }
      const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c))
      // The kill comes at a random moment once writes are being acknowledged: on a loaded machine
      // the first answers may take longer than the whole window (CI runs other suites alongside).
      const started = Date.now()
      while (!mine.some((o) => o.ack) && errors.length === 0 && Date.now() - started < 60_000)
        await new Promise((r) => setTimeout(r, 5))
      const window = WINDOW_MIN + Math.random() * (WINDOW_MAX - WINDOW_MIN)
      await new Promise((r) => setTimeout(r, window))
      killed = true
      await crash(server)
      await Promise.all(clients)
      ops.push(...mine)
      expect(errors, `every write before the kill succeeded; server output:\n${server.output().slice(-3000)}`).toEqual(
        [],
      )
      const acked = mine.filter((o) => o.ack).length
      expect(acked, `writes acknowledged in ${Date.now() - started} ms`).toBeGreaterThan(0)
      // Writes sent and never answered are counted: the kills must interrupt some over the run
      // (checked after the last iteration). One kill alone may land when every outstanding
      // request has just been answered — an append takes about a millisecond, and this process,
      // sharing two cores with other suites, may read the answers only after its kill timer.
      stats.acknowledged += acked
      stats.inFlight += mine.length - acked

      // The database as SIGKILL left it verifies: hashes, chains, heads, tree, checkpoints.
      const verified = await verifyDb()
      expect(
        verified.out.filter((l) => !l.startsWith('ok')),
        verified.out.join('\n'),
      ).toEqual([])
      expect(verified.code).toBe(0)

      server = await startServer(env)
      const api = client(server.url, adminSecret)
      // This iteration's streams: the shared ones, acknowledged initiations, and any decision an
      // in-flight initiation may have created.
      const touched = new Set(shared)
      for (const op of mine) {
        if (op.ack) touched.add(op.ack.decisionId)
        else if (op.kind === 'initiate') for (const id of await initiatedAs(api, op.marker)) touched.add(id)
      }
      const before = await readBack(api, touched)
      expect(before.problems).toEqual([])
      for (const op of mine) {
        const seen = before.byMarker.get(op.marker) ?? []
        if (op.ack) expect(seen, `${op.marker} was acknowledged`).toEqual([op.ack])
        else {
          expect(seen.length, `${op.marker} (in flight) at most once`).toBeLessThanOrEqual(1)
          stats.inFlightCommitted += seen.length
        }
      }

      // Retrying what was in flight, with the same key and body, leaves each write exactly once.
      for (const op of mine.filter((o) => !o.ack)) {
        const res = await send(server.url, op)
        expect(res.status, `${op.marker}: ${JSON.stringify(res.body)}`).toBe(201)
        acknowledge(op, res.body)
        touched.add((op.ack as { decisionId: string }).decisionId)
      }
      const after = await readBack(api, touched)
      expect(after.problems).toEqual([])
      for (const op of mine) expect(after.byMarker.get(op.marker), op.marker).toEqual([op.ack])
    }, 120_000)
  }

  it('after the last restart: every write of every iteration is present exactly once; the feed is whole', async () => {
    // The kills interrupted writes: some were sent and never answered.
    expect(stats.inFlight, 'writes in flight at the kills, over the run').toBeGreaterThan(0)
    const all = await readEverything(client(server.url, adminSecret))
    expect(all.problems).toEqual([])
    for (const op of ops) expect(all.byMarker.get(op.marker), op.marker).toEqual([op.ack])
  }, 120_000)

  it('a clean stop leaves a database the CLI verifies', async () => {
    await stop(server)
    const out: string[] = []
    const code = await verifyCommand(['--db', databaseUrl, '--key', vkey], {
      out: (l) => out.push(l),
      err: () => undefined,
      openDb: (url) => openBackend(url),
    })
    expect(code, out.join('\n')).toBe(0)
    expect(out.at(-1)).toMatch(/^ok {3}database\.verified/)
    expect(ops.filter((o) => o.ack).length).toBe(ops.length)
    console.info(
      `crash: ${ITERATIONS} kills; ${stats.acknowledged} writes acknowledged before a kill, ${stats.inFlight} in flight ` +
        `(${stats.inFlightCommitted} of them committed before the kill, the rest not), ${ops.length} writes in all`,
    )
  }, 120_000)
})
