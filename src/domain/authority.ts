// Roles and authority of domain.md §5, as pure functions of the actor, the event and the decision.
// A refusal names the permission that was missing.
import type { DecisionState } from './decision-state'
import type { Actor, Role } from './envelope'

/**
 * A refusal names the missing permission; `path` names the payload field that the refusal rests on,
 * when it rests on one (relative to the payload: the caller puts it under `data` or `data.data`).
 */
export type Allowed = { ok: true } | { ok: false; permission: string; reason: string; path?: readonly string[] }
type Refusal = Extract<Allowed, { ok: false }>
const yes: Allowed = { ok: true }
const no = (permission: string, reason: string, path?: readonly string[]): Refusal =>
  path === undefined ? { ok: false, permission, reason } : { ok: false, permission, reason, path }

/** What each recording role may record (before the per-decision checks below). */
export const RECORDABLE: Record<Exclude<Role, 'admin' | 'public'>, readonly string[]> = {
  organ_office: [
    'DecisionInitiated',
    'DecisionReclassified',
    'CollectiveDiscussionHeld',
    'PartyCommitteeReported',
    'PeoplesCongressReported',
    'DecisionPublished',
    'DecisionArchived',
    'ExecutingUnitAssigned',
    'DecisionSuspended',
    'DecisionAdjusted',
    'DecisionTerminated',
    'PostEvaluationCompleted',
  ],
  undertaking: [
    'DraftPrepared',
    'DraftRevised',
    'InterUnitConsultationRecorded',
    'PublicParticipationRecorded',
    'PublicCommentOpened',
    'PublicCommentClosed',
    'SpecialGroupConsulted',
    'HearingNoticed',
    'HearingParticipantsPublished',
    'HearingMaterialsDelivered',
    'HearingHeld',
    'PublicOpinionsProcessed',
    'ExpertPanelFormed',
    'ExpertOpinionSubmitted',
    'ExpertOpinionsProcessed',
    'RiskAssessmentCompleted',
    'FairCompetitionReviewCompleted',
    'LegalityPreReviewCompleted',
    'LegalityReviewRequested',
    'SubmittedForDiscussion',
  ],
  legality_reviewer: ['LegalityReviewReturned', 'LegalityReviewOpinionIssued'],
  reviewer: ['RiskAssessmentCompleted', 'FairCompetitionReviewCompleted'],
  executing: ['ExecutionReported', 'ExecutionIssueReported'],
  inspector: [
    'InspectionFindingRecorded',
    'FindingAnnotated',
    'FindingResolved',
    'SeriousErrorDetermined',
    'LiabilityDetermined',
  ],
}

/** Facts about the decision's place in the organization tree that authority needs. */
export interface DecisionContext {
  /** The decision organ and its ancestors, nearest first (for inspectors' jurisdiction). */
  organLineage: readonly string[]
}

export function undertakes(state: DecisionState, orgId: string): boolean {
  return state.undertakingUnitId === orgId || state.coUnitIds.includes(orgId)
}

export function inJurisdiction(actor: Actor, ctx: DecisionContext): boolean {
  return ctx.organLineage.includes(actor.jurisdictionId ?? actor.orgId)
}

/**
 * The bounds domain.md §5 sets on a payload, whatever the decision: an organ office initiates only
 * for its own organ ("decision organ's office"), and a reviewer records only assessments "whose
 * `assessorOrgId` / `reviewerOrgId` is its own organization". Applies to direct writes and to the
 * corrected payload of an EventCorrected alike.
 */
export function payloadBound(actor: Actor, type: string, data: Record<string, unknown>): Allowed {
  if (type === 'DecisionInitiated' && actor.role === 'organ_office' && data.organId !== actor.orgId)
    return no(`record DecisionInitiated for organ ${String(data.organId)}`, `this token acts for ${actor.orgId}`, [
      'organId',
    ])
  if (actor.role === 'reviewer' && (type === 'RiskAssessmentCompleted' || type === 'FairCompetitionReviewCompleted')) {
    const field = type === 'RiskAssessmentCompleted' ? 'assessorOrgId' : 'reviewerOrgId'
    if (data[field] !== actor.orgId)
      return no(
        `record ${type} for another organization`,
        `a reviewer records only its own assessments (${field} must be ${actor.orgId})`,
        [field],
      )
  }
  return yes
}

/**
 * May `actor` correct an event of `originalType` to the payload `corrected`? A correction records
 * the original's type again (README principle 2), so the role must be one that records that type
 * and the corrected payload must stay within the role's bounds (domain.md §5). The decision-side
 * checks of a direct write reduce to the read check mayRecord makes first — except the legality
 * body's open request, which binds a new answer, not the correction of an earlier one.
 */
