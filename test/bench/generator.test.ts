// The bench data sets must be what the service accepts: generated decisions go through the real
// validation, authority and sequence checks, and together use every decision event type.
import { describe, expect, it } from 'vitest'
import { allocate, planDecision } from '../../bench/lib/generator'
import { appendThroughApp, benchDeps, seedDirectory } from '../../bench/lib/write'
import { DECISION_EVENT_TYPES } from '../../src/domain/events'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'

describe('bench generator', () => {
  it('is a pure function of seed and index', () => {
    expect(planDecision(7, 3)).toEqual(planDecision(7, 3))
    expect(planDecision(7, 3)).not.toEqual(planDecision(8, 3))
  })

  it('produces decisions the real append path accepts, covering all 43 event types', async () => {
    const backend = openSqlite(':memory:')
    await migrateToLatest(backend)
    const { deps, at } = benchDeps(backend, 1)
    await seedDirectory(deps, at)
    const plans = Array.from({ length: 24 }, (_, i) => planDecision(1, i))
    const ids = await appendThroughApp(deps, at, plans)
    const seen = new Set<string>()
    let events = 0
    for (const plan of plans) {
      const stored = await deps.store.readStream(ids.get(plan) as string)
      expect(stored.map((e) => e.type)).toEqual(plan.events.map((e) => e.type))
      for (const e of stored) seen.add(e.type)
      events += stored.length
    }
    expect([...DECISION_EVENT_TYPES].filter((t) => !seen.has(t))).toEqual([])
    expect(events).toBeGreaterThan(24 * 15)
    await backend.close()
  })

  it('allocates exactly the requested number of events, each decision keeping 1..its length', () => {
    const lengths = Array.from({ length: 1000 }, (_, i) => planDecision(5, i).events.length)
    const keep = allocate(5, lengths, 10_000)
    expect(keep.reduce((a, b) => a + b, 0)).toBe(10_000)
    keep.forEach((k, i) => {
      expect(k).toBeGreaterThanOrEqual(1)
      expect(k).toBeLessThanOrEqual(lengths[i] as number)
    })
  })
})
