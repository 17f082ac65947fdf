// `verify --db` on a database a server is appending to (docs/ledger.md §4): the audit reads one
// snapshot, so appends that commit while it runs are neither half-seen nor taken for tampering.
// Before the audit read a snapshot, every run here failed: a stream head read after its events
// was ahead of them ("events were removed from its tail").
//
// A real server on a SQLite file (and on PostgreSQL with TEST_DATABASE_URL); 4 clients append
// without pause while `decision-trail verify --db` runs, in a process of its own, several times.
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'
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
  tempDir,
} from './support'

const AUDITS = 4
const WRITERS = 4
const DECISIONS = 12

const dir = tempDir('dt-live-audit-')
afterAll(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

/** `decision-trail verify --db <url> --key <vkey>` in a process of its own: its exit code and output. */
function verifyProcess(url: string, vkey: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/decision-trail.mjs', 'verify', '--db', url, '--key', vkey],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, output: `${stdout}${stderr}` })
      },
    )
  })
}

async function auditWhileAppending(databaseUrl: string): Promise<void> {
  const adminSecret = newAdminSecret()
  const server: Server = await startServer({
    DATABASE_URL: databaseUrl,
    DECISION_TRAIL_ADMIN_TOKEN: adminSecret,
    LEDGER_KEY_FILE: join(dir, `key-${Math.random().toString(36).slice(2)}`),
  })
  try {
    await auditsPass(server, adminSecret, databaseUrl)
  } finally {
    await stop(server)
  }
}

async function auditsPass(server: Server, adminSecret: string, databaseUrl: string): Promise<void> {
  const tokens = await seedDirectory(server.url, adminSecret)
  const vkey = (await client(server.url).get('/v1/ledger/key')).body.verifierKey as string
  const organ = client(server.url, tokens.organ)
  const undertaking = client(server.url, tokens.undertaking)
  const ids: string[] = []
  for (let i = 0; i < DECISIONS; i++) {
    const res = await organ.post('/v1/decisions', initiation(`审计进行中写入 ${i}`))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    ids.push(res.body.decisionId as string)
  }

  let appends = 0
  let stop = false
  const refused: string[] = []
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let k = 0; !stop; k++) {
      const id = ids[(w + k * WRITERS) % ids.length] as string
      const res = await undertaking.post(`/v1/decisions/${id}/events`, revision(`live audit ${w}.${k}`))
      if (res.status === 201) appends++
      else refused.push(`${res.status} ${JSON.stringify(res.body)}`)
    }
  })
  const runs: Array<{ code: number; output: string; appendsDuring: number }> = []
  try {
    // Let the writers get going, then audit again and again while they append.
    while (appends < 20) await new Promise((r) => setTimeout(r, 20))
    for (let i = 0; i < AUDITS; i++) {
      const before = appends
      const { code, output } = await verifyProcess(databaseUrl, vkey)
      runs.push({ code, output, appendsDuring: appends - before })
    }
  } finally {
    stop = true
    await Promise.all(writers)
  }
  expect(refused).toEqual([])
  for (const run of runs) {
    // Each audit overlapped appends, or it proves nothing.
    expect(run.appendsDuring).toBeGreaterThan(0)
    expect(
      run.code,
      run.output
        .split('\n')
        .filter((l) => /FAIL/.test(l))
        .join('\n'),
    ).toBe(0)
    expect(run.output).toMatch(/checkpoint/)
  }
  // And once the writers have stopped, the whole database still verifies.
  const after = await verifyProcess(databaseUrl, vkey)
  expect(after.code, after.output.slice(-2000)).toBe(0)
}

describe('verify --db while a server appends', () => {
  it('SQLite file: every audit passes', async () => {
    await auditWhileAppending(join(dir, 'live.db'))
  }, 240_000)
})

describe.skipIf(!TEST_DATABASE_URL)('verify --db while a server appends (PostgreSQL, TEST_DATABASE_URL)', () => {
  let pg: TestPostgres | undefined
  afterAll(async () => {
    await pg?.drop()
  })
  it('PostgreSQL: every audit passes', async () => {
    pg = await freshPostgres()
    await pg.backend.close()
    await auditWhileAppending(pg.url as string)
  }, 240_000)
})
