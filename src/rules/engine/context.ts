// What every obligation and check reads: the decision, its cycles and its classification over
// time, with the rulebook, calendar and directory bound in (rules.md §1-3, domain.md §1.2).
import { type Flags, flagsFrom } from '../../domain/decision-state'
import type { Calendar } from '../calendar'
import type { DirectoryView } from '../directory-view'
import type { ParameterValues, ResolvedRulebook } from '../rulebook/schema'
import { type AnyEv, type Ev, type EvidenceEntry, type InitiationCorrection, isType, ofType } from './events'

export type { Flags }

export interface DecisionInfo {
  initiated: Ev<'DecisionInitiated'>
  organId: string
  undertakingUnitId: string
  coUnitIds: string[]
  decisionDueBy?: string
  priorRiskAssessmentRef?: string
}

/** The acts that carry a decision's outcome into the world (rules.md §4 collective-discussion-missing). */
const ACT_TYPES = ['DecisionPublished', 'ExecutingUnitAssigned', 'ExecutionReported', 'DecisionArchived'] as const

/**
 * The acts on a cycle's own outcome. After a major adjustment the decision in force (an earlier
 * cycle's) goes on being executed, its files archived and its execution assigned while the
 * procedures run again (domain.md §1.2): an execution report, an executing unit assigned or an
 * archive in the new cycle act on that decision, not on the re-opened cycle's outcome (the
 * archive counts for the earlier cycle's archiving, the unit for every cycle's). Only publishing
 * makes a new outcome public, so only a publication acts on the re-opened cycle's outcome.
 */
const actsOn = (cycle: number, e: AnyEv) =>
  cycle === 1 ? (ACT_TYPES as readonly string[]).includes(e.type) : e.type === 'DecisionPublished'

export interface Decided {
  /**
   * The meeting that decided: the cycle's first meeting that approved or amended, else its first
   * meeting with another outcome than defer (reject, terminate); without one, the first act on
   * the outcome.
   */
  event: AnyEv
  meeting?: Ev<'CollectiveDiscussionHeld'>
  /** The meeting's outcome; an outcome acted on without any meeting counts as `approve`. */
  kind: 'approve' | 'reject' | 'amend' | 'terminate'
  /** Local date of the decision (the meeting's heldAt). */
  date: string
}

export interface Cycle {
  cycle: number
  startedBy?: Ev<'DecisionAdjusted'>
  events: AnyEv[]
  discussions: Ev<'CollectiveDiscussionHeld'>[]
  /** The cycle's acts on its own outcome (see `actsOn`). */
  acts: AnyEv[]
  /**
   * When the discussion-phase obligations fall due: the first CollectiveDiscussionHeld of the
   * cycle, or, when an outcome was acted on without any discussion, that first act.
   */
  moment?: AnyEv
  /** The cycle's events before its moment (all of them while it has none). */
  beforeMoment: AnyEv[]
  decided?: Decided
  /** Events after this cycle (later cycles), for steps that may follow a re-opening. */
  later: AnyEv[]
}

export interface EvalContext {
  decisionId: string
  rulebook: ResolvedRulebook
  params: ParameterValues
  directory: DirectoryView
  cal: Calendar
  asOf: string
  asOfDate: string
  events: AnyEv[]
  /** Every visible event's evidence, corrections included, in occurredAt order. */
  documents: EvidenceEntry[]
  byId: ReadonlyMap<string, AnyEv>
  decision: DecisionInfo
  cycles: Cycle[]
  /** Flags in force just before `ev` (reclassifications ordered before it); the latest without `ev`. */
  flagsBefore(ev?: { order: number }): Flags
  /**
   * When the initiation is read as corrected: the correction (its time and version) and the flags
   * in force before `ev` had the initiation kept the flags it was first recorded with.
   */
  initiationCorrection?: {
    eventId: string
    ms: number
    version: number
    reason: string | undefined
    originalFlagsBefore(ev: { order: number }): Flags
  }
  /** The local date of an instant or date, or the fallback when unreadable. */
  date(value: string, fallback?: string): string
}

export const isApproving = (kind: Decided['kind'] | undefined) => kind === 'approve' || kind === 'amend'

