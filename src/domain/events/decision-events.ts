// The registry of decision event types (spec/domain.md §3): one strict schema per type, in the
// order of the spec. The schemas themselves live in one file per phase.
import type { z } from 'zod'
import {
  DIRECTORY_EVENT_TYPES,
  type DirectoryEventType,
  directoryEventSchemas,
  isDirectoryEventType,
} from './directory-events'
import {
  DecisionAdjusted,
  DecisionSuspended,
  DecisionTerminated,
  ExecutingUnitAssigned,
  ExecutionIssueReported,
  ExecutionReported,
  PostEvaluationCompleted,
  PublicFeedbackReceived,
} from './execution'
import { ExpertOpinionSubmitted, ExpertOpinionsProcessed, ExpertPanelFormed } from './expert'
import {
  DecisionInitiated,
  DecisionReclassified,
  DraftPrepared,
  DraftRevised,
  InterUnitConsultationRecorded,
} from './initiation'
import {
  EventCorrected,
  FindingAnnotated,
  FindingResolved,
  InspectionFindingRecorded,
  LiabilityDetermined,
  SeriousErrorDetermined,
} from './integrity'
import {
  CollectiveDiscussionHeld,
  DecisionArchived,
  DecisionPublished,
  PartyCommitteeReported,
  PeoplesCongressReported,
  SubmittedForDiscussion,
} from './meeting'
import {
  HearingHeld,
  HearingMaterialsDelivered,
  HearingNoticed,
  HearingParticipantsPublished,
  PublicCommentClosed,
  PublicCommentOpened,
  PublicOpinionsProcessed,
  PublicParticipationRecorded,
  SpecialGroupConsulted,
} from './participation'
import {
  FairCompetitionReviewCompleted,
  LegalityPreReviewCompleted,
  LegalityReviewOpinionIssued,
  LegalityReviewRequested,
  LegalityReviewReturned,
  RiskAssessmentCompleted,
} from './review'

export * from './execution'
export * from './expert'
export * from './flags'
export * from './initiation'
export * from './integrity'
export * from './meeting'
export * from './participation'
export * from './review'

export const DECISION_EVENT_TYPES = [
  'DecisionInitiated',
  'DecisionReclassified',
  'DraftPrepared',
  'DraftRevised',
  'InterUnitConsultationRecorded',
  'PublicParticipationRecorded',
  'PublicCommentOpened',
  'PublicCommentClosed',
  'SpecialGroupConsulted',
  'HearingNoticed',
  'HearingParticipantsPublished',
  'HearingMaterialsDelivered',
  'HearingHeld',
  'PublicOpinionsProcessed',
  'ExpertPanelFormed',
  'ExpertOpinionSubmitted',
  'ExpertOpinionsProcessed',
  'RiskAssessmentCompleted',
  'FairCompetitionReviewCompleted',
  'LegalityPreReviewCompleted',
  'LegalityReviewRequested',
  'LegalityReviewReturned',
  'LegalityReviewOpinionIssued',
  'SubmittedForDiscussion',
  'CollectiveDiscussionHeld',
  'PartyCommitteeReported',
  'PeoplesCongressReported',
  'DecisionPublished',
  'DecisionArchived',
  'ExecutingUnitAssigned',
  'ExecutionReported',
  'ExecutionIssueReported',
  'PublicFeedbackReceived',
  'DecisionSuspended',
  'DecisionAdjusted',
  'DecisionTerminated',
  'PostEvaluationCompleted',
  'EventCorrected',
  'InspectionFindingRecorded',
  'FindingAnnotated',
  'FindingResolved',
  'SeriousErrorDetermined',
  'LiabilityDetermined',
] as const
export type DecisionEventType = (typeof DECISION_EVENT_TYPES)[number]

// `satisfies` (not a type annotation) keeps each entry's precise schema type for `EventData<T>`,
// and refuses a missing or extra type at compile time.
export const decisionEventSchemas = {
  DecisionInitiated,
  DecisionReclassified,
  DraftPrepared,
  DraftRevised,
  InterUnitConsultationRecorded,
  PublicParticipationRecorded,
  PublicCommentOpened,
  PublicCommentClosed,
  SpecialGroupConsulted,
  HearingNoticed,
  HearingParticipantsPublished,
  HearingMaterialsDelivered,
  HearingHeld,
  PublicOpinionsProcessed,
  ExpertPanelFormed,
  ExpertOpinionSubmitted,
  ExpertOpinionsProcessed,
  RiskAssessmentCompleted,
  FairCompetitionReviewCompleted,
  LegalityPreReviewCompleted,
  LegalityReviewRequested,
  LegalityReviewReturned,
  LegalityReviewOpinionIssued,
  SubmittedForDiscussion,
  CollectiveDiscussionHeld,
  PartyCommitteeReported,
  PeoplesCongressReported,
  DecisionPublished,
  DecisionArchived,
  ExecutingUnitAssigned,
  ExecutionReported,
  ExecutionIssueReported,
  PublicFeedbackReceived,
  DecisionSuspended,
  DecisionAdjusted,
  DecisionTerminated,
  PostEvaluationCompleted,
  EventCorrected,
  InspectionFindingRecorded,
  FindingAnnotated,
  FindingResolved,
  SeriousErrorDetermined,
  LiabilityDetermined,
} as const satisfies { [T in DecisionEventType]: z.ZodType }

/** The parsed payload of a decision event of type `T`. */
export type EventData<T extends DecisionEventType> = z.infer<(typeof decisionEventSchemas)[T]>
/** Every decision event type with its payload, e.g. for fixtures and exhaustive switches. */
export type DecisionEventPayloads = { [T in DecisionEventType]: EventData<T> }

/** Current `schemaVersion` of each type; the server stamps it on every stored event. */
export const SCHEMA_VERSIONS = Object.freeze(
  Object.fromEntries([...DECISION_EVENT_TYPES, ...DIRECTORY_EVENT_TYPES].map((t) => [t, 1])),
) as Readonly<Record<DecisionEventType | DirectoryEventType, number>>

export const isDecisionEventType = (s: unknown): s is DecisionEventType =>
  typeof s === 'string' && Object.hasOwn(decisionEventSchemas, s)

/** Types whose payload an `EventCorrected` may replace: every other known type. */
export type CorrectableEventType = Exclude<DecisionEventType, 'EventCorrected'> | DirectoryEventType

/**
 * The schema the `data` of an `EventCorrected` must satisfy: the corrected event's own schema.
 * Undefined for `EventCorrected` (a correction is corrected by correcting the original again,
 * so chains never form) and for unknown types.
 */
export function correctedDataSchema<T extends CorrectableEventType>(
  type: T,
): T extends DecisionEventType
  ? (typeof decisionEventSchemas)[T]
  : T extends DirectoryEventType
    ? (typeof directoryEventSchemas)[T]
    : never
export function correctedDataSchema(type: string): z.ZodType | undefined
export function correctedDataSchema(type: string): z.ZodType | undefined {
  if (type === 'EventCorrected') return undefined
  if (isDecisionEventType(type)) return decisionEventSchemas[type]
  if (isDirectoryEventType(type)) return directoryEventSchemas[type]
  return undefined
}
