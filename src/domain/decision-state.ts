// The state of one decision as far as recording needs it: who may record what, and which
// sequences are impossible. Pure: evolve(state, event) → state. Compliance is derived elsewhere
// (src/rules) from the full stream; this state only has to be small and O(1) to update.
import type { StoredEvent } from './envelope'
import { FLAG_NAMES, type FlagName } from './events/flags'

export { FLAG_NAMES, type FlagName }
export type Flags = Record<FlagName, boolean>

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
  flags: Flags
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
  archived: boolean
  published: boolean
  publishedAt?: string
  commentOpenEventId?: string
  openLegalityRequest?: { eventId: string; reviewBodyId: string }
  legalityReviewBodyIds: string[]
  reviewerOrgIds: string[]
  executingUnitIds: string[]
  /** Inspector findings recorded on this decision and whether each is resolved. */
  inspectionFindings: Record<string, { resolved: boolean }>
  lastRecordedAt: string
}

type Data = Record<string, unknown>
const str = (d: Data, k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined)
const strs = (d: Data, k: string): string[] =>
  Array.isArray(d[k]) ? ((d[k] as unknown[]).filter((x) => typeof x === 'string') as string[]) : []
const add = (list: string[], v: string | undefined) => (v === undefined || list.includes(v) ? list : [...list, v])

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

/**
 * `correctedType` is the type of the event an EventCorrected corrects (the caller looks it up:
 * the correction payload names only the event id).
 */
export function evolve(state: DecisionState, event: StoredEvent, correctedType?: string): DecisionState {
  const d = event.data
  const s: DecisionState = { ...state, version: event.version, lastRecordedAt: event.recordedAt }
  s.phase = advance(s.phase, PHASE_OF[event.type])
  switch (event.type) {
    case 'DecisionReclassified':
      s.flags = flagsFrom(d.flags, s.flags)
      break
    case 'PublicCommentOpened':
      s.commentOpenEventId = event.eventId
      break
    case 'PublicCommentClosed':
      delete s.commentOpenEventId
      break
    case 'LegalityReviewRequested': {
      const body = str(d, 'reviewBodyId') ?? ''
      s.openLegalityRequest = { eventId: event.eventId, reviewBodyId: body }
      s.legalityReviewBodyIds = add(s.legalityReviewBodyIds, body)
      break
    }
    case 'LegalityReviewReturned':
    case 'LegalityReviewOpinionIssued':
      delete s.openLegalityRequest
      break
    case 'RiskAssessmentCompleted':
      s.reviewerOrgIds = add(s.reviewerOrgIds, str(d, 'assessorOrgId'))
      break
    case 'FairCompetitionReviewCompleted':
      s.reviewerOrgIds = add(s.reviewerOrgIds, str(d, 'reviewerOrgId'))
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
    case 'ExecutingUnitAssigned':
      s.executingUnitIds = add(s.executingUnitIds, str(d, 'unitId'))
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
    case 'DecisionTerminated':
      s.terminated = true
      break
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
      return correctedType === 'DecisionInitiated' ? applyInitiationCorrection(s, d) : s
  }
  return s
}

/** A correction of the initiation changes the facts recorded at initiation (title, units, flags…). */
function applyInitiationCorrection(s: DecisionState, d: Data): DecisionState {
  const corrected = d.data as Data | undefined
  if (!corrected) return s
  return {
    ...s,
    title: str(corrected, 'title') ?? s.title,
    summary: str(corrected, 'summary') ?? s.summary,
    organId: str(corrected, 'organId') ?? s.organId,
    undertakingUnitId: str(corrected, 'undertakingUnitId') ?? s.undertakingUnitId,
    coUnitIds: strs(corrected, 'coUnitIds'),
    category: str(corrected, 'category') ?? s.category,
    flags: flagsFrom(corrected.flags),
  }
}
