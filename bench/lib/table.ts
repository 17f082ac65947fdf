// The printed table and its Markdown twin (docs/performance.md keeps the latest one).
import { medianCheck } from './host-check'
import type { CaseResult, ResultsFile } from './types'

/** A figure as the tables print it: thousands grouped, about three significant digits. */
export const fmt = (x: number | undefined): string => {
  if (x === undefined || Number.isNaN(x)) return ''
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US')
  if (Math.abs(x) >= 100) return x.toFixed(0)
  if (Math.abs(x) >= 10) return x.toFixed(1)
  return x.toFixed(2).replace(/\.?0+$/, '') || '0'
}

const cells = (r: CaseResult): string[] => [
  r.name,
  r.metric,
  `${fmt(r.value)} ${r.unit}`,
  r.peer === undefined ? '' : `${r.peer}: ${fmt(r.peerValue)} ${r.unit}`,
  r.ratio === undefined ? '' : `${fmt(r.ratio)}×`,
  r.goal,
  r.met ? 'met' : 'MISSED',
]

const HEAD = ['case', 'metric', 'value', 'peer (same run)', 'ratio', 'goal', '']

/** Rows under a head as aligned plain-text lines, the head underlined. */
export function plainRows(head: readonly string[], rows: readonly string[][]): string[] {
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => [...(r[i] ?? '')].length)))
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
}

/** Rows under a head as a Markdown table, pipes in cells escaped. */
export function markdownRows(head: readonly string[], rows: readonly string[][]): string[] {
  const line = (r: readonly string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)]
}

/** Plain-text table for the terminal. */
export function textTable(results: ResultsFile): string {
  const out = plainRows(HEAD, results.cases.map(cells))
  for (const run of results.runs) {
    if (run.skipped) out.push(`skipped ${run.id}: ${run.skipped}`)
    if (run.error) out.push(`FAILED ${run.id}: ${run.error}`)
  }
  return out.join('\n')
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(results: ResultsFile): string {
  return markdownRows(HEAD, results.cases.map(cells)).join('\n')
}

export function machineLine(results: ResultsFile): string {
  const m = results.machine
  const check = medianCheck(results.hostCheckMs)
  const host = check === undefined ? '' : `; host check ${check} ms (lower is quicker)`
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.disk ? `, ${m.disk}` : ''}${host}`
}
