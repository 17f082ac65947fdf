// The organ report while other offices keep recording (docs/api.md, "Organ compliance report"):
// streamed page by page, it counts exactly the decisions it lists. Before the counts were taken
// from its own list, 5 or more of 30 reports taken here counted fewer decisions than they listed.
//
// A real server on a SQLite file; 4 clients initiate decisions and record events without pause
// while the report is fetched again and again, in pages small enough to span several reads.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import {
  client,
  initiation,
  killAll,
  newAdminSecret,
  revision,
  seedDirectory,
  startServer,
  stop,
  tempDir,
} from './support'

const dir = tempDir('dt-live-report-')
afterAll(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

interface Report {
  decisionCount: number
  statusCounts: Record<string, number>
  decisions: Array<{ status: string }>
}

it('an organ report counts exactly the decisions it lists while others record', async () => {
  const adminSecret = newAdminSecret()
  const server = await startServer({
    DATABASE_URL: join(dir, 'live.db'),
    DECISION_TRAIL_ADMIN_TOKEN: adminSecret,
    LEDGER_KEY_FILE: join(dir, 'key'),
  })
  try {
    const tokens = await seedDirectory(server.url, adminSecret)
    const organ = client(server.url, tokens.organ)
    const undertaking = client(server.url, tokens.undertaking)
    // More decisions than one page of the report (250), so that it is read in several.
    const ids: string[] = []
    for (let i = 0; i < 300; i++) {
      const res = await organ.post('/v1/decisions', initiation(`报告进行中写入 ${i}`))
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      ids.push(res.body.decisionId as string)
    }
    let stop_ = false
    let writes = 0
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let k = 0; !stop_; k++) {
        const res =
          k % 2
            ? await organ.post('/v1/decisions', initiation(`报告进行中新增 ${w}.${k}`))
            : await undertaking.post(`/v1/decisions/${ids[(k * 7 + w) % ids.length]}/events`, revision(`${w}.${k}`))
        expect(res.status, JSON.stringify(res.body)).toBe(201)
        writes++
      }
    })
    const reports: Report[] = []
    let writesDuring = 0
    try {
      for (let i = 0; i < 20; i++) {
        const before = writes
        const res = await organ.get('/v1/reports/compliance?organId=org_city')
        expect(res.status).toBe(200)
        reports.push(res.body as unknown as Report)
        writesDuring += writes - before
      }
    } finally {
      stop_ = true
      await Promise.all(writers)
    }
    expect(writesDuring).toBeGreaterThan(20) // the reports were taken while others recorded
    const seen = new Set<number>()
    for (const r of reports) {
      const statuses: Record<string, number> = { compliant: 0, in_progress: 0, noncompliant: 0 }
      for (const d of r.decisions) statuses[d.status] = (statuses[d.status] ?? 0) + 1
      expect(r.decisionCount).toBe(r.decisions.length)
      expect(r.statusCounts).toEqual(statuses)
      seen.add(r.decisionCount)
    }
    expect(seen.size).toBeGreaterThan(1) // decisions were initiated between the reports
  } finally {
    await stop(server)
  }
}, 240_000)
