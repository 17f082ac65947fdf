// Risk assessment, fair competition review and legality review (Decree 713 Arts. 22-28,
// Art. 29(1); 公平竞争审查条例 Art. 18): payloads of spec/domain.md §3.
import { z } from 'zod'
import { CalendarDate, DocRef, ListItem, list, OrgRef, Text } from './primitives'

export const RISK_LEVELS = ['high', 'medium', 'low'] as const

// Empty lists are allowed on purpose: an incomplete report is `risk-report-incomplete`.
export const RiskAssessmentCompleted = z.strictObject({
  assessorOrgId: OrgRef,
  riskPoints: list(ListItem),
  preventionMeasures: list(ListItem),
  contingencyPlan: DocRef,
  departmentOpinions: list(ListItem).describe('Opinions of the departments concerned, Art. 23(2).'),
  level: z.enum(RISK_LEVELS).optional(),
  controllable: z.boolean().describe('Risk judged controllable, Art. 24.'),
  report: DocRef,
})
export type RiskAssessmentCompleted = z.infer<typeof RiskAssessmentCompleted>

export const FAIR_COMPETITION_CONCLUSIONS = ['passes', 'fails', 'exception'] as const

export const FairCompetitionReviewCompleted = z.strictObject({
  reviewerOrgId: OrgRef,
  conclusion: z.enum(FAIR_COMPETITION_CONCLUSIONS),
  exceptionJustification: Text.optional().describe(
    'The ground of an `exception` conclusion (公平竞争审查条例). Optional (domain.md §3): an exception ' +
      'recorded without it is a fact to report, not an input to refuse (README principle 1).',
  ),
  report: DocRef,
})
export type FairCompetitionReviewCompleted = z.infer<typeof FairCompetitionReviewCompleted>

export const LegalityPreReviewCompleted = z.strictObject({
  officeId: OrgRef.describe("The undertaking unit's own legal office."),
  opinion: DocRef,
})
export type LegalityPreReviewCompleted = z.infer<typeof LegalityPreReviewCompleted>

export const LegalityReviewRequested = z.strictObject({
  reviewBodyId: OrgRef,
  draft: DocRef,
  legalBases: list(ListItem),
  proceduresStatement: DocRef.describe('Statement of the statutory procedures performed, Art. 26(1).'),
  neededBy: CalendarDate.optional(),
})
export type LegalityReviewRequested = z.infer<typeof LegalityReviewRequested>

export const LegalityReviewReturned = z.strictObject({
  reason: Text,
})
export type LegalityReviewReturned = z.infer<typeof LegalityReviewReturned>

export const LEGALITY_CONCLUSIONS = ['lawful', 'lawful_with_changes', 'unlawful'] as const

/** Art. 27: the three things a legality review covers. */
export const LegalityCoverage = z.strictObject({
  authority: z.boolean(),
  procedure: z.boolean(),
  content: z.boolean(),
})

export const LegalityReviewOpinionIssued = z.strictObject({
  conclusion: z.enum(LEGALITY_CONCLUSIONS),
  covers: LegalityCoverage.describe('What the review covered, Art. 27.'),
  counselOpinions: list(ListItem).describe('Opinions of legal advisers and public lawyers, Art. 28.'),
  requiredChanges: list(ListItem).optional(),
  legalRiskDisclosure: DocRef.optional().describe('Disclosure of legal risk for exploratory reforms, Art. 25(2).'),
  opinion: DocRef,
  shortReviewReason: Text.optional().describe('Why the review took less than the minimum time, Art. 26(2).'),
})
export type LegalityReviewOpinionIssued = z.infer<typeof LegalityReviewOpinionIssued>
