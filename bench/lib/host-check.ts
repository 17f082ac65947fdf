// How quick the host is right now. These shared 2-core VMs go through phases where the same code
// runs 30–60% slower for minutes at a time, and the VM reports no steal time. Before each case the
// harness times a fixed piece of CPU work of the kind the service does (JSON with Chinese text in
// and out, SHA-256 of it) and records the median; a run's figures can then be read against the
// host's speed at the time, and two runs of the same code compared. It measures the CPU only; the
// disk's speed at the time is case 1's raw limit.
import { createHash } from 'node:crypto'

const RECORDS = Array.from({ length: 200 }, (_, i) => ({
  id: `evt_${i.toString(36).padStart(4, '0')}`,
  title: '江州市公共交通票价调整方案（征求意见稿）',
  summary: '为规范本市公共交通票价管理，拟对常规公交和轨道交通票价结构进行调整。'.repeat(2),
  amount: i * 1.5,
  tags: ['听证', '专家论证', String(i)],
  at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
  flags: { published: i % 2 === 0, archived: i % 3 === 0 },
}))

/** One unit of the fixed work: 40 rounds of stringify, parse and hash over 200 records. */
function unitOfWork(): number {
  let sink = 0
  for (let round = 0; round < 40; round++) {
    const text = JSON.stringify(RECORDS)
    sink += (JSON.parse(text) as unknown[]).length
    sink += createHash('sha256').update(text).digest()[0] ?? 0
  }
  return sink
}

/** The median time of `reps` units of the fixed work, in ms (15.6–17.4 on a quiet host here). */
export function hostCheck(reps = 15): number {
  const times: number[] = []
  let sink = 0
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    sink += unitOfWork()
    times.push(performance.now() - t0)
  }
  if (sink < 0) throw new Error('unreachable')
  times.sort((a, b) => a - b)
  return Math.round((times[Math.floor(times.length / 2)] as number) * 100) / 100
}

/** The median of a run's checks, if it made any. */
export function medianCheck(checks: ReadonlyArray<{ ms: number }> | undefined): number | undefined {
  if (!checks || checks.length === 0) return undefined
  const sorted = checks.map((c) => c.ms).sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return Math.round(median * 100) / 100
}
