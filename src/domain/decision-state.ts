// The state of one decision as far as recording needs it: who may record what, who may read it,
// and which sequences are impossible. Pure: evolve(state, event) → state. Compliance is derived
// elsewhere (src/rules) from the full stream; this state only has to be small and cheap to update.
// Corrections (README principle 2) apply here as in the compliance engine wherever the state holds
// the corrected facts: the initiation, reclassifications, legality review requests, assessments
// and executing-unit assignments.
import type { StoredEvent } from './envelope'
import { instant } from './events'
import { FLAG_NAMES, type FlagName } from './events/flags'

export { FLAG_NAMES, type FlagName }
export type Flags = Record<FlagName, boolean>

/** One DecisionReclassified, as corrected, with its place in the engine's order. */
export interface Reclassification {
  eventId: string
  /** Epoch ms of occurredAt, then version: the order the compliance engine applies them in. */
  ms: number
  version: number
  /** The flags it sets (a partial set, as recorded or corrected). */
  flags: Partial<Flags>
}

/** The state's lists of organizations that events name, each fed by one field of one type. */
export type NamedAs = 'legality_review' | 'reviewer' | 'executing'

export type Phase =
  | 'initiated'
  | 'drafting'
  | 'consultation'
  | 'review'
  | 'submitted'
  | 'decided'
  | 'published'
  | 'executing'
  | 'evaluated'
export type Outcome = 'approve' | 'reject' | 'amend' | 'defer' | 'terminate'

export interface DecisionState {
  decisionId: string
  title: string
  summary: string
  organId: string
  undertakingUnitId: string
  coUnitIds: string[]
  category: string
  catalogRef?: string
  /**
   * The classification in force (domain.md §1.1): `initialFlags`, then every reclassification in
   * order, each as corrected — what the compliance engine reads as the latest flags.
   */
  flags: Flags
  /** The initiation's flags, as corrected. */
  initialFlags: Flags
  /** Every DecisionReclassified, as corrected, in the engine's order (occurredAt, then version). */
  reclassifications: Reclassification[]
  rulebook: string | undefined
  decisionDueBy?: string
  initiatedAt: string
  initiatedBy: { personId: string; orgId: string }
  version: number
  cycle: number
  phase: Phase
  outcome?: Outcome
  suspended: boolean
  terminated: boolean
  /** Epoch ms of the earliest DecisionTerminated's occurredAt (absent in heads stored before it was kept). */
  terminatedMs?: number
  archived: boolean
  published: boolean
  publishedAt?: string
  commentOpenEventId?: string
  openLegalityRequest?: { eventId: string; reviewBodyId: string }
  /** Review bodies that legality review requests (as corrected) are addressed to. */
  legalityReviewBodyIds: string[]
  /** Assessors and reviewers that assessments (as corrected) name. */
  reviewerOrgIds: string[]
  /** Units that ExecutingUnitAssigned events (as corrected) name. */
  executingUnitIds: string[]
  /**
   * The organization each request, assessment and assignment names, as corrected, by event id:
   * the three lists above are these values, so a correction can move an organization out of one.
   */
  named: Record<string, { as: NamedAs; orgId: string }>
  /** Inspector findings recorded on this decision and whether each is resolved. */
  inspectionFindings: Record<string, { resolved: boolean }>
  lastRecordedAt: string
}

type Data = Record<string, unknown>
const str = (d: Data, k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined)
const strs = (d: Data, k: string): string[] =>
  Array.isArray(d[k]) ? ((d[k] as unknown[]).filter((x) => typeof x === 'string') as string[]) : []

export function flagsFrom(raw: unknown, base?: Flags): Flags {
  const given = (raw ?? {}) as Partial<Record<FlagName, unknown>>
  const out = {} as Flags
  for (const f of FLAG_NAMES) out[f] = typeof given[f] === 'boolean' ? (given[f] as boolean) : (base?.[f] ?? false)
  return out
}

export function initialState(event: StoredEvent): DecisionState {
  const d = event.data
  const state: DecisionState = {
    decisionId: event.decisionId,
    title: str(d, 'title') ?? '',
    summary: str(d, 'summary') ?? '',
    organId: str(d, 'organId') ?? '',
    undertakingUnitId: str(d, 'undertakingUnitId') ?? '',
    coUnitIds: strs(d, 'coUnitIds'),
    category: str(d, 'category') ?? 'other_major',
    flags: flagsFrom(d.flags),
    initialFlags: flagsFrom(d.flags),
    reclassifications: [],
    rulebook: str(d, 'rulebook'),
    initiatedAt: event.occurredAt,
    initiatedBy: { personId: event.actor.personId, orgId: event.actor.orgId },
    version: event.version,
    cycle: 1,
    phase: 'initiated',
    suspended: false,
    terminated: false,
    archived: false,
    published: false,
    legalityReviewBodyIds: [],
    reviewerOrgIds: [],
    executingUnitIds: [],
    named: {},
    inspectionFindings: {},
    lastRecordedAt: event.recordedAt,
  }
  const catalogRef = str(d, 'catalogRef')
  if (catalogRef !== undefined) state.catalogRef = catalogRef
  const due = str(d, 'decisionDueBy')
  if (due !== undefined) state.decisionDueBy = due
  return state
}

