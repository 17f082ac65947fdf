// The printed table and its Markdown twin (docs/performance.md keeps the latest one).
import { medianCheck } from './host-check'
import type { CaseResult, ResultsFile } from './types'

const fmt = (x: number | undefined): string => {
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

/** Plain-text table for the terminal. */
export function textTable(results: ResultsFile): string {
  const rows = [HEAD, ...results.cases.map(cells)]
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)))
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  const out = [line(rows[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)]
  for (const run of results.runs) {
    if (run.skipped) out.push(`skipped ${run.id}: ${run.skipped}`)
    if (run.error) out.push(`FAILED ${run.id}: ${run.error}`)
  }
  return out.join('\n')
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(results: ResultsFile): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  const lines = [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...results.cases.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ]
  return lines.join('\n')
}

export function machineLine(results: ResultsFile): string {
  const m = results.machine
  const check = medianCheck(results.hostCheckMs)
  const host = check === undefined ? '' : `; host check ${check} ms (lower is quicker)`
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.disk ? `, ${m.disk}` : ''}${host}`
}
