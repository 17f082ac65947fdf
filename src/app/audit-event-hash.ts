// The recomputed hash of one stored event for `verify --db`, from its raw columns: the quick way
// (fast-event-hash.ts) where it applies, else exactly as before, eventHash(rowToEvent(row)).
import { eventHash } from '../ledger/event-hash'
import { EVENT_COLUMNS, type EventTuple } from '../store/audit-raw'
import { rowToEvent } from '../store/event-store'
import { quickHash } from './audit-columns'

function eventRow(row: EventTuple): Parameters<typeof rowToEvent>[0] {
  const out: Record<string, unknown> = {}
  EVENT_COLUMNS.forEach((c, i) => {
    out[c] = row[i]
  })
  return { ...(out as unknown as Parameters<typeof rowToEvent>[0]), position: Number(out.position) }
}

/** The library's way: what the audit always did. Throws where it always threw. */
export const libraryHash = (row: EventTuple): string => eventHash(rowToEvent(eventRow(row)))

export const recomputeHash = (row: EventTuple): string => quickHash(row) ?? libraryHash(row)
