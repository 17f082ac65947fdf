// The kept runs (bench/lib/history.ts): which files count as full runs and in what order, the
// table that puts them side by side, and an earlier same-day results file kept, not overwritten.
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyTable, keepEarlier, readHistory } from '../../bench/lib/history'
import type { CaseResult, ResultsFile } from '../../bench/lib/types'

const threshold = (name: string, value: number, met: boolean): CaseResult => ({
  name,
  metric: 'm',
  value,
  unit: 'ms',
  goal: '< 2 ms',
  met,
})
const ratio = (name: string, value: number, peerValue: number, met: boolean): CaseResult => ({
  name,
  metric: 'm',
  value,
  unit: 'events/s',
  peer: 'a | peer',
  peerValue,
  ratio: value / peerValue,
  goal: '≥ 2× the peer',
  met,
})

const results = (date: string, cases: CaseResult[], extra: Partial<ResultsFile> = {}): ResultsFile => ({
  machine: { cpu: 'x', cores: 2, memoryGiB: 1, node: 'v20', os: 'linux' },
  date,
  quick: false,
  seed: 1,
  durationSeconds: 1,
  cases,
  runs: [],
  ...extra,
})

function dirWith(files: Record<string, ResultsFile | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dt-history-'))
  for (const [name, body] of Object.entries(files))
    writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body))
  return dir
}

describe('readHistory', () => {
  it('orders full runs by their start, a file without a time last in its day, and leaves out the rest', () => {
    const dir = dirWith({
      '2026-12-07.json': results('2026-12-07', []),
      '2026-12-07-0752.json': results('2026-12-07', []),
      '2026-12-07-0752-2.json': results('2026-12-07', []),
      '2026-12-07-0007.json': results('2026-12-07', [], { startedAt: '2026-12-07T00:07:13.000Z' }),
      '2026-12-06.json': results('2026-12-06', [], { startedAt: '2026-12-06T23:50:00.000Z' }),
      '2026-12-07-quick.json': results('2026-12-07', [], { quick: true }),
      '2026-12-08.json': results('2026-12-08', [], { quick: true }),
      'notes.json': '{}',
      'README.md': '# not a run',
    })
    expect(readHistory(dir).map((r) => [r.file, r.when])).toEqual([
      ['2026-12-06.json', '2026-12-06T23:50:00.000Z'],
      ['2026-12-07-0007.json', '2026-12-07T00:07:13.000Z'],
      ['2026-12-07-0752.json', '2026-12-07T07:52'],
      ['2026-12-07-0752-2.json', '2026-12-07T07:52'],
      ['2026-12-07.json', '2026-12-07'],
    ])
  })
})

describe('historyTable', () => {
  const runs = readHistory(
    dirWith({
      '2026-11-21.json': results('2026-11-21', [
        threshold('9 gone: old goal', 5, false),
        threshold('1 a: p99', 3, false),
      ]),
      '2026-12-07.json': results(
        '2026-12-07',
        [
          ratio('1 a: vs peer', 600, 200, true),
          threshold('1 a: p99', 1.5, true),
          threshold('2 b: report', 2.345, false),
        ],
        {
          startedAt: '2026-12-07T11:40:38.983Z',
          hostCheckMs: [
            { before: '1-a', ms: 12.5 },
            { before: '2-b', ms: 16.25 },
            { before: '9-gone', ms: 13 },
          ],
        },
      ),
    }),
  )

  it('puts each run on a row and each goal in a column: the ratio where a peer ran, ✗ where missed', () => {
    const lines = historyTable(runs, 'text').split('\n')
    const head = lines[0] as string
    expect(head.split(/ {2,}/)).toEqual(['run (UTC)', 'met', 'host', '1a', '1b', '2a', '9a'])
    // Each row's cells, cut at the columns' starts in the header.
    const starts = ['met', 'host', '1a', '1b', '2a', '9a'].map((c) => head.indexOf(c))
    const cells = (line: string) =>
      [0, ...starts].map((s, i, all) => line.slice(s, all[i + 1] ?? line.length + 1).trim())
    // The older run made no host check; the newer one's is the median of its three.
    expect(cells(lines[2] as string)).toEqual(['2026-11-21', '0/2', '', '', '3 ✗', '', '5 ✗'])
    expect(cells(lines[3] as string)).toEqual(['2026-12-07 11:40', '2/3', '13.0', '3×', '1.5', '2.35 ✗', ''])
    expect(lines.slice(5)).toEqual([
      'host: the median of the host checks before each case, ms of fixed CPU work (lower is quicker)',
      '1a: 1 a: vs peer (× a | peer; goal ≥ 2× the peer)',
      '1b: 1 a: p99 (ms; goal < 2 ms)',
      '2a: 2 b: report (ms; goal < 2 ms)',
      '9a: 9 gone: old goal (ms; goal < 2 ms)',
    ])
  })

  it('in Markdown: the same cells, pipes escaped, the legend as a list', () => {
    const md = historyTable(runs, 'markdown').split('\n')
    expect(md.slice(0, 4)).toEqual([
      '| run (UTC) | met | host | 1a | 1b | 2a | 9a |',
      '|---|---|---|---|---|---|---|',
      '| 2026-11-21 | 0/2 |  |  | 3 ✗ |  | 5 ✗ |',
      '| 2026-12-07 11:40 | 2/3 | 13.0 | 3× | 1.5 | 2.35 ✗ |  |',
    ])
    expect(md).toContain('- 1a: 1 a: vs peer (× a | peer; goal ≥ 2× the peer)')
  })
})

describe('keepEarlier', () => {
  it('renames an earlier run of the day after the time it started, and never over another kept run', () => {
    const dir = dirWith({
      '2026-12-07.json': results('2026-12-07', [], { startedAt: '2026-12-07T10:09:59.000Z' }),
      '2026-12-07-1009.json': results('2026-12-07', []),
    })
    const out = join(dir, '2026-12-07.json')
    const before = readFileSync(out, 'utf8')
    expect(keepEarlier(out)).toBe(join(dir, '2026-12-07-1009-2.json'))
    expect(existsSync(out)).toBe(false)
    expect(readFileSync(join(dir, '2026-12-07-1009-2.json'), 'utf8')).toBe(before)
  })

  it('takes the time from the file when the run did not record its start', () => {
    const dir = dirWith({ '2026-12-07.json': results('2026-12-07', []) })
    const out = join(dir, '2026-12-07.json')
    const at = new Date('2026-12-07T07:52:30.000Z')
    utimesSync(out, at, at)
    expect(keepEarlier(out)).toBe(join(dir, '2026-12-07-0752.json'))
  })

  it('leaves things alone when there is nothing to keep or the name already has a time', () => {
    const dir = dirWith({ '2026-12-07-0752.json': results('2026-12-07', []) })
    expect(keepEarlier(join(dir, '2026-12-07.json'))).toBeUndefined()
    expect(keepEarlier(join(dir, '2026-12-07-0752.json'))).toBeUndefined()
    expect(readdirSync(dir)).toEqual(['2026-12-07-0752.json'])
  })
})
