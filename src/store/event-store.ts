// The EventStore port over any Backend. An append is shaped so the very same logic runs where no
// interactive transaction exists (D1): the caller reads the head, computes the events and their
// hashes, then everything is written in one atomic unit guarded by UNIQUE(stream_id, version).
import type { CompiledQuery, Kysely, SelectQueryBuilder } from 'kysely'
import type { Actor, EvidenceDoc, StoredEvent } from '../domain/envelope'
import { canonicalJson } from '../ledger/event-hash'
import { type Backend, UniqueViolation } from './backend'
import { preparedQuery } from './prepared'
import type { Database, EventsTable } from './schema'

export type StreamKind = 'decision' | 'directory'

export interface StreamHead<S = unknown> {
  streamId: string
  kind: StreamKind
  version: number
  headHash: string
  state: S
}

/** An event with everything but its global position, which the database assigns on commit. */
export type PendingEvent = Omit<StoredEvent, 'position'>

export interface AppendUnit {
  streamId: string
  kind: StreamKind
  /** The version the caller read the head at (0 for a new stream). */
  expectedVersion: number
  events: PendingEvent[]
  newState: unknown
  /** Projection and idempotency writes that must commit with the events, or not at all. */
  also: CompiledQuery[]
}

/** Another writer appended to the stream after the caller read its head. */
export class VersionConflict extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} moved on`)
    this.name = 'VersionConflict'
  }
}

type EventRow = Omit<EventsTable, 'position'> & { position: number }

export function rowToEvent(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    eventId: row.event_id,
    decisionId: row.stream_id,
    version: Number(row.version),
    position: Number(row.position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: { personId: row.actor_person_id, orgId: row.actor_org_id, role: row.actor_role as Actor['role'] },
    data: JSON.parse(row.data) as Record<string, unknown>,
    evidence: JSON.parse(row.evidence) as EvidenceDoc[],
    prevHash: row.prev_hash,
    hash: row.hash,
  }
  if (row.correlation_id !== null) event.correlationId = row.correlation_id
  if (row.causation_id !== null) event.causationId = row.causation_id
  return event
}

/**
 * An appended event with its position, in the shape and key order rowToEvent reads it back in:
 * the payload and evidence parsed from the canonical text stored for them (eventRowValues), so
 * their members come in that order too.
 */
function withPosition(e: PendingEvent, position: number, row: ReturnType<typeof eventRowValues>): StoredEvent {
  const event: StoredEvent = {
    eventId: e.eventId,
    decisionId: e.decisionId,
    version: e.version,
    position,
    type: e.type,
    schemaVersion: e.schemaVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: { personId: e.actor.personId, orgId: e.actor.orgId, role: e.actor.role },
    data: JSON.parse(row[STORED_DATA]) as Record<string, unknown>,
    evidence: JSON.parse(row[STORED_EVIDENCE]) as EvidenceDoc[],
    prevHash: e.prevHash,
    hash: e.hash,
  }
  if (e.correlationId !== undefined) event.correlationId = e.correlationId
  if (e.causationId !== undefined) event.causationId = e.causationId
  return event
}

/** Where eventRowValues puts the stored text of `data` and of `evidence`. */
const STORED_DATA = 10
const STORED_EVIDENCE = 11

/**
 * The column values of an event's row, in the order of the `events` insert (eventInsert). The
 * payload and evidence are stored as their RFC 8785 canonical JSON, the very text the event hash
 * covers, so that `verify --db` can hash an event from its stored columns without parsing them
 * (docs/ledger.md §4); any JSON text reads back the same.
 */
export function eventRowValues(e: PendingEvent) {
  return [
    e.eventId,
    e.decisionId,
    e.version,
    e.type,
    e.schemaVersion,
    e.occurredAt,
    e.recordedAt,
    e.actor.personId,
    e.actor.orgId,
    e.actor.role,
    canonicalJson(e.data),
    canonicalJson(e.evidence),
    e.correlationId ?? null,
    e.causationId ?? null,
    e.prevHash,
    e.hash,
  ] as const
}

const headQuery = preparedQuery(1, (db, streamId: string) =>
  db.selectFrom('streams').selectAll().where('stream_id', '=', streamId),
)

const streamQuery = preparedQuery(1, (db, streamId: string) =>
  db.selectFrom('events').selectAll().where('stream_id', '=', streamId).orderBy('version'),
)

const eventInsert = preparedQuery(
  16,
  (
    db,
    event_id: string,
    stream_id: string,
    version: number,
    type: string,
    schema_version: number,
    occurred_at: string,
    recorded_at: string,
    actor_person_id: string,
    actor_org_id: string,
    actor_role: string,
    data: string,
    evidence: string,
    correlation_id: string | null,
    causation_id: string | null,
    prev_hash: string,
    hash: string,
  ) =>
    db
      .insertInto('events')
      .values({
        event_id,
        stream_id,
        version,
        type,
        schema_version,
        occurred_at,
        recorded_at,
        actor_person_id,
        actor_org_id,
        actor_role,
        data,
        evidence,
        correlation_id,
        causation_id,
        prev_hash,
        hash,
      })
      .returning('position'),
)

const headUpsert = preparedQuery(
  6,
  (db, stream_id: string, kind: string, version: number, head_hash: string, state: string, at: string) =>
    db
      .insertInto('streams')
      .values({ stream_id, kind, version, head_hash, state, created_at: at, updated_at: at })
      .onConflict((oc) =>
        oc.column('stream_id').doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          head_hash: eb.ref('excluded.head_hash'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
)

export class EventStore {
  constructor(readonly backend: Backend) {}

  get db() {
    return this.backend.db
  }

  async readHead<S>(streamId: string): Promise<StreamHead<S> | undefined> {
    const row = (await this.db.executeQuery(headQuery(this.db, streamId))).rows[0]
    if (!row) return undefined
    return {
      streamId: row.stream_id,
      kind: row.kind as StreamKind,
      version: Number(row.version),
      headHash: row.head_hash,
      state: JSON.parse(row.state) as S,
    }
  }

  /** Writes the unit atomically and returns the stored events with their global positions. */
  async append(unit: AppendUnit): Promise<StoredEvent[]> {
    const { db } = this
    const last = unit.events[unit.events.length - 1]
    if (!last) throw new Error('append: no events')
    const rows = unit.events.map(eventRowValues)
    const inserts = rows.map((row) => eventInsert(db, ...row))
    // UNIQUE(stream_id, version) on the event inserts is the guard of the whole unit, so the head
    // upsert needs no condition: when the inserts fail, nothing of the unit is written.
    const head = headUpsert(
      db,
      unit.streamId,
      unit.kind,
      last.version,
      last.hash,
      JSON.stringify(unit.newState),
      last.recordedAt,
    )
    // The event inserts come last: on PostgreSQL the unit registers as in flight just before them
    // (feed readers stop below its positions until it commits), so it is registered briefly.
    const orderedFrom = 1 + unit.also.length
    let results: Array<Array<Record<string, unknown>>>
    try {
      results = await this.backend.atomic([head, ...unit.also, ...inserts], { orderedFrom })
    } catch (e) {
      if (e instanceof UniqueViolation && e.table === 'events') throw new VersionConflict(unit.streamId)
      throw e
    }
    return unit.events.map((e, i) =>
      withPosition(e, Number(results[orderedFrom + i]?.[0]?.position), rows[i] as ReturnType<typeof eventRowValues>),
    )
  }

  async readStream(streamId: string, opts: { fromVersion?: number; limit?: number } = {}): Promise<StoredEvent[]> {
    if (opts.fromVersion === undefined && opts.limit === undefined)
      return (await this.db.executeQuery(streamQuery(this.db, streamId))).rows.map((r) => rowToEvent(r as EventRow))
    let q = this.db.selectFrom('events').selectAll().where('stream_id', '=', streamId)
    if (opts.fromVersion !== undefined) q = q.where('version', '>=', opts.fromVersion)
    q = q.orderBy('version')
    if (opts.limit !== undefined) q = q.limit(opts.limit)
    return (await q.execute()).map((r) => rowToEvent(r as EventRow))
  }

  /**
   * Every event of the streams whose ids lie between `first` and `last` (inclusive), by stream id
   * and version: many streams in one query, two bound parameters whatever their number (rebuild).
   */
  async readStreamRange(first: string, last: string): Promise<StoredEvent[]> {
    return readStreamRangeVia(this.db, first, last)
  }

  async readEventById(eventId: string): Promise<StoredEvent | undefined> {
    const row = await this.db.selectFrom('events').selectAll().where('event_id', '=', eventId).executeTakeFirst()
    return row ? rowToEvent(row as EventRow) : undefined
  }

  /**
   * The global feed in position order, optionally restricted to the streams a reader may see. It
   * stops at the backend's feed horizon, so a position it skips can never be committed later.
   */
  async readFeed(
    after: number,
    limit: number,
    visibleStreams?: (db: Kysely<Database>) => SelectQueryBuilder<Database, keyof Database, { stream_id: string }>,
  ): Promise<StoredEvent[]> {
    // Read before the events (an earlier snapshot): see Backend.feedHorizon.
    const horizon = await this.backend.feedHorizon?.()
    if (horizon !== undefined && horizon <= after) return []
    let q = this.db.selectFrom('events').selectAll().where('position', '>', after)
    if (horizon !== undefined) q = q.where('position', '<=', horizon)
    if (visibleStreams)
      q = q.where((eb) => eb.or([eb('stream_id', 'in', visibleStreams(this.db)), eb('stream_id', 'like', 'dir_%')]))
    return (await q.orderBy('position').limit(limit).execute()).map((r) => rowToEvent(r as EventRow))
  }
}

/**
 * `EventStore.readStreamRange` through any connection or transaction `db` (a rebuild reads inside
 * the transaction that writes its read models).
 */
export async function readStreamRangeVia(db: Kysely<Database>, first: string, last: string): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '>=', first)
    .where('stream_id', '<=', last)
    .orderBy('stream_id')
    .orderBy('version')
    .execute()
  return rows.map((r) => rowToEvent(r as EventRow))
}