function buildCycles(events: AnyEv[], ctxDate: (v: string) => string): Cycle[] {
  const groups: Array<{ startedBy?: Ev<'DecisionAdjusted'>; events: AnyEv[] }> = [{ events: [] }]
  for (const e of events) {
    if (isType(e, 'DecisionAdjusted') && e.data.major) groups.push({ startedBy: e, events: [] })
    groups[groups.length - 1]?.events.push(e)
  }
  return groups.map((g, i) => {
    const discussions = ofType(g.events, 'CollectiveDiscussionHeld')
    const acts = g.events.filter((e) => actsOn(i + 1, e))
    const first = discussions[0]
    const firstAct = acts[0]
    const moment = first && (!firstAct || first.order < firstAct.order) ? first : (firstAct ?? first)
    // A draft rejected and later approved (or amended) in the same cycle was decided by the
    // approval: that is what is published and executed (rules.md §3 "outcome approve/amend").
    const meeting =
      discussions.find((d) => d.data.outcome === 'approve' || d.data.outcome === 'amend') ??
      discussions.find((d) => d.data.outcome !== 'defer')
    let decided: Decided | undefined
    if (meeting) {
      const kind = meeting.data.outcome === 'defer' ? 'approve' : meeting.data.outcome
      decided = { event: meeting, meeting, kind, date: ctxDate(meeting.data.heldAt) }
    } else if (firstAct) {
      decided = { event: firstAct, kind: 'approve', date: ctxDate(firstAct.occurredAt) }
    }
    const later = groups.slice(i + 1).flatMap((x) => x.events)
    const beforeMoment = moment ? g.events.filter((e) => e.order < moment.order) : g.events
    const cycle: Cycle = { cycle: i + 1, events: g.events, discussions, acts, beforeMoment, later }
    if (g.startedBy) cycle.startedBy = g.startedBy
    if (moment) cycle.moment = moment
    if (decided) cycle.decided = decided
    return cycle
  })
}

export interface ContextInput {
  decisionId: string
  events: AnyEv[]
  documents: EvidenceEntry[]
  initiated: Ev<'DecisionInitiated'>
  initiationCorrection?: InitiationCorrection | undefined
  rulebook: ResolvedRulebook
  directory: DirectoryView
  cal: Calendar
  asOf: string
}

export function buildContext(input: ContextInput): EvalContext {
  const { events, initiated, cal } = input
  const date = (value: string, fallback?: string) =>
    cal.date(value) ?? fallback ?? cal.date(initiated.occurredAt) ?? '1970-01-01'
  const d = initiated.data
  const decision: DecisionInfo = {
    initiated,
    organId: d.organId,
    undertakingUnitId: d.undertakingUnitId,
    coUnitIds: d.coUnitIds ?? [],
  }
  if (d.decisionDueBy !== undefined) decision.decisionDueBy = d.decisionDueBy
  if (d.priorRiskAssessmentRef !== undefined) decision.priorRiskAssessmentRef = d.priorRiskAssessmentRef
  const reclassifications = ofType(events, 'DecisionReclassified')
  const flagsFromStart =
    (initialFlags: Flags) =>
    (ev?: { order: number }): Flags => {
      let flags = initialFlags
      for (const r of reclassifications) {
        if (ev && r.order >= ev.order) break
        flags = flagsFrom(r.data.flags, flags)
      }
      return { ...flags }
    }
  const flagsBefore = flagsFromStart(flagsFrom(d.flags))
  const corrected = input.initiationCorrection
  const initiationCorrection = corrected && {
    eventId: corrected.eventId,
    ms: corrected.ms,
    version: corrected.version,
    reason: typeof corrected.reason === 'string' ? corrected.reason : undefined,
    originalFlagsBefore: flagsFromStart(flagsFrom(corrected.originalFlags)),
  }
  return {
    ...(initiationCorrection ? { initiationCorrection } : {}),
    decisionId: input.decisionId,
    rulebook: input.rulebook,
    params: input.rulebook.parameters,
    directory: input.directory,
    cal,
    asOf: input.asOf,
    asOfDate: cal.date(input.asOf) ?? '9999-12-31',
    events,
    documents: input.documents,
    byId: new Map(events.map((e) => [e.eventId, e])),
    decision,
    cycles: buildCycles(events, (v) => date(v)),
    flagsBefore,
    date,
  }
}
