import { type AnyEv, ofType } from '../../engine/events'
import { PARTICIPATION_TYPES } from '../../obligations/participation'
import { type Check, draft } from '../support'

type Item =
  | 'legalityOpinion'
  | 'publicOpinionAdoption'
  | 'expertOpinionAdoption'
  | 'riskReport'
  | 'fairCompetitionReview'
  | 'legalRiskDisclosure'

/** What Art. 29's list calls for, given the steps completed before the submission. */
function calledFor(before: AnyEv[]): Item[] {
  const has = (t: string) => before.some((e) => e.type === t)
  const opinion = ofType(before, 'LegalityReviewOpinionIssued').at(-1)
  const items: Array<[Item, boolean]> = [
    ['legalityOpinion', opinion !== undefined],
    ['publicOpinionAdoption', before.some((e) => (PARTICIPATION_TYPES as readonly string[]).includes(e.type))],
    ['expertOpinionAdoption', has('ExpertOpinionSubmitted')],
    ['riskReport', has('RiskAssessmentCompleted')],
    ['fairCompetitionReview', has('FairCompetitionReviewCompleted')],
    ['legalRiskDisclosure', opinion?.data.legalRiskDisclosure !== undefined],
  ]
  return items.filter(([, needed]) => needed).map(([item]) => item)
}

/**
 * Art. 29: a package discussed lacks an item that the decision's completed steps call for. Each
 * meeting of the cycle is judged on the latest package submitted before it (a draft re-submitted
 * after a deferral brings a package of its own), and a package not yet discussed as submitted.
 */
export const submissionPackageIncomplete: Check = (c) => {
  const submissions = ofType(c.cycle.events, 'SubmittedForDiscussion')
  const judged = new Set(
    [...c.cycle.discussions.map((d) => submissions.filter((x) => x.order < d.order).at(-1)), submissions.at(-1)].filter(
      (s) => s !== undefined,
    ),
  )
  return [...judged].flatMap((s) => {
    const pkg = s.data.package
    const required = calledFor(c.cycle.events.filter((e) => e.order < s.order))
    const missing = required.filter((item) => pkg[item] === undefined)
    if (!missing.length) return []
    return [draft(c, 'submission-package-incomplete', { anchor: s, events: [s], detail: { missing, required } })]
  })
}
