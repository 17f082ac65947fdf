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

/** Epoch milliseconds of an RFC 3339 instant (the domain's Timestamp), or undefined when it cannot be read. */
export const instantMs: (value: string) => number | undefined = instant

/**
 * The calendar date of `value` in `timeZone`. A bare date passes through unchanged (it is already
 * in the jurisdiction's zone, domain.md §2); an unreadable value gives undefined.
 */
export function localDate(value: string, timeZone: string): string | undefined {
  if (isDate(value)) return value
  const ms = instantMs(value)
  return ms === undefined ? undefined : localDateAt(ms, timeZone)
}

const HOUR_MS = 3_600_000
/**
 * Per zone, per UTC hour: the zone's offset when it is the same at both ends of the hour (no
 * transition inside it; one that goes and comes back within an hour has never existed), else
 * null. An evaluation converts every instant of a stream, and Intl is slow: with the offset
 * known, a date is one addition.
 */
const hourOffsets = new Map<string, Map<number, number | null>>()

/** The calendar date of the instant `ms` in `timeZone`, or undefined for an unknown zone. */
export function localDateAt(ms: number, timeZone: string): string | undefined {
  let zone = hourOffsets.get(timeZone)
  if (!zone) {
    if (!isValidTimeZone(timeZone)) return undefined
    zone = new Map()
    hourOffsets.set(timeZone, zone)
  }
  const hour = Math.floor(ms / HOUR_MS)
  let offset = zone.get(hour)
  if (offset === undefined) {
    const start = zoneOffsetMs(hour * HOUR_MS, timeZone)
    const end = zoneOffsetMs(hour * HOUR_MS + HOUR_MS - 1, timeZone)
    offset = start !== undefined && start === end ? start : null
    if (zone.size >= 200_000) zone.clear()
    zone.set(hour, offset)
  }
  if (offset !== null) {
    const iso = new Date(ms + offset).toISOString()
    // Years 1000-9999 only: others are spelled differently by Intl (no padding, or six digits).
    if (iso.length === 24 && iso[0] !== '0') return iso.slice(0, 10)
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
 * second; undefined for an unknown zone.
 */
export function zoneOffsetMs(ms: number, timeZone: string): number | undefined {
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
  const m = DATE_RE.exec(date)
  if (!m) return Number.NaN
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY
}

export function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10)
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
