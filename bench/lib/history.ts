// The runs kept in bench/results, side by side: `npm run bench -- --history [--markdown]` prints
// one row per full run and one column per goal, so docs/performance.md can show how each figure
// moved without repeating every run's whole table. A run's results file is named after its UTC
// date; an earlier run of the same day is kept beside it as `<date>-<HHMM>.json` (keepEarlier).
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { medianCheck } from './host-check'
import { fmt, markdownRows, plainRows } from './table'
import type { CaseResult, ResultsFile } from './types'

export interface KeptRun {
  file: string
  /** When the run started: `startedAt`, else the time in the file name, else its date alone. */
  when: string
  results: ResultsFile
}

/** `<date>.json`, or `<date>-<HHMM>.json` (`-<n>` added when two runs started in one minute). */
const FILE_NAME = /^(\d{4}-\d{2}-\d{2})(?:-(\d{2})(\d{2})(?:-\d+)?)?\.json$/

/** The instant a kept run started, as well as its file says it. */
function runInstant(name: string, results: ResultsFile): string {
  if (results.startedAt !== undefined) return results.startedAt
  const m = FILE_NAME.exec(name)
  if (m?.[2] !== undefined) return `${m[1]}T${m[2]}:${m[3]}`
  return results.date
}

/**
 * The full runs in `dir` (quick runs and other files left out), oldest first. A run whose file
 * names no time sorts after the timed runs of its day: it is the day's latest, as keepEarlier
 * leaves it.
 */
export function readHistory(dir: string): KeptRun[] {
  const runs: KeptRun[] = []
  for (const file of readdirSync(dir)) {
    if (!FILE_NAME.test(file)) continue
    const results = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResultsFile
    if (results.quick) continue
    runs.push({ file, when: runInstant(file, results), results })
  }
  // Two runs in one minute: `-<n>` is the later (keepEarlier); a name sorts before its longer twin.
  const key = (r: KeptRun) => `${r.when.length === 10 ? `${r.when}T99` : r.when} ${r.file.slice(0, -5)}`
  return runs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/**
 * Before a full run writes `<date>.json`: a results file already there from an earlier run of the
 * same day is renamed `<date>-<HHMM>.json` (its start, else its file's modification time, UTC),
 * so no run's results are overwritten. Returns the new name, if there was a file to keep.
 */
export function keepEarlier(out: string): string | undefined {
  if (!existsSync(out)) return undefined
  const m = FILE_NAME.exec(basename(out))
  if (!m || m[2] !== undefined) return undefined
  const earlier = JSON.parse(readFileSync(out, 'utf8')) as Partial<ResultsFile>
  const at = earlier.startedAt ?? statSync(out).mtime.toISOString()
  const hhmm = at.slice(11, 13) + at.slice(14, 16)
  let kept = join(dirname(out), `${m[1]}-${hhmm}.json`)
  for (let n = 2; existsSync(kept); n++) kept = join(dirname(out), `${m[1]}-${hhmm}-${n}.json`)
  renameSync(out, kept)
  return kept
}

/** A result as one cell: the ratio where a peer was measured, else the value; `✗` when missed. */
const cell = (r: CaseResult | undefined): string =>
  r === undefined ? '' : `${r.ratio === undefined ? fmt(r.value) : `${fmt(r.ratio)}×`}${r.met ? '' : ' ✗'}`

/** A column's short label: the case number and a letter for each goal of that case, e.g. `4b`. */
function labels(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const n = /^\d+/.exec(name)?.[0] ?? '?'
    const i = seen.get(n) ?? 0
    seen.set(n, i + 1)
    return `${n}${String.fromCharCode(97 + i)}`
  })
}

/**
 * One row per run: its goals met, the host's speed (host-check.ts), and one column per goal (those
 * of the latest run first, in its order, then any that only older runs had); a legend names each
 * column with its unit and goal.
 */
export function historyTable(runs: readonly KeptRun[], format: 'text' | 'markdown'): string {
  const byName = new Map<string, CaseResult>()
  for (const run of [...runs].reverse())
    for (const r of run.results.cases) if (!byName.has(r.name)) byName.set(r.name, r)
  const names = [...byName.keys()]
  const cols = labels(names)
  const head = ['run (UTC)', 'met', 'host', ...cols]
  const rows = runs.map((run) => {
    const found = new Map(run.results.cases.map((r) => [r.name, r]))
    const met = run.results.cases.filter((r) => r.met).length
    return [
      run.when.replace('T', ' ').slice(0, 16),
      `${met}/${run.results.cases.length}`,
      fmt(medianCheck(run.results.hostCheckMs)),
      ...names.map((name) => cell(found.get(name))),
    ]
  })
  const legend = [
    'host: the median of the host checks before each case, ms of fixed CPU work (lower is quicker)',
    ...names.map((name, i) => {
      const r = byName.get(name) as CaseResult
      const what = r.ratio === undefined ? r.unit : `× ${r.peer}`
      return `${cols[i]}: ${name} (${what}; goal ${r.goal})`
    }),
  ]
  if (format === 'markdown') return [...markdownRows(head, rows), '', ...legend.map((l) => `- ${l}`)].join('\n')
  return [...plainRows(head, rows), '', ...legend].join('\n')
}
