// Timing, percentiles and the two shapes of result row: a ratio to a peer, or a threshold.
import type { CaseResult } from './types'

export const now = (): number => performance.now()

/** Nearest-rank percentile of ascending `sorted` (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export interface Latencies {
  n: number
  p50: number
  p99: number
  max: number
  mean: number
}

export function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((a, b) => a + b, 0)
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  }
}

/** Runs `fn` `n` times, one after the other, and returns each duration in ms. */
export async function sample(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = now()
    await fn(i)
    out.push(now() - t0)
  }
  return out
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** A throughput or speed compared with a peer measured in the same run: met when ratio ≥ `atLeast`. */
export function ratioRow(r: {
  name: string
  metric: string
  unit: string
  value: number
  peer: string
  peerValue: number
  atLeast: number
  goal: string
  details?: CaseResult['details']
}): CaseResult {
  const ratio = r.value / r.peerValue
  return {
    name: r.name,
    metric: r.metric,
    value: round(r.value),
    unit: r.unit,
    peer: r.peer,
    peerValue: round(r.peerValue),
    ratio: round(ratio, 3),
    goal: r.goal,
    met: ratio >= r.atLeast,
    ...(r.details ? { details: r.details } : {}),
  }
}

/** A number against a fixed threshold (`max`: must be below; `min`: must be at least). */
export function thresholdRow(r: {
  name: string
  metric: string
  unit: string
  value: number
  max?: number
  min?: number
  goal: string
  details?: CaseResult['details']
}): CaseResult {
  const met = (r.max === undefined || r.value < r.max) && (r.min === undefined || r.value >= r.min)
  return {
    name: r.name,
    metric: r.metric,
    value: round(r.value, 3),
    unit: r.unit,
    goal: r.goal,
    met,
    ...(r.details ? { details: r.details } : {}),
  }
}
