// Dates and instants in a rulebook's time zone (rules.md §2). Pure: no clock.
// A "date" here is always a `YYYY-MM-DD` string in the jurisdiction's time zone; arithmetic runs
// on UTC day numbers so the host's own time zone can never leak into a report.

import { instant } from '../domain/events'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** True for a real calendar date `YYYY-MM-DD` (2025-02-30 is not). */
export function isDate(value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/**
 * An evaluation reads the same instants and dates many times (each event's occurredAt by several
 * checks), and parsing them is not free, so they are memoized — for one evaluation at a time
 * (`withTimeMemo`), not for the process. The instants of different decisions rarely repeat, and a
 * memo that outlives its evaluation costs the tail: its entries and tables survive collections
 * and are promoted, so every scavenge copies them; and a Map that grows large rehashes as it
 * doubles (at 16,384 and 32,768 entries the thread stops for 3–6 ms). A memo made for one
 * evaluation dies young with it (docs/performance.md, ninth round). Outside one, values are parsed.
 */
interface TimeMemo {
  /** instant() by value; NaN stands for "unreadable" so that a miss is one lookup. */
  instants: Map<string, number>
  /** localDate() by zone, then value (null: unreadable). */
  dates: Map<string, Map<string, string | null>>
}

/** Entries one memo takes at most (a decision of thousands of events still stays far below a costly rehash). */
export const MEMO_MAX = 4096
const MEMO_KEY_MAX = 64
let memo: TimeMemo | undefined

/**
 * Runs `fn` with instants and local dates memoized until it returns (an evaluation is synchronous,
 * so nothing else runs meanwhile). Nested calls share the outer memo.
 */
export function withTimeMemo<T>(fn: () => T): T {
  if (memo) return fn()
  memo = { instants: new Map(), dates: new Map() }
  try {
    return fn()
  } finally {
    memo = undefined
  }
}

const memoizable = (m: Map<string, unknown>, value: string) =>
  typeof value === 'string' && value.length <= MEMO_KEY_MAX && m.size < MEMO_MAX

/**
 * fromDayNumber() by day number, for the process: the days in use (among them the ~19,700 days of
 * the working-day table, 2003–2056 with today's holiday data) are a bounded set of small strings,
 * filled once, then only read.
 */
const dayStrings = new Map<number, string>()
const DAY_MEMO_MAX = 30_000

/** Epoch milliseconds of an RFC 3339 instant (the domain's Timestamp), or undefined when it cannot be read. */
export function instantMs(value: string): number | undefined {
  const instants = memo?.instants
  if (!instants) return instant(value)
  let ms = instants.get(value)
  if (ms === undefined) {
    ms = instant(value) ?? Number.NaN
    if (memoizable(instants, value)) instants.set(value, ms)
  }
  return Number.isNaN(ms) ? undefined : ms
}

function localDateOf(value: string, timeZone: string): string | undefined {
  if (isDate(value)) return value
  const ms = instantMs(value)
  return ms === undefined ? undefined : localDateAt(ms, timeZone)
}

/**
 * The calendar date of `value` in `timeZone`. A bare date passes through unchanged (it is already
 * in the jurisdiction's zone, domain.md §2); an unreadable value gives undefined.
 */
export function localDate(value: string, timeZone: string): string | undefined {
  if (!memo) return localDateOf(value, timeZone)
  let dates = memo.dates.get(timeZone)
  if (!dates) {
    dates = new Map()
    memo.dates.set(timeZone, dates)
  }
  const known = dates.get(value)
  if (known !== undefined) return known === null ? undefined : known
  const out = localDateOf(value, timeZone)
  if (memoizable(dates, value)) dates.set(value, out ?? null)
  return out
}

/** How many entries the memos hold now (for tests: one evaluation's memo is gone after it). */
export function memoSizes(): { instants: number; localDates: number } {
  let localDateCount = 0
  for (const m of memo?.dates.values() ?? []) localDateCount = Math.max(localDateCount, m.size)
  return { instants: memo?.instants.size ?? 0, localDates: localDateCount }
}

const HOUR_MS = 3_600_000
/**
 * Per zone, per UTC day, then per UTC hour: the zone's offset when it is the same at both ends of
 * the day (or hour), else null. A transition and its reversal within one UTC day has never
 * existed, so equal offsets at both ends mean none in between; a day with a transition falls back
 * to its hours, each checked the same way. An evaluation converts every instant of a stream, and
 * Intl is slow: with the offset known, a date is one addition and one lookup.
 */
const dayOffsets = new Map<string, Map<number, number | null>>()
const hourOffsets = new Map<string, Map<number, number | null>>()

function constantOffset(cache: Map<number, number | null>, key: number, span: number, timeZone: string): number | null {
  let offset = cache.get(key)
  if (offset === undefined) {
    const start = intlOffsetMs(key * span, timeZone)
    const end = intlOffsetMs(key * span + span - 1, timeZone)
    offset = start !== undefined && start === end ? start : null
    if (cache.size >= 200_000) cache.clear()
    cache.set(key, offset)
  }
  return offset
}

/** The offset caches of a zone; undefined for a zone this runtime does not know. */
function zoneCaches(
  timeZone: string,
): { days: Map<number, number | null>; hours: Map<number, number | null> } | undefined {
  let days = dayOffsets.get(timeZone)
  let hours = hourOffsets.get(timeZone)
  if (!days || !hours) {
    if (!isValidTimeZone(timeZone)) return undefined
    days = new Map()
    hours = new Map()
    dayOffsets.set(timeZone, days)
    hourOffsets.set(timeZone, hours)
  }
  return { days, hours }
}

/** Day numbers of 1000-01-01 and 9999-12-31: Intl spells years outside them differently (no padding, or six digits). */
const FIRST_DAY = Date.UTC(1000, 0, 1) / MS_PER_DAY
const LAST_DAY = Date.UTC(9999, 11, 31) / MS_PER_DAY

/** The calendar date of the instant `ms` in `timeZone`, or undefined for an unknown zone. */
export function localDateAt(ms: number, timeZone: string): string | undefined {
  const caches = zoneCaches(timeZone)
  if (!caches) return undefined
  const { days, hours } = caches
  let offset = constantOffset(days, Math.floor(ms / MS_PER_DAY), MS_PER_DAY, timeZone)
  if (offset === null) offset = constantOffset(hours, Math.floor(ms / HOUR_MS), HOUR_MS, timeZone)
  if (offset !== null) {
    const day = Math.floor((ms + offset) / MS_PER_DAY)
    if (day >= FIRST_DAY && day <= LAST_DAY) return fromDayNumber(day)
  }
  return intlDate(ms, timeZone)
}

function intlDate(ms: number, timeZone: string): string | undefined {
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = formatter(timeZone).formatToParts(new Date(ms))
  } catch {
    return undefined
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The offset of `timeZone` from UTC at the instant `ms` (local wall time minus UTC), to the
 * second; undefined for an unknown zone. Taken from the day's offset when it holds all day (see
 * localDateAt), else from Intl.
 */
export function zoneOffsetMs(ms: number, timeZone: string): number | undefined {
  const day = Math.floor(ms / MS_PER_DAY)
  if (day >= FIRST_DAY && day <= LAST_DAY) {
    const caches = zoneCaches(timeZone)
    if (!caches) return undefined
    const offset = constantOffset(caches.days, day, MS_PER_DAY, timeZone)
    if (offset !== null) return offset
  }
  return intlOffsetMs(ms, timeZone)
}

/** zoneOffsetMs from Intl, for one instant. */
function intlOffsetMs(ms: number, timeZone: string): number | undefined {
  let f = clockFormatters.get(timeZone)
  try {
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
      clockFormatters.set(timeZone, f)
    }
    const parts = f.formatToParts(new Date(ms))
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
    return Number.isNaN(wall) ? undefined : wall - Math.floor(ms / 1000) * 1000
  } catch {
    return undefined
  }
}

