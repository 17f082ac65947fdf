// Corrections, inspection findings and accountability (spec README principle 2;
// Decree 713 Arts. 8(2), 38): payloads of spec/domain.md §3.
import { z } from 'zod'
import { DocRef, EventIdRef, list, PersonRef, Text, Title } from './primitives'

// `data` is checked here only as an object: its schema depends on the corrected event's type,
// which the caller resolves from the stream (see `correctedDataSchema`).
export const EventCorrected = z.strictObject({
  correctsEventId: EventIdRef,
  reason: Text,
  data: z
    .record(z.string(), z.unknown())
    .describe("The full corrected payload; validated against the original event type's schema."),
})
export type EventCorrected = z.infer<typeof EventCorrected>

/** Ids of computed findings are made by rules/, so only their shape is fixed: no whitespace. */
export const FindingId = z
  .string()
  .regex(/^\S{1,200}$/)
  .meta({ id: 'FindingId', description: 'A finding id (computed or recorded): 1–200 non-space characters.' })

export const FINDING_SEVERITIES = ['blocking', 'major', 'minor', 'warning'] as const

export const InspectionFindingRecorded = z.strictObject({
  findingId: FindingId,
  code: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,99}$/)
    .optional()
    .describe('A finding code of rules.md §4 when one applies (kebab-case).'),
  title: Title,
  detail: Text,
  eventIds: list(EventIdRef).describe('Events the finding points at; may be empty for a step never recorded.'),
  severity: z.enum(FINDING_SEVERITIES),
})
export type InspectionFindingRecorded = z.infer<typeof InspectionFindingRecorded>

export const FindingAnnotated = z.strictObject({
  findingId: FindingId,
  note: Text,
})
export type FindingAnnotated = z.infer<typeof FindingAnnotated>

export const FindingResolved = z.strictObject({
  findingId: FindingId,
  resolution: Text,
})
export type FindingResolved = z.infer<typeof FindingResolved>

export const SERIOUS_ERROR_KINDS = ['serious_error', 'undue_delay'] as const

export const SeriousErrorDetermined = z.strictObject({
  kind: z.enum(SERIOUS_ERROR_KINDS).describe('决策严重失误 / 久拖不决, Art. 38(2).'),
  loss: Text.describe('The loss or harm caused.'),
  basis: DocRef,
})
export type SeriousErrorDetermined = z.infer<typeof SeriousErrorDetermined>

export const LIABILITY_CAPACITIES = ['head', 'responsible_leader', 'direct_handler', 'member', 'expert'] as const
export const LIABILITY_OUTCOMES = ['pursued', 'reduced', 'exempted'] as const

export const LiabilityDetermined = z.strictObject({
  personId: PersonRef,
  capacity: z.enum(LIABILITY_CAPACITIES),
  outcome: z.enum(LIABILITY_OUTCOMES),
  reason: Text,
})
export type LiabilityDetermined = z.infer<typeof LiabilityDetermined>
