import { type Check, draft } from '../support'
import { publicationsOf } from './published'

/**
 * Art. 32: a decision of wide public concern or a professional, technical one must be published
 * with an account of how public and expert opinions were adopted.
 */
export const publicationExplanationMissing: Check = (c) => {
  const pubs = publicationsOf(c.cycle)
  const first = pubs[0]
  if (!first) return []
  const flags = c.ctx.flagsBefore(first)
  const because = (['vitalInterestOrMajorDisagreement', 'professionalTechnical'] as const).filter((f) => flags[f])
  if (!because.length || pubs.some((p) => p.data.adoptionExplanation !== undefined)) return []
  return [draft(c, 'publication-explanation-missing', { anchor: first, events: pubs, detail: { flags: [...because] } })]
}
