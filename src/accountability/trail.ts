// The accountability trail of one decision (rules.md §5, Decree 713 Art. 38): who decided, who
// led, who handled each step, how each member stood, which findings each person answers for.
// Pure: events, the directory view and the compliance report in, the trail out.
import type { StoredEvent } from '../domain/envelope'
import { type ComplianceReport, type CorrectionNote, type DirectoryView, headsAt } from '../rules'
import { type AnyEv, isOversight, prepareEvents } from '../rules/engine/events'

export type Capacity = 'head' | 'responsible_leader' | 'direct_handler' | 'member' | 'expert'
const CAPACITY_ORDER: Capacity[] = ['head', 'responsible_leader', 'direct_handler', 'member', 'expert']

export interface Involvement {
  capacity: Capacity
  eventId: string
  type: string
  date: string
  orgId?: string
  /** At a meeting: the position this person recorded there. */
  stance?: Stance
}

type Stance = 'support' | 'oppose' | 'reserve' | 'abstain'

interface Meeting {
  /** Evaluation order of the meeting (occurredAt, then version). */
  order: number
  outcome: string
  stances: Map<string, Stance>
}

/** Meeting outcomes that approve the decision (Art. 38(3): "an approved decision"). */
const APPROVING: readonly string[] = ['approve', 'amend']

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
  stance?: Stance
  expertConclusions?: string[]
  liability?: 'reduced_or_exempted'
  liabilityDeterminations: Array<{ eventId: string; capacity: string; outcome: string; reason: string }>
  findings: string[]
}

export interface DecisionTrail {
  decisionId: string
  seriousErrors: Array<{ eventId: string; kind: string; occurredAt: string }>
  /** The corrections the trail read, as the compliance report does (README principle 2). */
  corrections: CorrectionNote[]
  people: TrailPerson[]
}

/** Where a person's positions come from: every position they ever held, with dates. */
export type PositionsOf = (
  personId: string,
) => Array<{ positionId: string; orgId: string; title: string; capacity: string; from: string; to: string | null }>

/** The civil date of an instant in the jurisdiction (UTC+8, no DST in China). */
export const dateOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

