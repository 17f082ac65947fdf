// The role matrix of domain.md §5, through the HTTP API: every decision event type, for every
// role, on a decision the role has its part in ("own"), on a co-undertaken one ("co", the
// undertaking role only) and on another organization's ("other"). Preconditions are set up so
// that each row tests authority, not sequence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DECISION_EVENT_TYPES, type DecisionEventType } from '../../src/domain/events'
import { createJurisdiction, type Jurisdiction, payload, type TokenName } from './support'

type Side = 'own' | 'co' | 'other'
type RoleName =
  | 'admin'
  | 'public'
  | 'organ_office'
  | 'undertaking'
  | 'legality_reviewer'
  | 'reviewer'
  | 'executing'
  | 'inspector'

/** What each role may record on its own decisions, as domain.md §5 words it. */
const MAY_RECORD: Record<RoleName, readonly string[]> = {
  admin: [],
  public: [],
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
    'EventCorrected',
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
    'EventCorrected',
  ],
  legality_reviewer: ['LegalityReviewReturned', 'LegalityReviewOpinionIssued', 'EventCorrected'],
  reviewer: ['RiskAssessmentCompleted', 'FairCompetitionReviewCompleted', 'EventCorrected'],
  executing: ['ExecutionReported', 'ExecutionIssueReported', 'EventCorrected'],
  inspector: [
    'InspectionFindingRecorded',
    'FindingAnnotated',
    'FindingResolved',
    'SeriousErrorDetermined',
    'LiabilityDetermined',
    'EventCorrected',
  ],
}

/** The token acting for a role on each side (reviewers: the one named in the payload). */
function tokenOf(role: RoleName, side: Side, type: string): TokenName | 'admin' | 'public' {
  if (role === 'admin' || role === 'public') return role
  const table: Record<Exclude<RoleName, 'admin' | 'public'>, Partial<Record<Side, TokenName>>> = {
    organ_office: { own: 'organ', other: 'organB' },
    undertaking: { own: 'undertaking', co: 'coUndertaking', other: 'undertakingB' },
    legality_reviewer: { own: 'legality', other: 'legalityB' },
    reviewer: { own: type === 'FairCompetitionReviewCompleted' ? 'fcReviewer' : 'riskReviewer', other: 'reviewerB' },
    executing: { own: 'executing', other: 'executingOther' },
    inspector: { own: 'inspector', other: 'inspectorB' },
  }
  return table[role][side] as TokenName
}

const SIDES: Record<RoleName, Side[]> = {
  admin: ['own'],
  public: ['own'],
  organ_office: ['own', 'other'],
  undertaking: ['own', 'co', 'other'],
  legality_reviewer: ['own', 'other'],
  reviewer: ['own', 'other'],
  executing: ['own', 'other'],
  inspector: ['own', 'other'],
}

function expected(role: RoleName, side: Side, type: string): 201 | 403 {
  if (side === 'other' || !MAY_RECORD[role].includes(type)) return 403
  // A co-undertaking unit may record the undertaking steps but not correct the lead unit's events.
  if (side === 'co' && type === 'EventCorrected') return 403
  return 201
}

const rows = DECISION_EVENT_TYPES.flatMap((type) =>
  (Object.keys(SIDES) as RoleName[]).flatMap((role) =>
    SIDES[role].map((side) => ({ type, role, side, status: expected(role, side, type) })),
  ),
)

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

const clientOf = (name: TokenName | 'admin' | 'public') =>
  name === 'admin' ? j.admin : name === 'public' ? j.public : j.client[name]

