// The bench harness: case modules are found by file name (bench/cases/<n>-<name>.ts), each runs
// in a child process, and the results file has the shape CI and docs/performance.md rely on:
// { machine, date, cases: [{ name, metric, value, unit, peer?, peerValue?, ratio?, goal, met }] }.
// The real cases take about a minute even with --quick (CI runs `npm run bench -- --quick`); this
// runs the harness on fixture cases.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
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
})