const PHASE_OF: Partial<Record<string, Phase>> = {
  DraftPrepared: 'drafting',
  DraftRevised: 'drafting',
  InterUnitConsultationRecorded: 'drafting',
  PublicParticipationRecorded: 'consultation',
  PublicCommentOpened: 'consultation',
  SpecialGroupConsulted: 'consultation',
  HearingNoticed: 'consultation',
  HearingHeld: 'consultation',
  ExpertPanelFormed: 'consultation',
  RiskAssessmentCompleted: 'review',
  FairCompetitionReviewCompleted: 'review',
  LegalityPreReviewCompleted: 'review',
  LegalityReviewRequested: 'review',
  LegalityReviewOpinionIssued: 'review',
  SubmittedForDiscussion: 'submitted',
  CollectiveDiscussionHeld: 'decided',
  DecisionPublished: 'published',
  ExecutingUnitAssigned: 'executing',
  ExecutionReported: 'executing',
  PostEvaluationCompleted: 'evaluated',
}
const PHASE_ORDER: Phase[] = [
  'initiated',
  'drafting',
  'consultation',
  'review',
  'submitted',
  'decided',
  'published',
  'executing',
  'evaluated',
]

/** Phases only move forward within a cycle; a major adjustment starts the next cycle at drafting. */
function advance(current: Phase, to: Phase | undefined): Phase {
  if (to === undefined) return current
  return PHASE_ORDER.indexOf(to) > PHASE_ORDER.indexOf(current) ? to : current
}

/** The partial flags a payload sets: its `flags` object's boolean members. */
function partialFlags(raw: unknown): Partial<Flags> {
  const given = (raw ?? {}) as Partial<Record<FlagName, unknown>>
  const out: Partial<Flags> = {}
  for (const f of FLAG_NAMES) if (typeof given[f] === 'boolean') out[f] = given[f] as boolean
  return out
}

/** The engine's latest flags: the initiation's, then each reclassification in order (context.ts). */
function classify(initial: Flags, reclassifications: readonly Reclassification[]): Flags {
  let flags = initial
  for (const r of reclassifications) flags = flagsFrom(r.flags, flags)
  return { ...flags }
}

const byEngineOrder = (a: Reclassification, b: Reclassification) => a.ms - b.ms || a.version - b.version

/** Which list each naming event feeds, and the payload field that names the organization. */
const NAMING: Partial<Record<string, { as: NamedAs; field: string }>> = {
  LegalityReviewRequested: { as: 'legality_review', field: 'reviewBodyId' },
  RiskAssessmentCompleted: { as: 'reviewer', field: 'assessorOrgId' },
  FairCompetitionReviewCompleted: { as: 'reviewer', field: 'reviewerOrgId' },
  ExecutingUnitAssigned: { as: 'executing', field: 'unitId' },
}

/** The organizations named as `as`, each once, in the order they were first named. */
function namedAs(named: DecisionState['named'], as: NamedAs): string[] {
  const out: string[] = []
  for (const n of Object.values(named)) if (n.as === as && !out.includes(n.orgId)) out.push(n.orgId)
  return out
}

/** `named` and the three lists read from it (kept in the state so that authority reads them as is). */
function withNamed(s: DecisionState, named: DecisionState['named']): DecisionState {
  return {
    ...s,
    named,
    legalityReviewBodyIds: namedAs(named, 'legality_review'),
    reviewerOrgIds: namedAs(named, 'reviewer'),
    executingUnitIds: namedAs(named, 'executing'),
  }
}

/**
 * `correctedType` is the type of the event an EventCorrected corrects (the caller looks it up:
 * the correction payload names only the event id).
 */