/** A fresh city A decision with the preconditions `type` needs; returns it and the payload. */
async function prepare(
  type: DecisionEventType,
  role: RoleName,
): Promise<{ decisionId: string; data: Record<string, unknown> }> {
  const decisionId = await j.initiate()
  const c = j.client
  switch (type) {
    case 'PublicCommentClosed':
      await j.record(c.undertaking, decisionId, 'PublicCommentOpened')
      break
    case 'LegalityReviewReturned':
    case 'LegalityReviewOpinionIssued':
      await j.record(c.undertaking, decisionId, 'LegalityReviewRequested')
      break
    case 'ExecutionReported':
    case 'ExecutionIssueReported':
      await j.record(c.organ, decisionId, 'ExecutingUnitAssigned')
      break
    case 'FindingAnnotated':
    case 'FindingResolved':
      await j.record(c.inspector, decisionId, 'InspectionFindingRecorded')
      break
    case 'EventCorrected': {
      // The original is recorded by the role's own organization (or by the undertaking unit).
      let original: { eventId: string; type?: unknown; data?: unknown }
      if (role === 'organ_office') original = await j.record(c.organ, decisionId, 'DecisionReclassified')
      else if (role === 'legality_reviewer') {
        await j.record(c.undertaking, decisionId, 'LegalityReviewRequested')
        original = await j.record(c.legality, decisionId, 'LegalityReviewReturned')
      } else if (role === 'reviewer') original = await j.record(c.riskReviewer, decisionId, 'RiskAssessmentCompleted')
      else if (role === 'executing') {
        await j.record(c.organ, decisionId, 'ExecutingUnitAssigned')
        original = await j.record(c.executing, decisionId, 'ExecutionReported')
      } else if (role === 'inspector') original = await j.record(c.inspector, decisionId, 'InspectionFindingRecorded')
      else original = await j.record(c.undertaking, decisionId, 'DraftPrepared')
      return { decisionId, data: { correctsEventId: original.eventId, reason: '更正笔误。', data: original.data } }
    }
  }
  return { decisionId, data: payload(type) }
}

describe('recording: role × event type × own/other organization', () => {
  it.each(rows)('$role ($side) records $type → $status', async ({ type, role, side, status }) => {
    const client = clientOf(tokenOf(role, side, type))
    if (type === 'DecisionInitiated') {
      // On another organization's decision: organ_office of city B initiating for city A.
      const data = payload('DecisionInitiated')
      const res = await client.post('/v1/decisions', { occurredAt: '2026-11-19T09:00:00+08:00', data, evidence: [] })
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      if (status === 403) expect(res.body).toMatchObject({ code: 'forbidden', status: 403 })
      return
    }
    const { decisionId, data } = await prepare(type, role)
    const before = (await j.admin.get(`/v1/decisions/${decisionId}`)).body.version
    const res = await j.append(client, decisionId, type, data)
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    const after = (await j.admin.get(`/v1/decisions/${decisionId}`)).body.version
    if (status === 201) {
      expect(after).toBe((before as number) + 1)
      const event = res.body.event as { type: string; actor: { role: string; orgId: string } }
      expect(event.type).toBe(type)
      expect(event.actor.role).toBe(role)
    } else {
      expect(after).toBe(before)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ code: 'forbidden', status: 403, title: 'Forbidden' })
      expect(res.body.detail).toMatch(/Missing permission/)
      expect(typeof res.body.permission).toBe('string')
    }
  })
})

