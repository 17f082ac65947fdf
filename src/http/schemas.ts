// Request and response schemas of the HTTP API. Payload schemas come from src/domain/events, so
// the OpenAPI document and the validation use the very same zod objects.
import { z } from 'zod'
import { ROLES } from '../domain/envelope'
import {
  CalendarDate,
  DECISION_EVENT_TYPES,
  DecisionInitiated,
  decisionEventSchemas,
  EvidenceDoc,
  FEEDBACK_CHANNELS,
  ORGANIZATION_KINDS,
  OrgRef,
  PersonRef,
  POSITION_CAPACITIES,
  Text,
  Timestamp,
  Title,
} from '../domain/events'

const TraceId = z.string().min(1).max(200)

export const CreateDecisionBody = z
  .strictObject({
    occurredAt: Timestamp,
    data: DecisionInitiated,
    evidence: z.array(EvidenceDoc).max(1000).optional(),
    correlationId: TraceId.optional(),
    causationId: TraceId.optional(),
  })
  .meta({ id: 'CreateDecisionBody' })

/** Validation runs in two steps (envelope, then the type's payload) for precise error paths. */
export const AppendEventEnvelope = z.strictObject({
  type: z.string().min(1).max(100),
  occurredAt: Timestamp,
  data: z.unknown(),
  evidence: z.array(z.unknown()).max(1000).optional(),
  correlationId: TraceId.optional(),
  causationId: TraceId.optional(),
})

/** The same body as documented: one variant per event type, discriminated by `type`. */
export const AppendEventBody = z
  .discriminatedUnion(
    'type',
    DECISION_EVENT_TYPES.filter((t) => t !== 'DecisionInitiated' && t !== 'PublicFeedbackReceived').map((t) =>
      z.strictObject({
        type: z.literal(t),
        occurredAt: Timestamp,
        data: decisionEventSchemas[t] as z.ZodType,
        evidence: z.array(EvidenceDoc).max(1000).optional(),
        correlationId: TraceId.optional(),
        causationId: TraceId.optional(),
      }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({ id: 'AppendEventBody' })

export const OrganizationBody = z
  .strictObject({
    id: OrgRef.optional(),
    name: Title,
    kind: z.enum(ORGANIZATION_KINDS),
    parentId: OrgRef.nullable().optional(),
  })
  .meta({ id: 'OrganizationBody' })

export const PersonBody = z.strictObject({ id: PersonRef.optional(), name: Title }).meta({ id: 'PersonBody' })

export const PositionBody = z
  .strictObject({
    orgId: OrgRef,
    title: Title,
    capacity: z.enum(POSITION_CAPACITIES),
    from: CalendarDate,
    to: CalendarDate.optional(),
  })
  .meta({ id: 'PositionBody' })

export const EndPositionBody = z.strictObject({ to: CalendarDate, reason: Text }).meta({ id: 'EndPositionBody' })

export const TokenBody = z
  .strictObject({
    personId: PersonRef,
    orgId: OrgRef,
    role: z.enum(ROLES.filter((r) => r !== 'public') as [string, ...string[]]),
    expiresAt: Timestamp.optional(),
  })
  .meta({ id: 'TokenBody' })

export const FeedbackBody = z
  .strictObject({
    channel: z.enum(FEEDBACK_CHANNELS).optional().describe('Defaults to `online`.'),
    summary: Text,
  })
  .meta({ id: 'FeedbackBody' })

export const ActorSchema = z
  .object({ personId: z.string(), orgId: z.string(), role: z.enum(ROLES) })
  .meta({ id: 'Actor' })

export const StoredEventSchema = z
  .object({
    eventId: z.string(),
    decisionId: z.string(),
    version: z.number().int(),
    position: z.number().int(),
    type: z.string(),
    schemaVersion: z.number().int(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: ActorSchema,
    data: z.record(z.string(), z.unknown()),
    evidence: z.array(EvidenceDoc),
    correlationId: z.string().optional(),
    causationId: z.string().optional(),
    prevHash: z.string(),
    hash: z.string(),
    correctedBy: z.array(z.string()).optional(),
    corrects: z.string().optional(),
  })
  .meta({ id: 'StoredEvent' })

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), pointer: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
  })
  .meta({ id: 'Problem' })

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })
