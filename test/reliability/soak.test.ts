// Soak (issue 9 item 5): a real server on loopback under SOAK_SECONDS of mixed reads and writes
// from SOAK_CLIENTS concurrent clients. Zero errors (every answer is the expected 200 or 201),
// no memory growth beyond the bound below, a database that verifies afterwards, and server output
// that never shows a token secret or an internal error.
//
//   npm test runs SOAK_SECONDS=20 (the default); the full run is
//   SOAK_SECONDS=60 npx vitest run test/reliability/soak.test.ts
//
// Memory bound: the server's resident set (RSS, from `ps`) is sampled every 500 ms. The first
// third is warm-up (JIT, SQLite's page cache and V8's heap reach their working size); then the
// median RSS of the last third may exceed the median of the middle third by at most
// SOAK_RSS_GROWTH_MIB (default 24 MiB for runs of 60 s or more, 48 MiB for the short run of
// `npm test`), and RSS may never exceed SOAK_RSS_MAX_MIB (default 400 MiB). Measured on 2 cores:
// +1.5 MiB over a 60 s run alone; +4 to +20 MiB over 20 s runs sharing the machine with the rest
// of the suite (the warm-up ends later when the cores are busy), around 180-230 MiB. The two
// medians are a third of the run apart — at ~300 requests/s about 2,000 requests in 20 s, 6,000
// in 60 s — so a leak retaining more than about 24 KiB (20 s) or 4 KiB (60 s) per request fails,
// while V8's heap breathing and the slow end of warm-up do not.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCommand } from '../../src/cli/verify'
import { openBackend } from '../../src/node'
import {
  type Client,
  client,
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

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20)
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 6)
const GROWTH_MIB = Number(process.env.SOAK_RSS_GROWTH_MIB ?? (SECONDS >= 60 ? 24 : 48))
const MAX_MIB = Number(process.env.SOAK_RSS_MAX_MIB ?? 400)

const dir = tempDir('dt-soak-')
const db = join(dir, 'soak.db')
const adminSecret = newAdminSecret()
const env = {
  DATABASE_URL: db,
  DECISION_TRAIL_ADMIN_TOKEN: adminSecret,
  LEDGER_KEY_FILE: join(dir, 'key'),
  LOG_LEVEL: 'info',
}

let server: Server
let tokens: { organ: string; undertaking: string; inspector: string }

beforeAll(async () => {
  server = await startServer(env)
  const seeded = await seedDirectory(server.url, adminSecret)
  const admin = client(server.url, adminSecret)
  await admin.post('/v1/people', { id: 'per_inspector', name: 'inspector' })
  // An inspector of the city's own government: its jurisdiction is the city's subtree.
  const inspector = await admin.post('/v1/tokens', { personId: 'per_inspector', orgId: 'org_city', role: 'inspector' })
  expect(inspector.status).toBe(201)
  tokens = { ...seeded, inspector: inspector.body.token as string }
}, 120_000)

afterAll(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

function rssMiB(pid: number): number {
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) / 1024
  )
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