describe('authority edges', () => {
  it('checks authority before sequence: a legality body with no request is 403, the body reviewed before is 409', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'LegalityReviewRequested')
    await j.record(j.client.legality, d, 'LegalityReviewOpinionIssued')
    const again = await j.append(
      j.client.legality,
      d,
      'LegalityReviewOpinionIssued',
      payload('LegalityReviewOpinionIssued'),
    )
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('no-open-legality-review-request')
    const stranger = await j.append(
      j.client.legalityB,
      d,
      'LegalityReviewOpinionIssued',
      payload('LegalityReviewOpinionIssued'),
    )
    expect(stranger.status).toBe(403)
  })

  it('a legality request addressed to city B’s body lets that body answer, not city A’s', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'LegalityReviewRequested', { reviewBodyId: 'org_justice_b' })
    expect(
      (await j.append(j.client.legality, d, 'LegalityReviewReturned', payload('LegalityReviewReturned'))).status,
    ).toBe(403)
    expect(
      (await j.append(j.client.legalityB, d, 'LegalityReviewReturned', payload('LegalityReviewReturned'))).status,
    ).toBe(201)
  })

  it('an executing unit records only once assigned', async () => {
    const d = await j.initiate()
    expect((await j.append(j.client.executing, d, 'ExecutionReported', payload('ExecutionReported'))).status).toBe(403)
    await j.record(j.client.organ, d, 'ExecutingUnitAssigned')
    expect((await j.append(j.client.executing, d, 'ExecutionReported', payload('ExecutionReported'))).status).toBe(201)
    expect((await j.append(j.client.executingOther, d, 'ExecutionReported', payload('ExecutionReported'))).status).toBe(
      403,
    )
  })

  it('a reviewer records an assessment naming itself, not one naming another organization', async () => {
    const d = await j.initiate()
    const asSamr = await j.append(j.client.fcReviewer, d, 'RiskAssessmentCompleted', payload('RiskAssessmentCompleted'))
    expect(asSamr.status).toBe(403)
    expect(asSamr.body.detail).toMatch(/assessorOrgId/)
    const named = await j.append(
      j.client.fcReviewer,
      d,
      'RiskAssessmentCompleted',
      payload('RiskAssessmentCompleted', { assessorOrgId: 'org_samr' }),
    )
    expect(named.status).toBe(201)
  })

  it('an inspector’s jurisdiction is its subtree: the city inspector covers city A, not the province above', async () => {
    const cityDecision = await j.initiate()
    expect(
      (
        await j.append(
          j.client.inspectorCity,
          cityDecision,
          'SeriousErrorDetermined',
          payload('SeriousErrorDetermined'),
        )
      ).status,
    ).toBe(201)
    const provinceDecision = await j.initiate({ organId: 'org_province' }, j.client.organProvince)
    expect(
      (
        await j.append(
          j.client.inspectorCity,
          provinceDecision,
          'SeriousErrorDetermined',
          payload('SeriousErrorDetermined'),
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await j.append(
          j.client.inspector,
          provinceDecision,
          'SeriousErrorDetermined',
          payload('SeriousErrorDetermined'),
        )
      ).status,
    ).toBe(201)
    expect((await j.client.inspectorCity.get(`/v1/decisions/${provinceDecision}`)).status).toBe(403)
  })

  it('a department’s inspector (an audit office) covers its government’s subtree, not above or beside it', async () => {
    const determine = (decisionId: string) =>
      j.append(j.client.inspectorDept, decisionId, 'SeriousErrorDetermined', payload('SeriousErrorDetermined'))
    const cityDecision = await j.initiate()
    expect((await determine(cityDecision)).status).toBe(201)
    expect((await j.client.inspectorDept.get(`/v1/decisions/${cityDecision}`)).status).toBe(200)
    const provinceDecision = await j.initiate({ organId: 'org_province' }, j.client.organProvince)
    expect((await determine(provinceDecision)).status).toBe(403)
    const cityB = await j.initiateB()
    expect((await determine(cityB)).status).toBe(403)
    const listed = (await j.client.inspectorDept.get('/v1/decisions?limit=500')).body.items as Array<{
      organId: string
    }>
    expect(listed.map((d) => d.organId)).toContain('org_city')
    expect(listed.every((d) => d.organId === 'org_city')).toBe(true)
  })

  it('PublicFeedbackReceived is refused on the events endpoint even on a published decision', async () => {
    const d = await j.initiate()
    await j.record(j.client.organ, d, 'DecisionPublished')
    for (const client of [j.public, j.client.organ, j.client.undertaking, j.admin]) {
      const res = await j.append(client, d, 'PublicFeedbackReceived', payload('PublicFeedbackReceived'))
      expect(res.status).toBe(403)
    }
    expect((await j.admin.get(`/v1/decisions/${d}`)).body.version).toBe(2)
  })
})