export function decisionTrail(
  decisionId: string,
  events: readonly StoredEvent[],
  directory: DirectoryView,
  positionsOf: PositionsOf,
  report: ComplianceReport,
): DecisionTrail {
  // The version of the record the report used (README principle 2): what was known at its
  // `knownAt` and had happened by its `asOf`, each event read with its latest correction.
  const prepared = prepareEvents(decisionId, events, report.asOf, report.knownAt)
  const readable = new Map<string, AnyEv>(prepared.events.map((e) => [e.eventId, e]))
  const recorded = new Map(events.map((e) => [e.eventId, e]))
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
  const involve = (id: string, capacity: Capacity, e: StoredEvent | AnyEv, extra: Partial<Involvement> = {}) => {
    const inv: Involvement = { capacity, eventId: e.eventId, type: e.type, date: dateOf(e.occurredAt), ...extra }
    person(id).involvements.push(inv)
  }
  const initiated = prepared.events.find((e) => e.type === 'DecisionInitiated')
  const undertakingUnit = initiated?.type === 'DecisionInitiated' ? initiated.data.undertakingUnitId : undefined
  const coUnits = initiated?.type === 'DecisionInitiated' ? (initiated.data.coUnitIds ?? []) : []
  const meetings: Meeting[] = []

  // Every visible event in evaluation order, corrections and unreadable events included: their
  // recorders took a step even where the payload cannot be read.
  for (const entry of prepared.documents) {
    const e = recorded.get(entry.eventId)
    if (!e) continue
    const date = dateOf(e.occurredAt)
    // Inspection and accountability events are recorded about the decision, not steps of it; so is
    // a correction of one (an inspector correcting her own determination handles no step).
    if (!isOversight(entry)) {
      if (!['public', 'admin'].includes(e.actor.role))
        involve(e.actor.personId, 'direct_handler', e, { orgId: e.actor.orgId })
      // Leaders of the unit or body that took a step answer for it as "other responsible leaders":
      // a co-undertaking unit's step, its own heads (Art. 39 承担决策有关工作的单位).
      const unit = coUnits.includes(e.actor.orgId) ? e.actor.orgId : undertakingUnit
      if (e.actor.role === 'undertaking' && unit)
        for (const h of headsAt(directory, unit, date)) involve(h, 'responsible_leader', e, { orgId: unit })
      if (e.type === 'LegalityReviewOpinionIssued' || e.type === 'LegalityReviewReturned')
        for (const h of headsAt(directory, e.actor.orgId, date))
          involve(h, 'responsible_leader', e, { orgId: e.actor.orgId })
    }
    const r = readable.get(entry.eventId)
    if (!r) continue
    switch (r.type) {
      case 'CollectiveDiscussionHeld': {
        const stances = new Map(r.data.statements.map((s) => [s.personId, s.position]))
        const at = (id: string): Partial<Involvement> => {
          const stance = stances.get(id)
          return stance ? { stance } : {}
        }
        // "The organ head who decided" (rules.md §5): who chaired a meeting that only deferred
        // decided nothing, and is listed as a member of it.
        involve(r.data.headId, r.data.outcome === 'defer' ? 'member' : 'head', r, at(r.data.headId))
        for (const a of r.data.attendees) if (a !== r.data.headId) involve(a, 'member', r, at(a))
        meetings.push({ order: r.order, outcome: r.data.outcome, stances })
        break
      }
      case 'DecisionSuspended':
        involve(r.data.byHead, 'head', r)
        break
      case 'ExpertPanelFormed':
        for (const x of r.data.experts) if (x.personId) involve(x.personId, 'expert', r)
        break
      case 'LiabilityDetermined':
        person(r.data.personId).liabilityDeterminations.push({
          eventId: r.eventId,
          capacity: r.data.capacity,
          outcome: r.data.outcome,
          reason: r.data.reason,
        })
        break
    }
  }
  // Expert conclusions, matched to panel members by name.
  const panel = prepared.events.flatMap((e) => (e.type === 'ExpertPanelFormed' ? e.data.experts : []))
  for (const e of prepared.events) {
    if (e.type !== 'ExpertOpinionSubmitted') continue
    const member = panel.find((x) => x.name === e.data.expertName && x.personId)
    if (member?.personId) {
      const p = person(member.personId)
      p.expertConclusions = [...(p.expertConclusions ?? []), e.data.conclusion]
    }
  }
  for (const f of report.findings)
    for (const id of f.responsible?.personIds ?? [])
      if (!person(id).findings.includes(f.code)) person(id).findings.push(f.code)

  const determinations = prepared.events.flatMap((e) => (e.type === 'SeriousErrorDetermined' ? [e] : []))
  const seriousErrors = determinations.map((e) => ({ eventId: e.eventId, kind: e.data.kind, occurredAt: e.occurredAt }))
  // Orders of the serious-error determinations (not undue delay, which concerns no approval).
  const errorOrders = determinations.filter((e) => e.data.kind === 'serious_error').map((e) => e.order)
  for (const p of people.values()) {
    p.capacities = CAPACITY_ORDER.filter((c) => p.involvements.some((i) => i.capacity === c))
    const spoken = meetings.filter((m) => m.stances.has(p.personId))
    const approving = spoken.filter((m) => APPROVING.includes(m.outcome))
    // The position on the decision taken: at the latest approving meeting where the person spoke;
    // else (they spoke only at meetings that rejected, deferred or terminated) the latest one.
    const shown = approving[approving.length - 1] ?? spoken[spoken.length - 1]
    const stance = shown?.stances.get(p.personId)
    if (stance) p.stance = stance
    // Art. 38(3): recorded `oppose` at a meeting that approved (or amended) the decision, which a
    // later determination found a serious error; a later meeting does not undo that record.
    if (approving.some((m) => m.stances.get(p.personId) === 'oppose' && errorOrders.some((o) => o > m.order)))
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
    corrections: prepared.corrections,
    people: [...people.values()].sort((a, b) => order(a) - order(b) || a.personId.localeCompare(b.personId)),
  }
}
