// The shapes the compliance engine produces (rules.md §3-4, api.md compliance response).
import type { FINDING_SEVERITIES } from '../domain/events'
import type { CalendarNote } from './calendar'
import type { FindingCode, ObligationName } from './codes'

/** The severities of rules.md §4, as inspectors record them too (InspectionFindingRecorded). */
export type Severity = (typeof FINDING_SEVERITIES)[number]

/** Who answers for a finding, in the words of rules.md §4's "responsible" column. */
export type Capacity =
  | 'undertaking_unit'
  | 'organ_head'
  | 'organ_office'
  | 'legality_review_body'
  | 'assessor'
  | 'expert'
  | 'recorder_organization'

export interface Bilingual {
  zh: string
  en: string
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type Detail = { [key: string]: JsonValue }

export interface Responsible {
  capacity: Capacity
  orgId: string | null
  /** Directory persons, resolved as of the date of the finding's anchor event. */
  personIds: string[]
  /** People named on the step but not in the directory (experts known only by name). */
  names?: string[]
}

export interface RulebookRef {
  id: string
  version: number
}

export interface Annotation {
  eventId: string
  note: string
  at: string
  by: { personId: string; orgId: string }
}

export interface Resolution {
  eventId: string
  resolution: string
  at: string
  by: { personId: string; orgId: string }
}

export interface Finding {
  /** `<code>/<cycle>/<anchorEventId|decision>[#n]` for computed findings; the inspector's id otherwise. */
  id: string
  code: string
  source: 'computed' | 'inspection'
  severity: Severity
  title: Bilingual
  /** `713/25(2)`, `local` or `policy`. */
  article: string
  rulebook: RulebookRef
  /** The events that prove the finding, in stream order. */
  eventIds: string[]
  cycle: number
  detail: Detail
  responsible: Responsible | null
  status: 'open' | 'resolved'
  annotations: Annotation[]
  resolution?: Resolution
  /** For inspection findings: the InspectionFindingRecorded event. */
  recordedIn?: string
}

export type ObligationState = 'done' | 'missing' | 'pending' | 'not_applicable'

export interface ObligationResult {
  obligation: ObligationName
  state: ObligationState
  eventIds: string[]
  dueBy?: string
  reason?: string
}

export interface CycleReport {
  cycle: number
  startedBy?: string
  obligations: ObligationResult[]
  findings: Finding[]
}

export interface CorrectionNote {
  eventId: string
  correctedBy: string
  /** False when the corrected payload could not be read and the original was used instead. */
  applied: boolean
}

export interface SkippedEvent {
  eventId: string
  reason: string
}

export type ComplianceStatus = 'compliant' | 'in_progress' | 'noncompliant'

export interface ComplianceReport {
  decisionId: string
  status: ComplianceStatus
  rulebook: RulebookRef
  asOf: string
  knownAt: string
  calendar: CalendarNote
  cycles: CycleReport[]
  findings: Finding[]
  corrections: CorrectionNote[]
  /** Events left out of the evaluation because their payload could not be read. */
  skipped: SkippedEvent[]
}

export type { FindingCode, ObligationName }
