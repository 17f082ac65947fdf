// Expert argumentation (专家论证, Decree 713 Arts. 19-21): payloads of spec/domain.md §3.
import { z } from 'zod'
import { NotAdoptedOpinion } from './participation'
import { Count, DocRef, ListItem, list, PersonRef, Title } from './primitives'

export const EXPERT_OPINION_FORMS = ['written', 'meeting', 'commissioned'] as const
export const EXPERT_CONCLUSIONS = ['supports', 'opposes', 'conditional'] as const

export const PanelExpert = z.strictObject({
  personId: PersonRef.optional().describe('Set when the expert is in the directory.'),
  name: Title,
  affiliation: Title,
  directInterest: z.boolean().describe('Has a direct interest in the matter (recorded; a finding, Art. 20).'),
  conflictNote: ListItem.optional(),
})

// A panel of nobody is not a panel; a conflicted expert is still recorded (finding, not refusal).
export const ExpertPanelFormed = z.strictObject({
  experts: list(PanelExpert, 1),
  includesDifferingViews: z.boolean().describe('Experts holding differing views were sought, Art. 20.'),
})
export type ExpertPanelFormed = z.infer<typeof ExpertPanelFormed>

export const ExpertOpinionSubmitted = z.strictObject({
  expertName: Title,
  form: z.enum(EXPERT_OPINION_FORMS),
  conclusion: z.enum(EXPERT_CONCLUSIONS),
  signed: z.boolean().describe('Written opinion signed, Art. 19(2).'),
  stamped: z.boolean().optional().describe("An institution's written opinion stamped, Art. 19(2)."),
  opinion: DocRef,
})
export type ExpertOpinionSubmitted = z.infer<typeof ExpertOpinionSubmitted>

export const ExpertOpinionsProcessed = z.strictObject({
  adopted: Count,
  notAdopted: list(NotAdoptedOpinion),
})
export type ExpertOpinionsProcessed = z.infer<typeof ExpertOpinionsProcessed>