export function evolve(state: DecisionState, event: StoredEvent, correctedType?: string): DecisionState {
  const d = event.data
  const naming = NAMING[event.type]
  const orgId = naming ? str(d, naming.field) : undefined
  const s: DecisionState =
    naming && orgId !== undefined
      ? withNamed(state, { ...state.named, [event.eventId]: { as: naming.as, orgId } })
      : { ...state }
  s.version = event.version
  s.lastRecordedAt = event.recordedAt
  s.phase = advance(s.phase, PHASE_OF[event.type])
  switch (event.type) {
    case 'DecisionReclassified': {
      const r: Reclassification = {
        eventId: event.eventId,
        // Stored events have a valid occurredAt; the fallback only keeps the state JSON-safe.
        ms: instant(event.occurredAt) ?? Number.MAX_SAFE_INTEGER,
        version: event.version,
        flags: partialFlags(d.flags),
      }
      s.reclassifications = [...s.reclassifications, r].sort(byEngineOrder)
      s.flags = classify(s.initialFlags, s.reclassifications)
      break
    }
    case 'PublicCommentOpened':
      s.commentOpenEventId = event.eventId
      break
    case 'PublicCommentClosed':
      delete s.commentOpenEventId
      break
    case 'LegalityReviewRequested':
      s.openLegalityRequest = { eventId: event.eventId, reviewBodyId: orgId ?? '' }
      break
    case 'LegalityReviewReturned':
    case 'LegalityReviewOpinionIssued':
      delete s.openLegalityRequest
      break
    case 'CollectiveDiscussionHeld': {
      const outcome = str(d, 'outcome') as Outcome | undefined
      if (outcome !== undefined) s.outcome = outcome
      break
    }
    case 'DecisionPublished':
      s.published = true
      s.publishedAt = str(d, 'publishedAt') ?? event.occurredAt
      break
    case 'DecisionArchived':
      s.archived = true
      break
    case 'DecisionSuspended':
      s.suspended = true
      break
    case 'DecisionAdjusted':
      if (d.major === true) {
        // Art. 37: a major adjustment re-runs the procedures in a new cycle.
        s.cycle += 1
        s.phase = 'drafting'
        s.suspended = false
        delete s.outcome
      }
      break
    case 'DecisionTerminated': {
      s.terminated = true
      const ms = instant(event.occurredAt)
      if (ms !== undefined) s.terminatedMs = Math.min(ms, s.terminatedMs ?? ms)
      break
    }
    case 'InspectionFindingRecorded': {
      const id = str(d, 'findingId')
      if (id !== undefined) s.inspectionFindings = { ...s.inspectionFindings, [id]: { resolved: false } }
      break
    }
    case 'FindingResolved': {
      const id = str(d, 'findingId')
      if (id !== undefined && s.inspectionFindings[id])
        s.inspectionFindings = { ...s.inspectionFindings, [id]: { resolved: true } }
      break
    }
    case 'EventCorrected':
      return applyCorrection(s, d, correctedType)
  }
  return s
}

/**
 * A correction replaces the original's payload (README principle 2; the latest correction wins, as
 * it is applied last). The state takes the corrected facts it holds; the rest are read by the
 * compliance engine only.
 */
function applyCorrection(s: DecisionState, d: Data, correctedType: string | undefined): DecisionState {
  const corrected = d.data as Data | undefined
  const target = str(d, 'correctsEventId')
  if (!corrected || typeof corrected !== 'object') return s
  if (correctedType === 'DecisionInitiated') return applyInitiationCorrection(s, corrected)
  if (target === undefined) return s
  const i = s.reclassifications.findIndex((r) => r.eventId === target)
  if (i >= 0) {
    const list = [...s.reclassifications]
    list[i] = { ...(list[i] as Reclassification), flags: partialFlags(corrected.flags) }
    return { ...s, reclassifications: list, flags: classify(s.initialFlags, list) }
  }
  return s.named[target] ? applyNamingCorrection(s, target, corrected, correctedType) : s
}

/** A correction of the initiation changes the facts recorded at initiation (title, units, flags…). */
function applyInitiationCorrection(s: DecisionState, corrected: Data): DecisionState {
  const initialFlags = flagsFrom(corrected.flags)
  const next: DecisionState = {
    ...s,
    title: str(corrected, 'title') ?? s.title,
    summary: str(corrected, 'summary') ?? '',
    organId: str(corrected, 'organId') ?? s.organId,
    undertakingUnitId: str(corrected, 'undertakingUnitId') ?? s.undertakingUnitId,
    coUnitIds: strs(corrected, 'coUnitIds'),
    category: str(corrected, 'category') ?? s.category,
    // The rulebook the reports then use (rules.md §1; rulebook/for-decision.ts reads it the same way).
    rulebook: str(corrected, 'rulebook'),
    initialFlags,
    // The reclassifications recorded since still apply on top (domain.md §1.1).
    flags: classify(initialFlags, s.reclassifications),
  }
  // The corrected payload is the whole initiation: an optional fact it leaves out is gone.
  const catalogRef = str(corrected, 'catalogRef')
  if (catalogRef === undefined) delete next.catalogRef
  else next.catalogRef = catalogRef
  const due = str(corrected, 'decisionDueBy')
  if (due === undefined) delete next.decisionDueBy
  else next.decisionDueBy = due
  return next
}

/**
 * A correction of a request, assessment or assignment re-addresses it: the organization the
 * corrected payload names takes the original's place (domain.md §5: the right to answer a legality
 * request, to read an assessed decision, to report on execution), and one named by mistake keeps
 * nothing unless another event names it too.
 */
function applyNamingCorrection(
  s: DecisionState,
  target: string,
  corrected: Data,
  correctedType: string | undefined,
): DecisionState {
  const naming = correctedType === undefined ? undefined : NAMING[correctedType]
  const orgId = naming ? str(corrected, naming.field) : undefined
  if (!naming || orgId === undefined) return s
  const next = withNamed(s, { ...s.named, [target]: { as: naming.as, orgId } })
  if (s.openLegalityRequest?.eventId === target) next.openLegalityRequest = { eventId: target, reviewBodyId: orgId }
  return next
}
