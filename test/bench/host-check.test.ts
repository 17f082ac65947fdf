// The host check (bench/lib/host-check.ts): a time for a fixed piece of work, and the median of a
// run's checks as the history and the machine line show it.
import { describe, expect, it } from 'vitest'
import { hostCheck, medianCheck } from '../../bench/lib/host-check'

describe('hostCheck', () => {
  it('times the fixed work: a positive number of ms, to the hundredth', () => {
    const ms = hostCheck(3)
    expect(ms).toBeGreaterThan(0)
    expect(Number.isFinite(ms)).toBe(true)
    expect(Math.round(ms * 100) / 100).toBe(ms)
  })
})

describe('medianCheck', () => {
  it.each([
    [undefined, undefined],
    [[], undefined],
    [[14], 14],
    [[15, 12, 13], 13],
    [[15, 12, 13, 20], 14],
    // Two halves whose mean floats off the hundredth (21.07 + 21.08) still print as one.
    [[21.07, 21.08], 21.08],
  ])('of %j is %j', (ms, median) => {
    expect(medianCheck(ms?.map((m, i) => ({ before: `case-${i}`, ms: m })))).toBe(median)
  })
})