function mayCorrectAs(actor: Actor, originalType: string, corrected: unknown): Allowed {
  if (actor.role === 'admin' || actor.role === 'public') return yes // refused before
  // A correction of a correction is the sequence check's 409 (cannot-correct-correction).
  if (originalType === 'EventCorrected') return yes
  if (!RECORDABLE[actor.role].includes(originalType))
    return no(
      `record ${originalType}`,
      `the ${actor.role} role may not record ${originalType}, so it may not correct one either`,
    )
  const data = typeof corrected === 'object' && corrected !== null ? (corrected as Record<string, unknown>) : {}
  const bound = payloadBound(actor, originalType, data)
  if (bound.ok) return bound
  return { ...bound, reason: `a correction may not record what the role may not record directly: ${bound.reason}` }
}

/**
 * May `actor` record an event of `type` with `data` on the decision in `state`?
 * For EventCorrected, `originalRecorderOrg` is the organization that recorded the original and
 * `originalType` its type (without it, the corrected payload is not checked against the role).
 */
export function mayRecord(
  actor: Actor,
  type: string,
  data: Record<string, unknown>,
  state: DecisionState,
  ctx: DecisionContext,
  originalRecorderOrg?: string,
  originalType?: string,
): Allowed {
  if (actor.role === 'admin')
    return no(
      'record decision events',
      'the admin role manages the directory, tokens and rulebooks; it records no decision events',
    )
  if (actor.role === 'public')
    return no(`record ${type}`, 'the public may only leave feedback through the public feedback endpoint')
  if (type === 'EventCorrected') {
    if (originalRecorderOrg !== undefined && originalRecorderOrg !== actor.orgId) {
      return no(
        'correct events recorded by another organization',
        'only the organization that recorded an event may correct it',
      )
    }
    if (!mayRead(actor, state, ctx))
      return no('record on this decision', 'the decision is outside what this token may see')
    return originalType === undefined ? yes : mayCorrectAs(actor, originalType, data.data)
  }
  if (!RECORDABLE[actor.role].includes(type))
    return no(`record ${type}`, `the ${actor.role} role may not record ${type}`)
  switch (actor.role) {
    case 'organ_office':
      return state.organId === actor.orgId
        ? yes
        : no(`record ${type} for organ ${state.organId}`, 'the decision belongs to another decision organ')
    case 'undertaking':
      return undertakes(state, actor.orgId)
        ? yes
        : no(
            `record ${type} as undertaking unit`,
            'this organization neither undertakes nor co-undertakes the decision',
          )
    case 'legality_reviewer': {
      const open = state.openLegalityRequest
      if (open)
        return open.reviewBodyId === actor.orgId
          ? yes
          : no(`record ${type}`, 'the open legality review request is addressed to another review body')
      // No open request: a body that reviewed this decision before gets the 409 of the sequence
      // check; any other body has no part in it.
      return state.legalityReviewBodyIds.includes(actor.orgId)
        ? yes
        : no(`record ${type}`, 'no legality review request on this decision is addressed to this body')
    }
    case 'reviewer':
      return payloadBound(actor, type, data)
    case 'executing':
      return state.executingUnitIds.includes(actor.orgId)
        ? yes
        : no(`record ${type}`, 'this organization has not been assigned to execute the decision')
    case 'inspector':
      return inJurisdiction(actor, ctx)
        ? yes
        : no(`record ${type}`, 'the decision organ is outside this inspector’s jurisdiction')
  }
}

/** May `actor` read the decision (its events, state, reports)? */
export function mayRead(actor: Actor, state: DecisionState, ctx: DecisionContext): boolean {
  switch (actor.role) {
    case 'admin':
      return true
    case 'inspector':
      return inJurisdiction(actor, ctx)
    case 'organ_office':
      return state.organId === actor.orgId
    case 'undertaking':
      return undertakes(state, actor.orgId)
    case 'legality_reviewer':
      return state.legalityReviewBodyIds.includes(actor.orgId)
    case 'reviewer':
      return state.reviewerOrgIds.includes(actor.orgId)
    case 'executing':
      return state.executingUnitIds.includes(actor.orgId)
    case 'public':
      return isPublic(state)
  }
}

/** Published and disclosable: what the public may read (domain.md §5). */
export function isPublic(state: DecisionState): boolean {
  return state.published && !state.flags.nonDisclosable
}
