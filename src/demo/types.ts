// The shape of the demo data that `npm start` seeds: the scenario format of
// shared/scenarios/README.md, typed, and extended with history (positions that end) and with a
// simulated server clock (`recordedAt`) so that late recordings can be shown on purpose.
import type { Role } from '../domain/envelope'
import type { DecisionEventType, EventData } from '../domain/events'
import type { ORGANIZATION_KINDS, POSITION_CAPACITIES } from '../domain/events/directory-events'

/** A document written as `{ doc: 'file-name.pdf' }`; the seeder turns it into a DocRef + evidence. */
export interface DemoDoc {
  doc: string
}

/**
 * A payload as written in the demo files: every DocRef `{ name, sha256 }` becomes a `DemoDoc`.
 * Event references stay strings and are written `'@id'` (resolved by the seeder).
 * Deriving this from the zod-inferred payload types makes tsc check every demo payload.
 */
export type Demoize<T> = T extends { name: string; sha256: string }
  ? DemoDoc
  : T extends ReadonlyArray<infer U>
    ? Demoize<U>[]
    : T extends object
      ? { [K in keyof T]: Demoize<T[K]> }
      : T

export type DemoData<T extends DecisionEventType> = Demoize<EventData<T>>

// ---------------------------------------------------------------------------------------------
// Directory

export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number]
export type PositionCapacity = (typeof POSITION_CAPACITIES)[number]

export interface DemoOrganization {
  id: string
  name: string
  kind: OrganizationKind
  parentId?: string
}

export interface DemoPerson {
  id: string
  name: string
}

interface PositionBase {
  personId: string
  orgId: string
  title: string
  capacity: PositionCapacity
  /** First day in post (`YYYY-MM-DD`). */
  from: string
}

/** A post still held today. */
export interface OpenPosition extends PositionBase {
  to?: undefined
}

/** A post that ended: `to` is the last day in post and `endReason` says why (moved, retired…). */
export interface EndedPosition extends PositionBase {
  to: string
  endReason: string
}

export type DemoPosition = OpenPosition | EndedPosition

export interface DemoDirectory {
  organizations: DemoOrganization[]
  people: DemoPerson[]
  positions: DemoPosition[]
}

/** A token holder: a person acting for one organization in one role. */
export interface DemoActor {
  person: string
  org: string
  role: Exclude<Role, 'admin' | 'public'>
}

// ---------------------------------------------------------------------------------------------
// Decisions

interface DemoStep {
  /** RFC 3339 with offset: when it happened in the world. */
  occurredAt: string
  /**
   * The simulated server clock when the step is stored. Default: `occurredAt` + DEFAULT_RECORDING_LAG.
   * Set explicitly (weeks later) only to show a backfilled, late-recorded step.
   */
  recordedAt?: string
}

/** One event of type `T`, recorded by actor `as` (`'public'`: the public feedback endpoint). */
export type DemoEventOf<T extends DecisionEventType, A extends string = string> = DemoStep & {
  /** Local id, so later events can point at this one as `'@id'`. */
  id?: string
  as: A | 'public'
  type: T
  data: DemoData<T>
  /**
   * The HTTP status this attempt must get. Absent: any 2xx. A 4xx marks a deliberate refused
   * attempt (an unauthorized role, an impossible sequence) that feeds the inspectors' refusal log.
   */
  expectStatus?: number
}

export type DemoEvent<A extends string = string> = {
  [T in Exclude<DecisionEventType, 'DecisionInitiated'>]: DemoEventOf<T, A>
}[Exclude<DecisionEventType, 'DecisionInitiated'>]

/** What the compliance report must say (the scenario format's `expect`, kept small). */
export interface DemoExpectation {
  status: 'compliant' | 'noncompliant' | 'in_progress'
  /** The exact set of finding codes still open (computed or recorded), `late-recording` included. */
  findings: string[]
}

export interface DemoDecision<A extends string = string> {
  /** Stable key, used in error messages and docs/demo.md. */
  key: string
  decision: DemoStep & { as: A; data: DemoData<'DecisionInitiated'> }
  events: DemoEvent<A>[]
  /** The report as of 2026-11-21 — the point of the decision in the demo (docs/demo.md). */
  expect: DemoExpectation
  /** The same question "as known at" an earlier moment, for decisions whose record changed. */
  expectAsKnownAt?: DemoExpectation & { knownAt: string }
}

/** The server-clock lag of an ordinary recording: the office records the step the same day. */
export const DEFAULT_RECORDING_LAG_MS = 2 * 60 * 60 * 1000
