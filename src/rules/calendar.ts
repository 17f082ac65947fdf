// The jurisdiction's working-day calendar (rules.md §2): weekends and statutory holidays off,
// make-up working days (调休上班日) on, from the data of the `chinese-days` package.
//
// We read the package's data file rather than calling `isWorkday()`: the package's date helper
// mixes UTC parsing with host-local day boundaries, so on a host west of UTC it answers for the
// wrong day (2025-10-13, a Monday, comes back as a holiday under TZ=America/Los_Angeles).
// Reading the table with our own UTC day arithmetic gives the same answers on every host.
import holidayData from 'chinese-days/dist/chinese-days.json'
import { addDays, dayNumber, fromDayNumber, localDate, weekday, yearOf } from './time'

const table = holidayData as { holidays: Record<string, string>; workdays: Record<string, string> }
const holidays: Readonly<Record<string, string>> = table.holidays
const makeUpWorkdays: Readonly<Record<string, string>> = table.workdays

const CALENDAR_SOURCE = 'chinese-days@1.5.7'

const COVERED_YEARS: readonly number[] = [...new Set(Object.keys(holidays).map((d) => yearOf(d)))].sort((a, b) => a - b)
const covered = new Set(COVERED_YEARS)

/** Whether the holiday table has the State Council's arrangement for `year`. */
export function calendarCovers(year: number): boolean {
  return covered.has(year)
}

/** First and last year the holiday table covers (2004 and 2026 in chinese-days 1.5.7). */
export function calendarCoverage(): { from: number; to: number } {
  return { from: COVERED_YEARS[0] ?? 0, to: COVERED_YEARS[COVERED_YEARS.length - 1] ?? 0 }
}

/** Working day under the CN calendar; for uncovered years, Monday to Friday. */
export function isWorkingDay(date: string): boolean {
  if (calendarCovers(yearOf(date))) {
    if (makeUpWorkdays[date] !== undefined) return true
    if (holidays[date] !== undefined) return false
  }
  const wd = weekday(date)
  return wd >= 1 && wd <= 5
}

/** Calendar days d with a < d ≤ b (民法典 Art. 201: the first day is not counted); 0 if b ≤ a. */
export function days(a: string, b: string): number {
  return Math.max(0, dayNumber(b) - dayNumber(a))
}

// Working days are counted once per day over the table's years plus a margin, so that
// workingDays() is two lookups instead of a walk over every day in between: the compliance
// projection counts them for every event at every append (late-recording, review periods).
const TABLE_FROM = dayNumber(`${(COVERED_YEARS[0] ?? 2004) - 1}-01-01`)
const TABLE_TO = dayNumber(`${(COVERED_YEARS[COVERED_YEARS.length - 1] ?? 2026) + 30}-12-31`)
let cumulative: Int32Array | undefined

/** cumulative[i]: working days among the days TABLE_FROM … TABLE_FROM + i. */
function cumulativeWorkingDays(): Int32Array {
  if (!cumulative) {
    const table = new Int32Array(TABLE_TO - TABLE_FROM + 1)
    let n = 0
    for (let i = 0; i < table.length; i++) {
      if (isWorkingDay(fromDayNumber(TABLE_FROM + i))) n++
      table[i] = n
    }
    cumulative = table
  }
  return cumulative
}

/** Working days among the days counted by `days(a, b)`. */
export function workingDays(a: string, b: string): number {
  const from = dayNumber(a)
  const to = dayNumber(b)
  if (!(to > from)) return 0
  if (from >= TABLE_FROM && to <= TABLE_TO) {
    const table = cumulativeWorkingDays()
    return (table[to - TABLE_FROM] as number) - (table[from - TABLE_FROM] as number)
  }
  let n = 0
  for (let d = from + 1; d <= to; d++) {
    if (isWorkingDay(fromDayNumber(d))) n++
  }
  return n
}

/** The `n`-th working day after `date` (n ≥ 1), i.e. the last day still within n working days. */
export function addWorkingDays(date: string, n: number): string {
  const start = dayNumber(date)
  if (Number.isInteger(n) && n >= 1 && start >= TABLE_FROM && start <= TABLE_TO) {
    // The first day whose running count reaches n more than the start's: a binary search.
    const table = cumulativeWorkingDays()
    const target = (table[start - TABLE_FROM] as number) + n
    if (target <= (table[table.length - 1] as number)) {
      let lo = start - TABLE_FROM + 1
      let hi = table.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if ((table[mid] as number) >= target) hi = mid
        else lo = mid + 1
      }
      return fromDayNumber(TABLE_FROM + lo)
    }
  }
  let d = date
  let left = n
  // Bounded: a year has far more than n working days for any sane n, but never loop forever.
  for (let guard = 0; left > 0 && guard < 100_000; guard++) {
    d = addDays(d, 1)
    if (isWorkingDay(d)) left--
  }
  return d
}

/** Uncovered years among the days of (a, b]: the years a weekends-only fallback was used for. */
export function fallbackYearsBetween(a: string, b: string): number[] {
  const out: number[] = []
  if (dayNumber(b) <= dayNumber(a)) return out
  // Usually every year from a's to b's is covered, and then so is every year in between.
  const from = yearOf(a)
  const to = yearOf(b)
  let all = true
  for (let y = from; y <= to && all; y++) all = calendarCovers(y)
  if (all) return out
  const first = yearOf(addDays(a, 1))
  for (let y = first; y <= yearOf(b); y++) if (!calendarCovers(y)) out.push(y)
  return out
}

export interface CalendarNote {
  source: string
  timeZone: string
  coveredYears: { from: number; to: number }
  /** Years in which working days were counted on weekends only, for want of holiday data. */
  fallbackYears: number[]
}

/**
 * A calendar bound to one time zone that remembers which uncovered years it had to fall back
 * on, so the report can say so. Accepts instants or dates wherever a day is meant.
 */
export interface Calendar {
  readonly timeZone: string
  date(value: string): string | undefined
  days(a: string, b: string): number | undefined
  workingDays(a: string, b: string): number | undefined
  addWorkingDays(date: string, n: number): string
  note(): CalendarNote
}

export function createCalendar(timeZone: string): Calendar {
  const fallback = new Set<number>()
  const date = (value: string) => localDate(value, timeZone)
  return {
    timeZone,
    date,
    days(a, b) {
      const da = date(a)
      const db = date(b)
      return da === undefined || db === undefined ? undefined : days(da, db)
    },
    workingDays(a, b) {
      const da = date(a)
      const db = date(b)
      if (da === undefined || db === undefined) return undefined
      // Checks count working days for nearly every event: skip the fallback note's walk over the
      // years when both ends fall in covered years (then every year between them is covered).
      if (!(calendarCovers(yearOf(da)) && calendarCovers(yearOf(db))) || yearOf(db) - yearOf(da) > 1)
        for (const y of fallbackYearsBetween(da, db)) fallback.add(y)
      return workingDays(da, db)
    },
    addWorkingDays(d, n) {
      const end = addWorkingDays(d, n)
      for (const y of fallbackYearsBetween(d, end)) fallback.add(y)
      return end
    },
    note: () => ({
      source: CALENDAR_SOURCE,
      timeZone,
      coveredYears: calendarCoverage(),
      fallbackYears: [...fallback].sort((a, b) => a - b),
    }),
  }
}
