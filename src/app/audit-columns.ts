// Positions of the `events` columns in a raw row, and the quick hash of such a row
// (fast-event-hash.ts). Imports nothing heavy: the hashing workers load it.
import { eventHashOfColumns } from '../ledger/fast-event-hash'
import { EVENT_COLUMNS, type EventTuple } from '../store/audit-raw'

export const column = Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, i])) as Record<
  (typeof EVENT_COLUMNS)[number],
  number
>

/** The event hash recomputed the quick way, or undefined where the library's way is needed. */
export function quickHash(row: EventTuple): string | undefined {
  return eventHashOfColumns({
    eventId: row[column.event_id],
    decisionId: row[column.stream_id],
    version: row[column.version],
    type: row[column.type],
    schemaVersion: row[column.schema_version],
    occurredAt: row[column.occurred_at],
    recordedAt: row[column.recorded_at],
    actorPersonId: row[column.actor_person_id],
    actorOrgId: row[column.actor_org_id],
    actorRole: row[column.actor_role],
    data: row[column.data],
    evidence: row[column.evidence],
    correlationId: row[column.correlation_id],
    causationId: row[column.causation_id],
    prevHash: row[column.prev_hash],
  })
}

/** The subject line of a stream check on this event, as the audit names it. */
export const eventSubject = (decisionId: unknown, eventId: unknown, version: number, position: number) =>
  `${decisionId} ${eventId} (v${version}, position ${position})`