/** Days since 1970-01-01 of a date (UTC arithmetic, so no DST or host-zone effects). */
export function dayNumber(date: string): number {
  // The same as matching DATE_RE (ASCII digits, exact length), without the regex.
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45)
    return Number.NaN
  const y = digits(date, 0, 4)
  const mo = digits(date, 5, 2)
  const d = digits(date, 8, 2)
  if (y < 0 || mo < 0 || d < 0) return Number.NaN
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY
}

/** The number spelled by `length` ASCII digits at `from`, or -1. */
function digits(s: string, from: number, length: number): number {
  let n = 0
  for (let i = from; i < from + length; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

export function fromDayNumber(n: number): string {
  if (!Number.isInteger(n)) return new Date(n * MS_PER_DAY).toISOString().slice(0, 10)
  let iso = dayStrings.get(n)
  if (iso === undefined) {
    iso = new Date(n * MS_PER_DAY).toISOString().slice(0, 10)
    if (dayStrings.size >= DAY_MEMO_MAX) dayStrings.clear()
    dayStrings.set(n, iso)
  }
  return iso
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n)
}

/** Same month and day `n` years later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, n: number): string {
  const m = DATE_RE.exec(date)
  if (!m) return date
  const y = Number(m[1]) + n
  const candidate = `${String(y).padStart(4, '0')}-${m[2]}-${m[3]}`
  return isDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-${m[2]}-28`
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4))
}
