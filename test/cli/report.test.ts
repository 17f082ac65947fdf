// `decision-trail report` and `decision-trail rebuild-projections` against a temp SQLite file
// seeded with the demo jurisdiction: the CLI report is the HTTP report, as JSON or CSV.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organReport, reportCsv } from '../../src/app/reports'
import { seedDemoIfEmpty } from '../../src/cli/demo'
import { rebuildCommand } from '../../src/cli/rebuild'
import { reportCommand } from '../../src/cli/report'
import { openSqlite } from '../../src/store/sqlite'
import { createTestApp, type TestApp } from '../support/app'
import { runCli, runDirect, tempDir } from './run'

const file = join(tempDir(), 'cli.db')
const env = { DATABASE_URL: file }
const ORGAN = 'org_jz_gov'
let t: TestApp
beforeAll(async () => {
  // The real clock: the CLI evaluates as of now, like this in-process app.
  t = await createTestApp({ backend: openSqlite(file), clock: { now: () => new Date(), set() {}, advance() {} } })
  await seedDemoIfEmpty(t.backend, t.deps, () => undefined)
})
afterAll(() => t.close())

const ADMIN = { personId: 'per_test', orgId: 'org_test', role: 'admin' } as const
const withoutAsOf = (r: object) => ({ ...r, asOf: undefined })

describe.concurrent('decision-trail report', () => {
  it('prints the organ report as JSON, as GET /v1/reports/compliance gives it', async () => {
    const r = await runCli(['report', '--organ', ORGAN, '--from', '2024-01-01', '--to', '2026-12-31'], env)
    expect(r.code, r.stderr).toBe(0)
    const printed = JSON.parse(r.stdout) as { decisionCount: number; asOf: string }
    const expected = await organReport(t.deps, ADMIN, { organId: ORGAN, from: '2024-01-01', to: '2026-12-31' })
    expect(withoutAsOf(printed)).toEqual(withoutAsOf(expected))
    expect(printed.decisionCount).toBeGreaterThan(10)
  })

  it('prints CSV with a BOM, one row per decision, then the organ counts', async () => {
    const r = await runDirect(reportCommand, ['--organ', ORGAN, '--format', 'csv'], env)
    expect(r.code, r.stderr).toBe(0)
    // The organ's counts follow the decisions; its row carries the instant the report was made at.
    const organRow = r.stdout.split('\r\n\r\n')[1]?.split('\r\n')[1] ?? ''
    const asOf = organRow.split(',')[4]
    expect(asOf).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(r.stdout).toBe(
      reportCsv({ ...(await organReport(t.deps, ADMIN, { organId: ORGAN })), asOf: asOf as string }),
    )
    expect(r.stdout.startsWith('\uFEFFdecisionId,title,initiatedDate,status,rulebook,openFindings\r\n')).toBe(true)
  })

  it('usage error through the real CLI (exit 2)', async () => {
    const r = await runCli(['report'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: decision-trail report')
  })

  it.each([
    ['no --organ', []],
    ['a bad date', ['--organ', ORGAN, '--from', '2026-02-30x']],
    ['an unknown format', ['--organ', ORGAN, '--format', 'xml']],
    ['an unknown option', ['--organ', ORGAN, '--colour']],
  ])('usage error on %s (exit 2)', async (_what, args) => {
    const r = await runDirect(reportCommand, args, env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: decision-trail report')
  })

  it('fails on an unknown organ (exit 1)', async () => {
    const r = await runCli(['report', '--organ', 'org_nowhere'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('No organization org_nowhere')
    expect(r.stdout).toBe('')
  })

  it('has --help (exit 0)', async () => {
    const r = await runCli(['report', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Usage: decision-trail report --organ')
  })
})

describe('decision-trail rebuild-projections', () => {
  it('rebuilds every projection with progress on stderr and leaves the report unchanged', async () => {
    const before = await organReport(t.deps, ADMIN, { organId: ORGAN })
    const r = await runCli(['rebuild-projections'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^rebuilt 16 decisions and 1 directory stream\(s\) from \d+ events/)
    // The instant it evaluated as of: the moment it ran.
    const asOf = /; compliance as of (\S+)\n$/.exec(r.stdout)?.[1] as string
    expect(Math.abs(Date.now() - Date.parse(asOf))).toBeLessThan(60_000)
    expect(r.stderr).toContain('decisions rebuilt: 16/16')
    expect(withoutAsOf(await organReport(t.deps, ADMIN, { organId: ORGAN }))).toEqual(withoutAsOf(before))
  })

  it('has --help (exit 0) and refuses arguments (exit 2)', async () => {
    expect((await runCli(['rebuild-projections', '--help'])).code).toBe(0)
    expect((await runDirect(rebuildCommand, ['now'], env)).code).toBe(2)
    for (const bad of [['--threads', 'all'], ['--threads', '65'], ['--threads'], ['--workers', '2']]) {
      const r = await runDirect(rebuildCommand, bad, env)
      expect(r.code, bad.join(' ')).toBe(2)
      expect(r.stderr).toContain('Usage: decision-trail rebuild-projections [--threads <n>]')
    }
  })

  it('--threads: the same result evaluated on worker threads as on this one, and says how many ran', async () => {
    const before = await organReport(t.deps, ADMIN, { organId: ORGAN })
    const two = await runCli(['rebuild-projections', '--threads', '2'], env)
    expect(two.code, two.stderr).toBe(0)
    // 16 decisions make one chunk: one worker evaluates it.
    expect(two.stdout).toMatch(/^rebuilt 16 decisions .* evaluated on 1 worker thread\(s\); compliance as of \S+Z\n$/)
    expect(withoutAsOf(await organReport(t.deps, ADMIN, { organId: ORGAN }))).toEqual(withoutAsOf(before))
    const none = await runCli(['rebuild-projections', '--threads', '0'], env)
    expect(none.stdout).toMatch(
      /^rebuilt 16 decisions and 1 directory stream\(s\) from \d+ events in [\d.]+ s; compliance as of \S+Z\n$/,
    )
    expect(withoutAsOf(await organReport(t.deps, ADMIN, { organId: ORGAN }))).toEqual(withoutAsOf(before))
  })
})
