// The read-only view of the directory (domain.md §4) that the engine needs to name responsible
// persons "as of the event's date". The app layer implements it from its directory tables;
// `directoryViewFrom` builds one from directory events for tests and for the app to reuse.

export type PositionCapacity = 'head' | 'deputy_head' | 'leader' | 'member' | 'staff'

export interface PositionAt {
  positionId: string
  personId: string
  title: string
  capacity: PositionCapacity
}

export interface DirectoryView {
  /** Positions held in `orgId` on `date` (YYYY-MM-DD): from ≤ date ≤ to, `to` being the last day. */
  positionsAt(orgId: string, date: string): PositionAt[]
  personName(personId: string): string | undefined
  orgName(orgId: string): string | undefined
  /** The organization `orgId` belongs to, when the directory knows it. */
  parentOf?(orgId: string): string | undefined
}

/** Person ids of the heads of `orgId` on `date`, in position-id order. */
export function headsAt(directory: DirectoryView, orgId: string, date: string): string[] {
  return directory
    .positionsAt(orgId, date)
    .filter((p) => p.capacity === 'head')
    .map((p) => p.personId)
}

/** How far up `parentOf` is followed before giving up (a directory is a few levels deep). */
const MAX_PARENT_DEPTH = 32

/**
 * Where `orgId` stands to `unitId` in the directory: the unit itself, an organization under it
 * (following `parentOf` up at most MAX_PARENT_DEPTH levels, stopping at a cycle), outside it, or
 * `unknown`: the directory does not know `orgId` (no name, no parent) or cannot tell parents, so
 * it is not shown to be under the unit.
 */
export type OrgStanding = 'self' | 'within' | 'outside' | 'unknown'

export function orgStanding(directory: DirectoryView, orgId: string, unitId: string): OrgStanding {
  if (orgId === unitId) return 'self'
  const parentOf = directory.parentOf?.bind(directory)
  if (!parentOf || (directory.orgName(orgId) === undefined && parentOf(orgId) === undefined)) return 'unknown'
  const seen = new Set([orgId])
  for (let p = parentOf(orgId), depth = 0; p !== undefined && depth < MAX_PARENT_DEPTH; p = parentOf(p), depth++) {
    if (p === unitId) return 'within'
    if (seen.has(p)) break
    seen.add(p)
  }
  return 'outside'
}

interface DirectoryEventLike {
  eventId?: string
  type: string
  data: unknown
}

interface PositionRecord extends PositionAt {
  orgId: string
  from: string
  to?: string
}

const CAPACITIES: readonly string[] = ['head', 'deputy_head', 'leader', 'member', 'staff']

const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/**
 * An in-memory directory from OrganizationRegistered / PersonRegistered / PositionAssigned /
 * PositionEnded events (in stream order). EventCorrected events, when present, replace the
 * payload of the event they correct (the latest correction wins), as in decision streams.
 */
export function directoryViewFrom(events: readonly DirectoryEventLike[]): DirectoryView {
  const corrections = new Map<string, unknown>()
  for (const e of events) {
    if (e.type !== 'EventCorrected') continue
    const d = rec(e.data)
    const target = str(d.correctsEventId)
    if (target !== undefined && d.data !== undefined) corrections.set(target, d.data)
  }
  const orgs = new Map<string, { name: string; parentId?: string }>()
  const people = new Map<string, string>()
  const positions = new Map<string, PositionRecord>()
  for (const e of events) {
    const d = rec(e.eventId !== undefined && corrections.has(e.eventId) ? corrections.get(e.eventId) : e.data)
    switch (e.type) {
      case 'OrganizationRegistered': {
        const orgId = str(d.orgId)
        const name = str(d.name)
        const parentId = str(d.parentId)
        if (orgId && name) orgs.set(orgId, parentId ? { name, parentId } : { name })
        break
      }
      case 'PersonRegistered': {
        const personId = str(d.personId)
        const name = str(d.name)
        if (personId && name) people.set(personId, name)
        break
      }
      case 'PositionAssigned': {
        const [positionId, personId, orgId, title, capacity, from] = [
          d.positionId,
          d.personId,
          d.orgId,
          d.title,
          d.capacity,
          d.from,
        ].map(str)
        if (positionId && personId && orgId && title && from && capacity && CAPACITIES.includes(capacity)) {
          positions.set(positionId, {
            positionId,
            personId,
            orgId,
            title,
            capacity: capacity as PositionCapacity,
            from,
          })
        }
        break
      }
      case 'PositionEnded': {
        const positionId = str(d.positionId)
        const to = str(d.to)
        const p = positionId ? positions.get(positionId) : undefined
        if (p && to) p.to = to
        break
      }
    }
  }
  const sorted = [...positions.values()].sort((a, b) =>
    a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0,
  )
  return {
    positionsAt: (orgId, date) =>
      sorted
        .filter((p) => p.orgId === orgId && p.from <= date && (p.to === undefined || date <= p.to))
        .map(({ positionId, personId, title, capacity }) => ({ positionId, personId, title, capacity })),
    personName: (personId) => people.get(personId),
    orgName: (orgId) => orgs.get(orgId)?.name,
    parentOf: (orgId) => orgs.get(orgId)?.parentId,
  }
}
