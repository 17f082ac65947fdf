// The accountability trail of one decision (rules.md §5, Decree 713 Art. 38): who decided, who
// led, who handled each step, how each member stood, which findings each person answers for.
// Pure: events, the directory view and the compliance report in, the trail out.
import type { StoredEvent } from '../domain/envelope'
import { type ComplianceReport, type DirectoryView, headsAt } from '../rules'

export type Capacity = 'head' | 'responsible_leader' | 'direct_handler' | 'member' | 'expert'
const CAPACITY_ORDER: Capacity[] = ['head', 'responsible_leader', 'direct_handler', 'member', 'expert']

export interface Involvement {
  capacity: Capacity
  eventId: string
  type: string
  date: string
  orgId?: string
}

export interface PositionHeld {
  positionId: string
  orgId: string
  orgName: string | undefined
  title: string
  capacity: string
  /** The step dates on which the person held this position. */
  asOf: string[]
}

export interface TrailPerson {
  personId: string
  name: string | undefined
  capacities: Capacity[]
  involvements: Involvement[]
  positions: PositionHeld[]
  stance?: 'support' | 'oppose' | 'reserve' | 'abstain'
  expertConclusions?: string[]
  liability?: 'reduced_or_exempted'
  liabilityDeterminations: Array<{ eventId: string; capacity: string; outcome: string; reason: string }>
  findings: string[]
}

export interface DecisionTrail {
  decisionId: string
  seriousErrors: Array<{ eventId: string; kind: string; occurredAt: string }>
  people: TrailPerson[]
}

/** Where a person's positions come from: every position they ever held, with dates. */
export type PositionsOf = (
  personId: string,
) => Array<{ positionId: string; orgId: string; title: string; capacity: string; from: string; to: string | null }>

/** The civil date of an instant in the jurisdiction (UTC+8, no DST in China). */
export const dateOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

export function decisionTrail(
  decisionId: string,
  events: readonly StoredEvent[],
  directory: DirectoryView,
  positionsOf: PositionsOf,
  report: ComplianceReport,
): DecisionTrail {
  const people = new Map<string, TrailPerson>()
  const person = (id: string) => {
    let p = people.get(id)
    if (!p) {
      p = {
        personId: id,
        name: directory.personName(id),
        capacities: [],
        involvements: [],
        positions: [],
        liabilityDeterminations: [],
        findings: [],
      }
      people.set(id, p)
    }
    return p
  }
  const involve = (id: string, capacity: Capacity, e: StoredEvent, orgId?: string) => {
    const p = person(id)
    const inv: Involvement = { capacity, eventId: e.eventId, type: e.type, date: dateOf(e.occurredAt) }
    if (orgId) inv.orgId = orgId
    p.involvements.push(inv)
  }
  const initiated = events.find((e) => e.type === 'DecisionInitiated')
  const undertakingUnit = str(initiated?.data.undertakingUnitId)
  let lastOutcome: string | undefined
  const stances = new Map<string, TrailPerson['stance']>()

  for (const e of events) {
    const d = e.data
    const date = dateOf(e.occurredAt)
    if (!['public', 'admin'].includes(e.actor.role)) involve(e.actor.personId, 'direct_handler', e, e.actor.orgId)
    // Leaders of the unit or body that took a step answer for it as "other responsible leaders".
    if (e.actor.role === 'undertaking' && undertakingUnit)
      for (const h of headsAt(directory, undertakingUnit, date)) involve(h, 'responsible_leader', e, undertakingUnit)
    if (e.type === 'LegalityReviewOpinionIssued' || e.type === 'LegalityReviewReturned')
      for (const h of headsAt(directory, e.actor.orgId, date)) involve(h, 'responsible_leader', e, e.actor.orgId)
    switch (e.type) {
      case 'CollectiveDiscussionHeld': {
        const head = str(d.headId)
        if (head) involve(head, 'head', e)
        for (const a of (d.attendees as string[] | undefined) ?? []) if (a !== head) involve(a, 'member', e)
        for (const s of (d.statements as Array<{ personId: string; position: TrailPerson['stance'] }> | undefined) ??
          [])
          stances.set(s.personId, s.position)
        lastOutcome = str(d.outcome)
        break
      }
      case 'DecisionSuspended': {
        const head = str(d.byHead)
        if (head) involve(head, 'head', e)
        break
      }
      case 'ExpertPanelFormed':
        for (const x of (d.experts as Array<{ personId?: string }> | undefined) ?? [])
          if (x.personId) involve(x.personId, 'expert', e)
        break
      case 'LiabilityDetermined': {
        const id = str(d.personId)
        if (id)
          person(id).liabilityDeterminations.push({
            eventId: e.eventId,
            capacity: String(d.capacity),
            outcome: String(d.outcome),
            reason: String(d.reason),
          })
        break
      }
    }
  }
  // Expert conclusions, matched to panel members by name.
  const panel = events
    .filter((e) => e.type === 'ExpertPanelFormed')
    .flatMap((e) => (e.data.experts as Array<{ personId?: string; name: string }>) ?? [])
  for (const e of events.filter((x) => x.type === 'ExpertOpinionSubmitted')) {
    const member = panel.find((x) => x.name === e.data.expertName && x.personId)
    if (member?.personId) {
      const p = person(member.personId)
      p.expertConclusions = [...(p.expertConclusions ?? []), String(e.data.conclusion)]
    }
  }
  for (const f of report.findings)
    for (const id of f.responsible?.personIds ?? [])
      if (!person(id).findings.includes(f.code)) person(id).findings.push(f.code)

  const seriousErrors = events
    .filter((e) => e.type === 'SeriousErrorDetermined')
    .map((e) => ({ eventId: e.eventId, kind: String(e.data.kind), occurredAt: e.occurredAt }))
  const seriousError = seriousErrors.some((s) => s.kind === 'serious_error')
  for (const p of people.values()) {
    p.capacities = CAPACITY_ORDER.filter((c) => p.involvements.some((i) => i.capacity === c))
    const stance = stances.get(p.personId)
    if (stance) p.stance = stance
    // Art. 38(3): a member who opposed an approved decision later found a serious error.
    if (stance === 'oppose' && seriousError && (lastOutcome === 'approve' || lastOutcome === 'amend'))
      p.liability = 'reduced_or_exempted'
    const dates = [...new Set(p.involvements.map((i) => i.date))].sort()
    for (const pos of positionsOf(p.personId)) {
      const held = dates.filter((d) => pos.from <= d && (pos.to === null || d <= pos.to))
      if (held.length)
        p.positions.push({
          positionId: pos.positionId,
          orgId: pos.orgId,
          orgName: directory.orgName(pos.orgId),
          title: pos.title,
          capacity: pos.capacity,
          asOf: held,
        })
    }
  }
  const order = (p: TrailPerson) => CAPACITY_ORDER.indexOf(p.capacities[0] ?? 'expert')
  return {
    decisionId,
    seriousErrors,
    people: [...people.values()].sort((a, b) => order(a) - order(b) || a.personId.localeCompare(b.personId)),
  }
}
