// Every obligation of rules.md §3, in the catalogue's order.
import type { ObligationName } from '../catalog'
import { OBLIGATION_NAMES } from '../catalog'
import type { Cycle, EvalContext } from '../engine/context'
import { archiving, executingUnit, postEvaluation, publication } from './after-decision'
import { collectiveDiscussion, partyReport, peoplesCongressReport } from './decision'
import { hearing, publicOpinionsProcessed, publicParticipation, specialGroupConsultation } from './participation'
import {
  expertArgumentation,
  fairCompetitionReview,
  interUnitConsultation,
  legalityReview,
  riskAssessment,
  submission,
} from './review'
import type { ObligationDef, ObligationEval } from './types'

export const OBLIGATION_DEFS: { readonly [N in ObligationName]: ObligationDef } = {
  public_participation: publicParticipation,
  public_opinions_processed: publicOpinionsProcessed,
  special_group_consultation: specialGroupConsultation,
  hearing,
  expert_argumentation: expertArgumentation,
  risk_assessment: riskAssessment,
  fair_competition_review: fairCompetitionReview,
  inter_unit_consultation: interUnitConsultation,
  legality_review: legalityReview,
  submission,
  collective_discussion: collectiveDiscussion,
  party_report: partyReport,
  peoples_congress_report: peoplesCongressReport,
  publication,
  archiving,
  executing_unit: executingUnit,
  post_evaluation: postEvaluation,
}

export type ObligationMap = { readonly [N in ObligationName]: ObligationEval }

export function evaluateObligations(ctx: EvalContext, cycle: Cycle): ObligationMap {
  return Object.fromEntries(
    OBLIGATION_NAMES.map((n) => [n, OBLIGATION_DEFS[n].evaluate(ctx, cycle)]),
  ) as unknown as ObligationMap
}

export type { ObligationDef, ObligationEval }
