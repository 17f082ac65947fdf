// The public record of a decision: the event types GET /v1/public/decisions/{id} and the public
// portal show (publication and how public opinions were handled, not internal steps), and the
// only events whose ledger inclusion proofs the public may fetch.
import type { DecisionEventType } from './events/decision-events'

const PUBLIC_TYPES = [
  'DecisionInitiated',
  'PublicCommentOpened',
  'PublicCommentClosed',
  'HearingNoticed',
  'HearingHeld',
  'PublicOpinionsProcessed',
  'DecisionPublished',
  'PostEvaluationCompleted',
] as const satisfies readonly DecisionEventType[]

export const PUBLIC_RECORD_TYPES: ReadonlySet<string> = new Set<string>(PUBLIC_TYPES)
