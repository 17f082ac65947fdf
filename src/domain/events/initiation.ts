// Initiation and drafting (Decree 713 Arts. 3, 10-13): payloads of spec/domain.md §3.
import { z } from 'zod'
import { DecisionFlags, FlagChanges } from './flags'
import {
  CalendarDate,
  DocRef,
  EventIdRef,
  ListItem,
  list,
  OrgRef,
  RulebookId,
  Text,
  Title,
  uniqueList,
} from './primitives'

export const DECISION_CATEGORIES = [
  'public_policy',
  'development_plan',
  'resource_policy',
  'public_construction',
  'other_major',
] as const

export const PROPOSAL_SOURCES = ['government_leader', 'department', 'lower_government', 'deputy', 'public'] as const

/** Art. 10: who proposed the matter and the analysis a department or lower government must give. */
export const Proposal = z.strictObject({
  source: z.enum(PROPOSAL_SOURCES),
  problem: Text.optional(),
  reasons: Text.optional(),
  basis: Text.optional(),
  preliminaryPlan: Text.optional(),
  necessity: Text.optional(),
  feasibility: Text.optional(),
})

export const DecisionInitiated = z.strictObject({
  title: Title,
  summary: Text.optional(),
  organId: OrgRef.describe('The decision organ (决策机关).'),
  undertakingUnitId: OrgRef.describe('The (lead) undertaking unit (决策承办单位), Art. 11.'),
  coUnitIds: uniqueList(OrgRef, 0)
    .optional()
    .describe('Other undertaking units when several share the work; empty or absent when none.'),
  category: z.enum(DECISION_CATEGORIES).describe('Art. 3(1) item.'),
  catalogRef: Title.optional().describe('Entry in the published decision catalogue.'),
  flags: DecisionFlags.describe('Classification flags of domain.md §1.1; an absent flag means false.'),
  priorRiskAssessmentRef: Title.optional().describe(
    'Reference (document number or title) of a risk assessment already made under other rules, Art. 22(2).',
  ),
  decisionDueBy: CalendarDate.optional().describe('Date by which a decision must be made, Art. 38(2).'),
  rulebook: RulebookId.optional().describe("Governing rulebook; default: the jurisdiction's current one."),
  proposal: Proposal.optional(),
})
export type DecisionInitiated = z.infer<typeof DecisionInitiated>

export const DecisionReclassified = z.strictObject({
  flags: FlagChanges.describe('Only the flags that change; at least one.'),
  reason: Text,
})
export type DecisionReclassified = z.infer<typeof DecisionReclassified>

export const DraftPrepared = z.strictObject({
  draft: DocRef,
  legalBases: list(ListItem).describe('Laws, regulations, rules and policies the draft rests on, Art. 12(2).'),
  alternatives: list(DocRef).optional().describe('Alternative plans where views differ widely, Art. 12(4).'),
})
export type DraftPrepared = z.infer<typeof DraftPrepared>

export const DraftRevised = z.strictObject({
  draft: DocRef,
  reason: Text,
  respondsTo: list(EventIdRef).optional().describe('Events (opinions, reviews) this revision answers.'),
})
export type DraftRevised = z.infer<typeof DraftRevised>

export const InterUnitConsultationRecorded = z.strictObject({
  unitIds: uniqueList(OrgRef).describe('Units consulted.'),
  agreed: z.boolean(),
  disputes: list(ListItem).optional().describe('Main points in dispute.'),
  disputeReport: DocRef.optional().describe('Report of the dispute to the decision organ, Art. 13.'),
})
export type InterUnitConsultationRecorded = z.infer<typeof InterUnitConsultationRecorded>
