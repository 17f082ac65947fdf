// One check per finding code (rules.md §4); the typing refuses a code without its check.
import type { FindingCode } from '../catalog'
import { archiveIncomplete } from './archive/archive-incomplete'
import { archiveLate } from './archive/archive-late'
import { archiveMissing } from './archive/archive-missing'
import { executingUnitMissing } from './execution/executing-unit-missing'
import { postEvaluationOverdue } from './execution/post-evaluation-overdue'
import { postEvaluatorNotIndependent } from './execution/post-evaluator-not-independent'
import { suspensionWithoutGround } from './execution/suspension-without-ground'
import { terminationWithoutProcedure } from './execution/termination-without-procedure'
import { expertArgumentationMissing } from './expert/expert-argumentation-missing'
import { expertConflictOfInterest } from './expert/expert-conflict-of-interest'
import { expertOpinionUnsigned } from './expert/expert-opinion-unsigned'
import { fairCompetitionReviewMissing } from './fair-competition/fair-competition-review-missing'
import { hearingMaterialsLate } from './hearing/hearing-materials-late'
import { hearingMissing } from './hearing/hearing-missing'
import { hearingParticipantsNotPublished } from './hearing/hearing-participants-not-published'
import { hearingRecordUnsigned } from './hearing/hearing-record-unsigned'
import { interUnitConsultationMissing } from './inter-unit/inter-unit-consultation-missing'
import { interUnitDisputeNotReported } from './inter-unit/inter-unit-dispute-not-reported'
import { discussedDespiteUnlawfulOpinion } from './legality/discussed-despite-unlawful-opinion'
import { legalityChangesNotAddressed } from './legality/legality-changes-not-addressed'
import { legalityOpinionIncomplete } from './legality/legality-opinion-incomplete'
import { legalityPrereviewMissing } from './legality/legality-prereview-missing'
import { legalityReviewMissing } from './legality/legality-review-missing'
import { legalityReviewOverdue } from './legality/legality-review-overdue'
import { legalityReviewTimeTooShort } from './legality/legality-review-time-too-short'
import { collectiveDiscussionMissing } from './meeting/collective-discussion-missing'
import { headDidNotSpeakLast } from './meeting/head-did-not-speak-last'
import { meetingTypeNotAllowed } from './meeting/meeting-type-not-allowed'
import { memberPositionNotRecorded } from './meeting/member-position-not-recorded'
import { overruledMajorityWithoutReasons } from './meeting/overruled-majority-without-reasons'
import { partyReportMissing } from './meeting/party-report-missing'
import { peoplesCongressReportMissing } from './meeting/peoples-congress-report-missing'
import { quorumNotMet } from './meeting/quorum-not-met'
import { commentPeriodClosedEarly } from './participation/comment-period-closed-early'
import { commentPeriodTooShort } from './participation/comment-period-too-short'
import { publicOpinionsNotProcessed } from './participation/public-opinions-not-processed'
import { publicParticipationMissing } from './participation/public-participation-missing'
import { specialGroupNotConsulted } from './participation/special-group-not-consulted'
import { publicationChannelsIncomplete } from './publication/publication-channels-incomplete'
import { publicationExplanationMissing } from './publication/publication-explanation-missing'
import { publicationLate } from './publication/publication-late'
import { publicationMissing } from './publication/publication-missing'
import { decidedDespiteUncontrollableRisk } from './risk/decided-despite-uncontrollable-risk'
import { riskAssessmentMissing } from './risk/risk-assessment-missing'
import { riskReportIncomplete } from './risk/risk-report-incomplete'
import { submissionMissing } from './submission/submission-missing'
import { submissionPackageIncomplete } from './submission/submission-package-incomplete'
import type { Check } from './support'
import { classificationWeakenedLate } from './timing/classification-weakened-late'
import { decisionDelayed } from './timing/decision-delayed'
import { lateRecording } from './timing/late-recording'

export const CHECKS: { readonly [C in FindingCode]: Check } = {
  'public-participation-missing': publicParticipationMissing,
  'public-opinions-not-processed': publicOpinionsNotProcessed,
  'special-group-not-consulted': specialGroupNotConsulted,
  'comment-period-too-short': commentPeriodTooShort,
  'comment-period-closed-early': commentPeriodClosedEarly,
  'hearing-missing': hearingMissing,
  'hearing-materials-late': hearingMaterialsLate,
  'hearing-participants-not-published': hearingParticipantsNotPublished,
  'hearing-record-unsigned': hearingRecordUnsigned,
  'expert-argumentation-missing': expertArgumentationMissing,
  'expert-conflict-of-interest': expertConflictOfInterest,
  'expert-opinion-unsigned': expertOpinionUnsigned,
  'risk-assessment-missing': riskAssessmentMissing,
  'risk-report-incomplete': riskReportIncomplete,
  'decided-despite-uncontrollable-risk': decidedDespiteUncontrollableRisk,
  'fair-competition-review-missing': fairCompetitionReviewMissing,
  'inter-unit-consultation-missing': interUnitConsultationMissing,
  'inter-unit-dispute-not-reported': interUnitDisputeNotReported,
  'legality-review-missing': legalityReviewMissing,
  'discussed-despite-unlawful-opinion': discussedDespiteUnlawfulOpinion,
  'legality-review-time-too-short': legalityReviewTimeTooShort,
  'legality-review-overdue': legalityReviewOverdue,
  'legality-opinion-incomplete': legalityOpinionIncomplete,
  'legality-changes-not-addressed': legalityChangesNotAddressed,
  'legality-prereview-missing': legalityPrereviewMissing,
  'submission-package-incomplete': submissionPackageIncomplete,
  'submission-missing': submissionMissing,
  'collective-discussion-missing': collectiveDiscussionMissing,
  'meeting-type-not-allowed': meetingTypeNotAllowed,
  'head-did-not-speak-last': headDidNotSpeakLast,
  'overruled-majority-without-reasons': overruledMajorityWithoutReasons,
  'member-position-not-recorded': memberPositionNotRecorded,
  'quorum-not-met': quorumNotMet,
  'party-report-missing': partyReportMissing,
  'peoples-congress-report-missing': peoplesCongressReportMissing,
  'publication-missing': publicationMissing,
  'publication-late': publicationLate,
  'publication-channels-incomplete': publicationChannelsIncomplete,
  'publication-explanation-missing': publicationExplanationMissing,
  'archive-missing': archiveMissing,
  'archive-late': archiveLate,
  'archive-incomplete': archiveIncomplete,
  'executing-unit-missing': executingUnitMissing,
  'suspension-without-ground': suspensionWithoutGround,
  'termination-without-procedure': terminationWithoutProcedure,
  'post-evaluator-not-independent': postEvaluatorNotIndependent,
  'post-evaluation-overdue': postEvaluationOverdue,
  'decision-delayed': decisionDelayed,
  'late-recording': lateRecording,
  'classification-weakened-late': classificationWeakenedLate,
}

export type { Check, CheckContext, FindingDraft } from './support'
