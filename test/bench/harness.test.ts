// The bench harness: case modules are found by file name (bench/cases/<n>-<name>.ts), each runs
// in a child process, and the results file has the shape CI and docs/performance.md rely on:
// { machine, date, cases: [{ name, metric, value, unit, peer?, peerValue?, ratio?, goal, met }] }.
// The real cases take about a minute even with --quick (CI runs `npm run bench -- --quick`); this
// runs the harness on fixture cases.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { ResultsFile } from '../../bench/lib/types'
import { caseModules } from '../../bench/run'

const run = promisify(execFile)
const fixtures = join(import.meta.dirname, 'fixtures', 'cases')

describe('bench harness', () => {
  it('finds the case modules by file name, in number order', () => {
    expect(caseModules(fixtures)).toEqual(['1-passing', '2-skipped', '3-failing'])
    const real = caseModules()
    expect(real.map((id) => Number.parseInt(id, 10))).toEqual(
      [...real.map((id) => Number.parseInt(id, 10))].sort((a, b) => a - b),
    )
    expect(real).toEqual(
      expect.arrayContaining(['1-append-sqlite', '2-append-http', '4-compliance', '5-ledger', '6-memory']),
    )
  })

  it('runs every case, records skips and failures, and writes the results file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dt-bench-')), 'results.json')
    const args = ['--import', 'tsx', 'bench/run.ts', '--quick', '--cases', fixtures, '--out', out]
    const failed = await run(process.execPath, args, { cwd: join(import.meta.dirname, '..', '..') }).then(
      () => undefined,
      (e: { code?: number; stdout?: string }) => e,
    )
    // A case failed, so the run exits non-zero, after writing everything else.
    expect(failed?.code).toBe(1)
    expect(failed?.stdout).toContain('FAILED 3-failing: this case is broken')
    const results = JSON.parse(readFileSync(out, 'utf8')) as ResultsFile
    expect(results.machine).toEqual({
      cpu: expect.any(String),
      cores: expect.any(Number),
      memoryGiB: expect.any(Number),
      node: process.version,
      os: expect.any(String),
      ...(results.machine.disk === undefined ? {} : { disk: expect.any(String) }),
    })
    expect(results.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(results.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(results.startedAt?.slice(0, 10)).toBe(results.date)
    // The host's speed is checked before every case, skipped and failing ones too.
    expect(results.hostCheckMs?.map((c) => c.before)).toEqual(['1-passing', '2-skipped', '3-failing'])
    for (const c of results.hostCheckMs ?? []) expect(c.ms).toBeGreaterThan(0)
    expect(failed?.stdout).toMatch(/; host check [\d.]+ ms \(lower is quicker\)/)
    expect(results.quick).toBe(true)
    expect(results.cases).toEqual([
      { name: 'fixture threshold', metric: 'x', value: 1, unit: 'ms', goal: '< 5 ms', met: true },
      {
        name: 'fixture ratio',
        metric: 'y',
        value: 100,
        unit: 'ops/s',
        peer: 'a peer',
        peerValue: 200,
        ratio: 0.5,
        goal: '≥ 1× the peer',
        met: false,
      },
    ])
    expect(results.runs.map((r) => [r.id, r.skipped ?? null, r.error ?? null])).toEqual([
      ['1-passing', null, null],
      ['2-skipped', 'no server here', null],
      ['3-failing', null, 'this case is broken'],
    ])
  }, 60_000)

  it('--history prints the kept full runs of bench/results side by side, without running a case', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--history', '--markdown'], {
      cwd: join(import.meta.dirname, '..', '..'),
    })
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^\| run \(UTC\) \| met \| host \| 1a \| /)
    // One row per full run kept (quick runs left out), and a legend line per goal.
    const kept = readdirSync(join(import.meta.dirname, '..', '..', 'bench', 'results')).filter((f) =>
      /^\d{4}-\d{2}-\d{2}(-\d{4}(-\d+)?)?\.json$/.test(f),
    )
    expect(lines.filter((l) => /^\| \d{4}-\d{2}-\d{2}/.test(l))).toHaveLength(kept.length)
    expect(lines).toContainEqual(expect.stringMatching(/^- 4c: 4 compliance: organ report \(ms; goal < 500 ms\)$/))
  }, 60_000)
})
