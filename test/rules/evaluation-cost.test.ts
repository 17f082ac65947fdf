// The engine's shortcuts for speed (docs/performance.md, case 4) must never change an answer:
// stored order, memoized instants and dates, the per-day zone offsets, and payloads read afresh on
// every evaluation (a stored row that no longer matches its schema is caught every time).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { localDate } from '../../src/rules'
import { instantMs, localDateAt, MEMO_MAX, memoSizes, withTimeMemo, zoneOffsetMs } from '../../src/rules/time'
import { standard } from './standard'
import { run } from './support'

/** The date Intl gives, without any cache: the reference the fast path must agree with. */
const formats = new Map<string, Intl.DateTimeFormat>()
function intlDate(ms: number, timeZone: string): string {
  let f = formats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formats.set(timeZone, f)
  }
  const parts = f.formatToParts(new Date(ms))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

const clocks = new Map<string, Intl.DateTimeFormat>()
/** Local wall time minus UTC at `ms`, to the second, from Intl alone. */
function intlOffset(ms: number, timeZone: string): number {
  let f = clocks.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    clocks.set(timeZone, f)
  }
  const parts = f.formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return wall - Math.floor(ms / 1000) * 1000
}

describe('the stream as stored or in any order', () => {
  it('gives the same report, byte for byte', () => {
    const { stream } = standard()
    const ordered = JSON.stringify(run(stream.events))
    const reversed = [...stream.events].reverse()
    const shuffled = [...stream.events].sort((a, b) => (a.eventId < b.eventId ? 1 : -1))
    expect(JSON.stringify(run(reversed))).toBe(ordered)
    expect(JSON.stringify(run(shuffled))).toBe(ordered)
  })
})

describe('payloads are read on every evaluation', () => {
  it('a row changed after a clean read is caught on the next, under the same event id and hash', () => {
    const { stream, ids } = standard()
    expect(run(stream).skipped).toEqual([])
    const tampered = stream.events.map((e) =>
      e.eventId === ids.commentOpened ? { ...e, data: { ...e.data, closesAt: 'soon' } } : e,
    )
    expect(run(tampered).skipped).toEqual([
      { eventId: ids.commentOpened, reason: expect.stringContaining('payload unreadable as PublicCommentOpened') },
    ])
    // And the clean row reads clean again.
    expect(run(stream).skipped).toEqual([])
  })
  it('an extra field is refused as often as it is read', () => {
    const { stream, ids } = standard()
    const extra = stream.events.map((e) => (e.eventId === ids.commentOpened ? { ...e, data: { ...e.data, x: 1 } } : e))
    for (let i = 0; i < 3; i++) expect(run(extra).skipped.map((s) => s.eventId)).toEqual([ids.commentOpened])
  })
})

describe('memoized instants and dates', () => {
  it('answer as the first time, unreadable ones included', () => {
    for (let i = 0; i < 2; i++) {
      expect(instantMs('2025-03-17T09:00:00+08:00')).toBe(Date.UTC(2025, 2, 17, 1))
      expect(instantMs('2025-02-30T09:00:00+08:00')).toBeUndefined()
      expect(instantMs('soon')).toBeUndefined()
      expect(localDate('2025-02-30', 'Asia/Shanghai')).toBeUndefined()
      expect(localDate('2025-02-28', 'Asia/Shanghai')).toBe('2025-02-28')
    }
  })
  it('last one evaluation: kept while it runs, bounded, and dropped after it', () => {
    // A memo for the process was promoted and copied by every scavenge, and stalled reports as
    // its Map grew (a rehash at 32,768 entries stops the thread for ms): the slowest percent.
    const base = Date.UTC(2030, 0, 1, 0, 30)
    const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
    withTimeMemo(() => {
      for (let i = 0; i < MEMO_MAX + 500; i++) {
        const ms = base + i * 3_600_000
        const iso = new Date(ms).toISOString()
        expect(instantMs(iso)).toBe(ms)
        expect(localDate(iso, 'Asia/Shanghai')).toBe(shanghai(ms))
      }
      const inside = memoSizes()
      expect(inside.instants).toBe(MEMO_MAX)
      expect(inside.localDates).toBe(MEMO_MAX)
      // Past the bound, values are parsed each time, to the same answers.
      const late = base + (MEMO_MAX + 499) * 3_600_000
      expect(instantMs(new Date(late).toISOString())).toBe(late)
      // A nested scope shares the outer memo.
      withTimeMemo(() => expect(memoSizes().instants).toBe(MEMO_MAX))
    })
    expect(memoSizes()).toMatchObject({ instants: 0, localDates: 0 })
    // Outside an evaluation nothing is kept, and the answers are the same.
    expect(instantMs(new Date(base).toISOString())).toBe(base)
    expect(localDate(new Date(base).toISOString(), 'Asia/Shanghai')).toBe(shanghai(base))
    expect(memoSizes()).toMatchObject({ instants: 0, localDates: 0 })
  })
  it('are dropped when the evaluation throws', () => {
    expect(() =>
      withTimeMemo(() => {
        instantMs('2025-03-17T09:00:00+08:00')
        throw new Error('a check failed')
      }),
    ).toThrow('a check failed')
    expect(memoSizes().instants).toBe(0)
  })
  it('around a daylight-saving change, the date flips at local midnight on both sides', () => {
    // New York: EST → EDT on 2025-03-09 at 07:00Z; EDT → EST on 2025-11-02 at 06:00Z.
    const ny = 'America/New_York'
    expect(localDateAt(Date.UTC(2025, 2, 9, 4, 59, 59), ny)).toBe('2025-03-08')
    expect(localDateAt(Date.UTC(2025, 2, 9, 5), ny)).toBe('2025-03-09')
    expect(localDateAt(Date.UTC(2025, 2, 10, 3, 59, 59), ny)).toBe('2025-03-09')
    expect(localDateAt(Date.UTC(2025, 2, 10, 4), ny)).toBe('2025-03-10')
    expect(localDateAt(Date.UTC(2025, 10, 2, 3, 59, 59), ny)).toBe('2025-11-01')
    expect(localDateAt(Date.UTC(2025, 10, 2, 4), ny)).toBe('2025-11-02')
    expect(localDateAt(Date.UTC(2025, 10, 3, 4, 59, 59), ny)).toBe('2025-11-02')
    expect(localDateAt(Date.UTC(2025, 10, 3, 5), ny)).toBe('2025-11-03')
  })
  it('agree with Intl at any instant, in zones with and without daylight saving time', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Pacific/Chatham',
      'Africa/Casablanca',
    ]
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2045, 11, 31) }),
        fc.constantFrom(...zones),
        (ms, zone) => localDateAt(ms, zone) === intlDate(ms, zone) && zoneOffsetMs(ms, zone) === intlOffset(ms, zone),
      ),
      { numRuns: 5000 },
    )
  })
  it('agree with Intl on every hour of a year with transitions', () => {
    for (const zone of [
      'America/New_York',
      'Australia/Lord_Howe',
      'Africa/Casablanca',
      'Europe/Dublin',
      'America/Havana',
      'America/Santiago',
      'Asia/Beirut',
      'America/Asuncion',
    ]) {
      const wrong: number[] = []
      for (let ms = Date.UTC(2019, 0, 1); ms < Date.UTC(2020, 0, 1); ms += 1_800_000)
        if (
          localDateAt(ms, zone) !== intlDate(ms, zone) ||
          zoneOffsetMs(ms + 1234, zone) !== intlOffset(ms + 1234, zone)
        )
          wrong.push(ms)
      expect(wrong).toEqual([])
    }
  })
})
