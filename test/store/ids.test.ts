// Event and decision ids: ULIDs whose random part comes from a pooled Web Crypto source.
import { decodeTime, isValid } from 'ulid'
import { describe, expect, it } from 'vitest'
import { pooledRandom, ulidIds } from '../../src/compose'

describe('pooledRandom', () => {
  it('yields whole bytes over 256 in [0, 1), refilling the pool with fresh bytes', () => {
    const next = pooledRandom(16)
    const draws = Array.from({ length: 4096 }, next)
    for (const x of draws) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      expect(Number.isInteger(x * 256)).toBe(true)
    }
    // 256 pools of 16: were the pool not refilled, every 16 draws would repeat the first 16.
    const pools = new Set(Array.from({ length: 256 }, (_, i) => draws.slice(i * 16, i * 16 + 16).join()))
    expect(pools.size).toBeGreaterThan(250)
    // Every value of a byte turns up, about evenly (4096 draws, 16 expected each).
    const counts = new Map<number, number>()
    for (const x of draws) counts.set(x, (counts.get(x) ?? 0) + 1)
    expect(counts.size).toBeGreaterThan(240)
    expect(Math.max(...counts.values())).toBeLessThan(48)
  })
})

describe('ulidIds', () => {
  it('makes valid, distinct, increasing ULIDs stamped with the clock', () => {
    const at = Date.parse('2026-11-22T05:00:00Z')
    let now = at
    const next = ulidIds(() => new Date(now))
    const ids = Array.from({ length: 3000 }, (_, i) => {
      if (i % 1000 === 999) now += 1
      return next()
    })
    expect(ids.every((id) => isValid(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    expect(decodeTime(ids[0] as string)).toBe(at)
    expect(decodeTime(ids.at(-1) as string)).toBe(at + 3)
    // A new millisecond draws a new random part (the monotonic factory only increments within one).
    const randomParts = new Set([ids[998], ids[999], ids[1999]].map((id) => (id as string).slice(10)))
    expect(randomParts.size).toBe(3)
  })
})