describe(`soak: ${SECONDS} s of mixed reads and writes from ${CLIENTS} clients`, () => {
  it(
    'zero errors, bounded memory, a database that verifies, no secret in the output',
    async () => {
      const organ = client(server.url, tokens.organ)
      const undertaking = client(server.url, tokens.undertaking)
      const inspector = client(server.url, tokens.inspector)
      const admin = client(server.url, adminSecret)
      const pub = client(server.url)
      const decisions: string[] = []
      const hiddenPatch = { flags: { ...(initiation('x').data.flags as object), nonDisclosable: true } }
      for (let i = 0; i < 4; i++) {
        const res = await organ.post('/v1/decisions', initiation(`soak ${i}`, i % 2 ? hiddenPatch : {}))
        expect(res.status).toBe(201)
        decisions.push(res.body.decisionId as string)
      }
      const errors: string[] = []
      const counts = { reads: 0, writes: 0 }
      const latencies: number[] = []
      const until = Date.now() + SECONDS * 1000
      const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T

      type Op = { api: Client; method: 'get' | 'post'; path: string; body?: unknown; want: number }
      const nextOp = (k: number): Op => {
        const d = pick(decisions.slice(-8))
        const r = Math.random()
        if (r < 0.25)
          return {
            api: undertaking,
            method: 'post',
            path: `/v1/decisions/${d}/events`,
            body: revision(`soak ${k}`),
            want: 201,
          }
        if (r < 0.3)
          return { api: organ, method: 'post', path: '/v1/decisions', body: initiation(`soak new ${k}`), want: 201 }
        return pick<Op>([
          { api: inspector, method: 'get', path: `/v1/decisions/${d}`, want: 200 },
          { api: inspector, method: 'get', path: `/v1/decisions/${d}/events`, want: 200 },
          { api: organ, method: 'get', path: `/v1/decisions/${d}/compliance`, want: 200 },
          { api: inspector, method: 'get', path: `/v1/decisions/${d}/accountability`, want: 200 },
          { api: inspector, method: 'get', path: `/v1/decisions/${d}/dossier`, want: 200 },
          { api: inspector, method: 'get', path: '/v1/decisions?limit=50', want: 200 },
          { api: inspector, method: 'get', path: '/v1/events?limit=200', want: 200 },
          { api: organ, method: 'get', path: '/v1/reports/compliance?organId=org_city', want: 200 },
          { api: admin, method: 'get', path: '/v1/access-log?limit=100', want: 200 },
          { api: pub, method: 'get', path: '/v1/public/decisions', want: 200 },
          { api: pub, method: 'get', path: '/v1/ledger/checkpoint', want: 200 },
          { api: pub, method: 'get', path: '/readyz', want: 200 },
        ])
      }
      const worker = async (w: number) => {
        for (let k = 0; Date.now() < until; k++) {
          const op = nextOp(w * 1_000_000 + k)
          const started = performance.now()
          try {
            const res = op.method === 'get' ? await op.api.get(op.path) : await op.api.post(op.path, op.body)
            latencies.push(performance.now() - started)
            if (res.status !== op.want)
              errors.push(`${op.method} ${op.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
            if (op.method === 'post') {
              counts.writes++
              if (op.path === '/v1/decisions' && res.status === 201) decisions.push(res.body.decisionId as string)
            } else counts.reads++
          } catch (e) {
            errors.push(`${op.method} ${op.path}: ${(e as Error).message}`)
          }
        }
      }
      const samples: Array<{ t: number; mib: number }> = []
      const t0 = Date.now()
      const sampler = setInterval(() => samples.push({ t: Date.now() - t0, mib: rssMiB(server.pid) }), 500)
      try {
        await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)))
      } finally {
        clearInterval(sampler)
      }

      expect(errors.slice(0, 10), `${errors.length} errors; server output:\n${server.output().slice(-3000)}`).toEqual(
        [],
      )
      expect(counts.writes).toBeGreaterThan(SECONDS) // it was under load, not idle
      const third = Math.floor(samples.length / 3)
      const middle = median(samples.slice(third, 2 * third).map((s) => s.mib))
      const last = median(samples.slice(2 * third).map((s) => s.mib))
      const peak = Math.max(...samples.map((s) => s.mib))
      latencies.sort((a, b) => a - b)
      const summary =
        `soak: ${SECONDS} s, ${CLIENTS} clients: ${counts.reads} reads and ${counts.writes} writes ` +
        `(${Math.round((counts.reads + counts.writes) / SECONDS)}/s), 0 errors; latency p50 ` +
        `${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]?.toFixed(1)} ms; ` +
        `RSS middle third ${middle.toFixed(0)} MiB, last third ${last.toFixed(0)} MiB (growth ${(last - middle).toFixed(1)} ≤ ${GROWTH_MIB}), peak ${peak.toFixed(0)} MiB ≤ ${MAX_MIB}`
      console.info(summary)
      expect(samples.length).toBeGreaterThanOrEqual(6)
      expect(last - middle, summary).toBeLessThanOrEqual(GROWTH_MIB)
      expect(peak, summary).toBeLessThanOrEqual(MAX_MIB)

      // A clean stop, then the whole database verifies.
      const key = (await pub.get('/v1/ledger/key')).body.verifierKey as string
      await stop(server)
      const out: string[] = []
      const code = await verifyCommand(['--db', db, '--key', key], {
        out: (l) => out.push(l),
        err: () => undefined,
        openDb: (u) => openBackend(u),
      })
      expect(code, out.filter((l) => !l.startsWith('ok')).join('\n')).toBe(0)

      // The server printed neither a secret nor an internal error.
      const output = server.output()
      for (const t of [adminSecret, tokens.organ, tokens.undertaking, tokens.inspector]) {
        expect(output).not.toContain(t)
        expect(output).not.toContain(t.slice(-20))
      }
      expect(output).not.toMatch(/internal error/i)
    },
    (SECONDS + 120) * 1000,
  )
})
