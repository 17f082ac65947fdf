// The rules engine parses instants once per evaluation (src/rules/time.ts, withTimeMemo): counted
// by watching the domain's instant(), which every parse goes through.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { memoSizes } from '../../src/rules/time'
import { standard } from './standard'
import { run } from './support'

const parsed = vi.hoisted(() => [] as string[])
vi.mock('../../src/domain/events', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/domain/events')>()
  return {
    ...original,
    instant: (value: string) => {
      parsed.push(value)
      return original.instant(value)
    },
  }
})

describe('an evaluation', () => {
  beforeEach(() => {
    parsed.length = 0
  })
  it('parses each instant it reads once, however many checks read it', () => {
    const { stream } = standard()
    run(stream.events)
    expect(parsed.length).toBeGreaterThan(stream.events.length)
    expect(new Set(parsed).size).toBe(parsed.length)
  })
  it('starts afresh: the next evaluation parses them again, and none is kept between', () => {
    const { stream } = standard()
    run(stream.events)
    const first = parsed.length
    expect(memoSizes()).toEqual({ instants: 0, localDates: 0 })
    run(stream.events)
    expect(parsed.length).toBe(2 * first)
  })
})
