// The rulebook document (rules.md §1): a versioned JSON file, each parameter with its legal basis.
import { z } from 'zod'
import { MEETING_TYPES, PUBLICATION_CHANNELS } from '../../domain/events'
import { FINDING_CODES, type FindingCode } from '../codes'
import { isDate, isValidTimeZone } from '../time'

const Basis = z
  .string()
  .min(1)
  .max(500)
  .describe("Where the value comes from: '713/15', 'local: 沪府令35 …', 'policy' or 'service default'.")
const Note = z.string().min(1).max(2000).optional()

/** `{ value, basis, note? }`: every parameter carries its source. */
const param = <T extends z.ZodType>(value: T) => z.strictObject({ value, basis: Basis, note: Note })

const Days = z.number().int().min(0).max(3650)
const Positive = z.number().int().min(1).max(3650)
const uniqueEnumList = <T extends readonly [string, ...string[]]>(values: T, min: number) =>
  z
    .array(z.enum(values))
    .min(min)
    .refine((a) => new Set(a).size === a.length, { message: 'duplicate entries' })

const PARAMETER_SCHEMAS = {
  commentMinDays: param(Positive),
  hearingMaterialsMinDays: param(Days),
  hearingMandatoryOnVitalInterest: param(z.boolean()),
  legalityReviewMinWorkingDays: param(Days),
  legalityReviewMaxWorkingDays: param(Positive.nullable()),
  twoTierLegalityReview: param(z.boolean()),
  allowedMeetingTypes: param(uniqueEnumList(MEETING_TYPES, 1)),
  quorum: param(
    z
      .number()
      .gt(0)
      .lt(1)
      .nullable()
      .describe('Attendees must be MORE than this share of members (0.5 = more than half).'),
  ),
  publishMaxWorkingDays: param(Positive.nullable()),
  requiredPublicationChannels: param(uniqueEnumList(PUBLICATION_CHANNELS, 0)),
  archiveMaxDays: param(Positive.nullable()),
  postEvaluationAfterYears: param(z.number().int().min(1).max(50).nullable()),
  lateRecordingWorkingDays: param(Days),
  timeZone: param(z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' })),
  calendar: param(z.literal('cn')),
} as const

export type ParameterName = keyof typeof PARAMETER_SCHEMAS
export const PARAMETER_NAMES = Object.keys(PARAMETER_SCHEMAS) as ParameterName[]

type ParamEntry<N extends ParameterName> = z.infer<(typeof PARAMETER_SCHEMAS)[N]>
export type ParameterValues = { [N in ParameterName]: ParamEntry<N>['value'] }

const RulebookIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'lowercase letters, digits and hyphens' })

export const RulebookDocument = z.strictObject({
  $schema: z.string().optional(),
  id: RulebookIdSchema,
  version: z.number().int().min(1),
  title: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  jurisdiction: z.string().min(1).max(100),
  effectiveFrom: z.string().refine(isDate, { message: 'must be a real date YYYY-MM-DD' }),
  extends: RulebookIdSchema.optional(),
  source: z.strictObject({
    title: z.string().min(1),
    ref: z.string().min(1),
    url: z.url().optional(),
    note: Note,
  }),
  /** A base rulebook sets every parameter; an overlay only those it tightens. */
  parameters: z.strictObject(PARAMETER_SCHEMAS).partial(),
  /** Finding codes the rulebook enables; an overlay's list must keep every code of its parent. */
  checks: uniqueEnumList(FINDING_CODES, 0).optional(),
})
export type RulebookDocument = z.infer<typeof RulebookDocument>

export interface ParameterSource {
  basis: string
  note?: string
  /** The rulebook (in the extends chain) that set the value. */
  rulebook: { id: string; version: number }
}

/** A rulebook version merged with its ancestors, as a decision is evaluated under it. */
export interface ResolvedRulebook {
  id: string
  version: number
  effectiveFrom: string
  title: { zh: string; en: string }
  jurisdiction: string
  /** Base first, this rulebook last. */
  chain: Array<{ id: string; version: number }>
  parameters: ParameterValues
  checks: FindingCode[]
  sources: { [N in ParameterName]: ParameterSource }
}
