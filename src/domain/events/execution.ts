// Execution, adjustment and post-evaluation (Decree 713 Arts. 34-37): payloads of spec/domain.md §3.
import { z } from 'zod'
import { DocRef, EventIdRef, OrgRef, PersonRef, Text, Title } from './primitives'

export const ExecutingUnitAssigned = z.strictObject({
  unitId: OrgRef,
})
export type ExecutingUnitAssigned = z.infer<typeof ExecutingUnitAssigned>

export const ExecutionReported = z.strictObject({
  period: Title.describe('The period reported on, e.g. `2025年第三季度`.'),
  report: DocRef,
})
export type ExecutionReported = z.infer<typeof ExecutionReported>

export const EXECUTION_ISSUE_GROUNDS = ['decision_problem', 'circumstances_changed', 'force_majeure'] as const

export const ExecutionIssueReported = z.strictObject({
  ground: z.enum(EXECUTION_ISSUE_GROUNDS).describe('Art. 35(1).'),
  description: Text,
})
export type ExecutionIssueReported = z.infer<typeof ExecutionIssueReported>

export const FEEDBACK_CHANNELS = ['letter', 'phone', 'email', 'online', 'other'] as const

export const PublicFeedbackReceived = z.strictObject({
  channel: z.enum(FEEDBACK_CHANNELS),
  summary: Text,
})
export type PublicFeedbackReceived = z.infer<typeof PublicFeedbackReceived>

export const DecisionSuspended = z.strictObject({
  byHead: PersonRef.describe('The administrative head who decided the suspension, Art. 37.'),
  groundEventId: EventIdRef.optional().describe(
    'The `ExecutionIssueReported` that grounds it (another event of the decision is recorded, and the suspension is `suspension-without-ground`).',
  ),
  urgent: z.boolean(),
  reason: Text,
})
export type DecisionSuspended = z.infer<typeof DecisionSuspended>

export const DecisionAdjusted = z.strictObject({
  major: z.boolean().describe('A major adjustment re-opens the procedures (a new cycle), Art. 37.'),
  description: Text,
  basisEventId: EventIdRef.optional(),
})
export type DecisionAdjusted = z.infer<typeof DecisionAdjusted>

export const DecisionTerminated = z.strictObject({
  meetingEventId: EventIdRef.optional().describe(
    'The `CollectiveDiscussionHeld` that decided termination (another event is recorded, and the termination is `termination-without-procedure`).',
  ),
  reason: Text,
})
export type DecisionTerminated = z.infer<typeof DecisionTerminated>

export const POST_EVALUATION_TRIGGERS = [
  'below_expectation',
  'many_opinions',
  'organ_decided',
  'scheduled',
  'basis_changed',
] as const
export const POST_EVALUATION_OUTCOMES = ['continue', 'adjust', 'suspend', 'terminate'] as const

export const PostEvaluationCompleted = z.strictObject({
  evaluatorOrgId: OrgRef.describe('Must not be who did the argumentation or assessment (a finding, Art. 36(2)).'),
  trigger: z.enum(POST_EVALUATION_TRIGGERS),
  publicInput: z.boolean().describe('Public opinion was heard, Art. 36(3).'),
  outcome: z.enum(POST_EVALUATION_OUTCOMES),
  report: DocRef,
})
export type PostEvaluationCompleted = z.infer<typeof PostEvaluationCompleted>
