// Issue 6 item 4: four real server processes on one PostgreSQL database, sixteen clients appending
// to shared decisions with If-Match. Afterwards every stream's versions are contiguous, every
// acknowledged event is stored exactly once at the version it was acknowledged with, and
// `verify --db` passes (event hashes, chains, the whole Merkle tree, every checkpoint).
//
// Needs a real server (TEST_DATABASE_URL, as .ci/run sets it): PGlite cannot be shared by
// processes. Without one the suite says so and skips.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCommand } from '../../src/cli/verify'
import { toBase64 } from '../../src/ledger/bytes'
import { generateSigningKey, privateKeySeed } from '../../src/ledger/note'
import { openBackend } from '../../src/node'
import {
  client,
  initiation,
  killAll,
  newAdminSecret,
  revision,
  type Server,
  seedDirectory,
  startServer,
  stop,
} from '../reliability/support'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'

const PROCESSES = 4
const CLIENTS = 16
const DECISIONS = 8
const APPENDS_PER_CLIENT = 15

let db: TestPostgres
let servers: Server[] = []
const adminSecret = newAdminSecret()
const seed = toBase64(privateKeySeed(generateSigningKey()))

afterAll(async () => {
  await killAll()
  await db?.drop()
})

describe.skipIf(!TEST_DATABASE_URL)('4 Node processes on one PostgreSQL database (TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    db = await freshPostgres()
    await db.backend.close()
    const url = db.url as string
    // All four start at once: concurrent migrations and admin-token installs must be safe.
    servers = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        startServer({
          DATABASE_URL: url,
          DECISION_TRAIL_ADMIN_TOKEN: adminSecret,
          LEDGER_SIGNING_KEY: seed,
          PG_POOL_MAX: '4',
        }),
      ),
    )
  }, 120_000)

  it('loses, duplicates and reorders nothing; chains and the ledger verify', async () => {
    const tokens = await seedDirectory(servers[0]?.url as string, adminSecret)
    const decisions: string[] = []
    for (let i = 0; i < DECISIONS; i++) {
      const organ = client(servers[i % PROCESSES]?.url as string, tokens.organ)
      const res = await organ.post('/v1/decisions', initiation(`多进程写入测试决策 ${i}`))
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      decisions.push(res.body.decisionId as string)
    }

    const acked: Array<{ decisionId: string; eventId: string; version: number; marker: string }> = []
    let stale = 0
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let k = 0; k < APPENDS_PER_CLIENT; k++) {
          // Each attempt may land on another process, as behind a load balancer.
          const decisionId = decisions[(c * 7 + k * 3) % DECISIONS] as string
          const marker = `client ${c} append ${k} ${randomBytes(4).toString('hex')}`
          for (let attempt = 0; ; attempt++) {
            const at = client(servers[(c + k + attempt) % PROCESSES]?.url as string, tokens.undertaking)
            const head = await at.get(`/v1/decisions/${decisionId}`)
            expect(head.status).toBe(200)
            const etag = head.headers.get('etag') as string
            const res = await at.post(`/v1/decisions/${decisionId}/events`, revision(marker), { 'if-match': etag })
            if (res.status === 412) {
              stale++
              expect(attempt).toBeLessThan(200)
              continue
            }
            expect(res.status, JSON.stringify(res.body)).toBe(201)
            const event = res.body.event as { eventId: string; version: number }
            expect(`"${event.version - 1}"`).toBe(etag)
            acked.push({ decisionId, eventId: event.eventId, version: event.version, marker })
            break
          }
        }
      }),
    )
    expect(acked).toHaveLength(CLIENTS * APPENDS_PER_CLIENT)
    // Sixteen clients on eight streams: If-Match must actually have refused stale writers.
    expect(stale).toBeGreaterThan(0)

    const reader = client(servers[0]?.url as string, adminSecret)
    for (const decisionId of decisions) {
      const res = await reader.get(`/v1/decisions/${decisionId}/events?limit=500`)
      expect(res.status).toBe(200)
      const events = res.body.items as Array<{ eventId: string; version: number; data: { reason?: string } }>
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1))
      const mine = acked.filter((a) => a.decisionId === decisionId)
      expect(events.length).toBe(mine.length + 1)
      for (const a of mine) {
        const stored = events.filter((e) => e.eventId === a.eventId)
        expect(stored).toHaveLength(1)
        expect(stored[0]?.version).toBe(a.version)
        expect(stored[0]?.data.reason).toBe(a.marker)
      }
    }

    // The global feed: strictly increasing positions, every event once.
    const feed: Array<{ eventId: string; position: number }> = []
    for (let after = 0; ; ) {
      const page = await reader.get(`/v1/events?after=${after}&limit=500`)
      const items = page.body.items as Array<{ eventId: string; position: number }>
      if (items.length === 0) break
      feed.push(...items)
      after = items.at(-1)?.position as number
    }
    const positions = feed.map((e) => e.position)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(new Set(feed.map((e) => e.eventId)).size).toBe(feed.length)
    for (const a of acked) expect(feed.some((e) => e.eventId === a.eventId)).toBe(true)

    // Every process sequences what it committed; wait until the tree holds every event.
    const deadline = Date.now() + 60_000
    for (;;) {
      const res = await fetch(`${servers[0]?.url}/v1/ledger/checkpoint`)
      const size = Number((await res.text()).split('\n')[1])
      if (size === feed.length) break
      expect(Date.now()).toBeLessThan(deadline)
      await new Promise((r) => setTimeout(r, 250))
    }
    const key = await (await fetch(`${servers[0]?.url}/v1/ledger/key`)).json()
    await Promise.all(servers.map((s) => stop(s)))

    const out: string[] = []
    const code = await verifyCommand(
      ['--db', db.url as string, '--key', (key as { verifierKey: string }).verifierKey],
      {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        openDb: (url) => openBackend(url),
      },
    )
    expect(code, out.join('\n')).toBe(0)
  }, 300_000)
})
