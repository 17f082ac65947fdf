// Corrections (EventCorrected, README principle 2) through the HTTP API: the decision state that
// drives public visibility and authority applies them as the compliance engine does (domain.md
// §1.1, §5), and a correction may not record what its role may not record directly (§5).
// The first case of each block is review D's (items 1-3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replayDecision } from '../../src/app/rebuild-chunk'
import type { DecisionState } from '../../src/domain/decision-state'
import type { DecisionEventType } from '../../src/domain/events'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, org, payload } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

type Data = Record<string, unknown>
const initiationData = (patch: Data = {}) => ({
  ...payload('DecisionInitiated'),
  flags: { nonDisclosable: false },
  ...patch,
})

async function initiationOf(id: string): Promise<string> {
  const items = (await j.admin.get(`/v1/decisions/${id}/events`)).body.items as Array<{ eventId: string }>
  return items[0]?.eventId as string
}

/** The status of an append of `type` (its standard payload) by `by`. */
const statusOf = async (by: Jurisdiction['admin'], id: string, type: DecisionEventType) =>
  (await j.append(by, id, type, payload(type))).status

const correct = (by: Jurisdiction['admin'], id: string, correctsEventId: string, data: Data, reason = '更正') =>
  j.append(by, id, 'EventCorrected', { correctsEventId, reason, data })

/** A disclosable decision, published, then reclassified to `flags`; returns it and the reclassification. */
async function publishedThenReclassified(flags: Data, reason = '改变分类'): Promise<{ id: string; reclass: string }> {
  const id = await j.initiate({ flags: { nonDisclosable: false } })
  await j.record(j.client.organ, id, 'DecisionPublished')
  const reclass = (await j.record(j.client.organ, id, 'DecisionReclassified', { flags, reason })).eventId
  return { id, reclass }
}

/** 200 when the public may read the decision (alone and in the public list), 404 when not. */
async function publicStatus(id: string): Promise<number> {
  const one = (await j.public.get(`/v1/public/decisions/${id}`)).status
  const list = (await j.public.get('/v1/public/decisions?limit=500')).body.items as Array<{ decisionId: string }>
  const listed = list.some((d) => d.decisionId === id)
  expect(listed, 'the public list agrees with the public read').toBe(one === 200)
  return one
}

describe('public visibility follows the classification as corrected (domain.md §1.1, §5)', () => {
  it('a decision reclassified non-disclosable stays hidden after its initiation title is corrected', async () => {
    const id = await j.initiate({ flags: { nonDisclosable: false } })
    await j.record(j.client.organ, id, 'DecisionPublished')
    expect(await publicStatus(id)).toBe(200)
    await j.record(j.client.organ, id, 'DecisionReclassified', {
      flags: { nonDisclosable: true },
      reason: '依法不予公开',
    })
    expect(await publicStatus(id)).toBe(404)
    const res = await correct(j.client.organ, id, await initiationOf(id), initiationData({ title: '标题（更正）' }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await publicStatus(id)).toBe(404)
    const view = (await j.admin.get(`/v1/decisions/${id}`)).body
    expect(view).toMatchObject({ title: '标题（更正）', flags: { nonDisclosable: true } })
  })

  it('correcting the initiation to non-disclosable hides a published decision no reclassification revealed', async () => {
    const { id } = await publishedThenReclassified({ npcMatter: true }, '报人大')
    const res = await correct(
      j.client.organ,
      id,
      await initiationOf(id),
      initiationData({ flags: { nonDisclosable: true } }),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await publicStatus(id)).toBe(404)
    // The later reclassification still applies on top of the corrected initiation flags.
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.flags).toMatchObject({
      nonDisclosable: true,
      npcMatter: true,
    })
  })

  it('a reclassification that made the decision disclosable still applies after the initiation is corrected', async () => {
    const id = await j.initiate({ flags: { nonDisclosable: true } })
    await j.record(j.client.organ, id, 'DecisionPublished')
    expect(await publicStatus(id)).toBe(404)
    await j.record(j.client.organ, id, 'DecisionReclassified', { flags: { nonDisclosable: false }, reason: '解密' })
    expect(await publicStatus(id)).toBe(200)
    const res = await correct(
      j.client.organ,
      id,
      await initiationOf(id),
      initiationData({ title: '标题（更正）', flags: { nonDisclosable: true } }),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await publicStatus(id)).toBe(200)
  })

  it('correcting a reclassification to non-disclosable hides the decision from the public', async () => {
    const { id, reclass } = await publishedThenReclassified({ npcMatter: true }, '报人大')
    expect(await publicStatus(id)).toBe(200)
    const res = await correct(j.client.organ, id, reclass, {
      flags: { npcMatter: true, nonDisclosable: true },
      reason: '报人大；依法不予公开',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await publicStatus(id)).toBe(404)
  })

  it('correcting a non-disclosable reclassification away shows the decision again; the latest correction wins', async () => {
    const { id, reclass } = await publishedThenReclassified({ nonDisclosable: true }, '误选')
    expect(await publicStatus(id)).toBe(404)
    expect((await correct(j.client.organ, id, reclass, { flags: { npcMatter: true }, reason: '报人大' })).status).toBe(
      201,
    )
    expect(await publicStatus(id)).toBe(200)
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.flags).toMatchObject({
      nonDisclosable: false,
      npcMatter: true,
    })
    const again = await correct(j.client.organ, id, reclass, {
      flags: { nonDisclosable: true },
      reason: '复核',
    })
    expect(again.status).toBe(201)
    expect(await publicStatus(id)).toBe(404)
  })

  it('public feedback follows the corrected classification too', async () => {
    const { id, reclass } = await publishedThenReclassified({ npcMatter: true }, 'r')
    await correct(j.client.organ, id, reclass, { flags: { nonDisclosable: true }, reason: 'r' })
    const res = await j.public.post(`/v1/public/decisions/${id}/feedback`, { summary: '意见' })
    expect(res.status).toBe(404)
  })
})

describe('authority follows corrected requests and assignments (domain.md §5)', () => {
  it('a legality review request corrected to another review body lets that body issue the opinion', async () => {
    const id = await j.initiate()
    // Addressed by mistake to city B's justice bureau, then corrected to city A's.
    const req = await j.record(j.client.undertaking, id, 'LegalityReviewRequested', { reviewBodyId: org.justiceB })
    const fix = await correct(j.client.undertaking, id, req.eventId, payload('LegalityReviewRequested'))
    expect(fix.status, JSON.stringify(fix.body)).toBe(201)
    // The body named by mistake no longer holds the request, nor reads the decision.
    const wrong = await j.append(j.client.legalityB, id, 'LegalityReviewReturned', payload('LegalityReviewReturned'))
    expect(wrong.status).toBe(403)
    expect((await j.client.legalityB.get(`/v1/decisions/${id}`)).status).toBe(403)
    expect((await j.client.legality.get(`/v1/decisions/${id}`)).status).toBe(200)
    const res = await j.append(
      j.client.legality,
      id,
      'LegalityReviewOpinionIssued',
      payload('LegalityReviewOpinionIssued'),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
  })

  it('a correction that keeps the review body changes nothing of who answers', async () => {
    const id = await j.initiate()
    const req = await j.record(j.client.undertaking, id, 'LegalityReviewRequested')
    const fix = await correct(
      j.client.undertaking,
      id,
      req.eventId,
      payload('LegalityReviewRequested', { neededBy: '2026-12-31' }),
    )
    expect(fix.status).toBe(201)
    expect(await statusOf(j.client.legalityB, id, 'LegalityReviewReturned')).toBe(403)
    expect(await statusOf(j.client.legality, id, 'LegalityReviewReturned')).toBe(201)
  })

  it('an answered request corrected to another body: that body reads the decision, and no one may answer again', async () => {
    const id = await j.initiate()
    const req = await j.record(j.client.undertaking, id, 'LegalityReviewRequested')
    await j.record(j.client.legality, id, 'LegalityReviewReturned')
    const fix = await correct(
      j.client.undertaking,
      id,
      req.eventId,
      payload('LegalityReviewRequested', { reviewBodyId: org.justiceB }),
    )
    expect(fix.status).toBe(201)
    expect((await j.client.legalityB.get(`/v1/decisions/${id}`)).status).toBe(200)
    const again = await j.append(j.client.legalityB, id, 'LegalityReviewReturned', payload('LegalityReviewReturned'))
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('no-open-legality-review-request')
  })

  it('an executing-unit assignment corrected to another unit moves the right to report execution', async () => {
    const id = await j.initiate()
    const assigned = await j.record(j.client.organ, id, 'ExecutingUnitAssigned')
    expect(await statusOf(j.client.executing, id, 'ExecutionReported')).toBe(201)
    const fix = await correct(j.client.organ, id, assigned.eventId, { unitId: org.housing })
    expect(fix.status, JSON.stringify(fix.body)).toBe(201)
    expect(await statusOf(j.client.executingOther, id, 'ExecutionReported')).toBe(201)
    expect(await statusOf(j.client.executing, id, 'ExecutionReported')).toBe(403)
    const listed = (await j.client.executingOther.get('/v1/decisions?limit=500')).body.items as Array<{
      decisionId: string
    }>
    expect(listed.map((d) => d.decisionId)).toContain(id)
  })

  it('a unit keeps its right while another assignment still names it', async () => {
    const id = await j.initiate()
    const first = await j.record(j.client.organ, id, 'ExecutingUnitAssigned')
    await j.record(j.client.organ, id, 'ExecutingUnitAssigned')
    await correct(j.client.organ, id, first.eventId, { unitId: org.housing })
    expect(await statusOf(j.client.executing, id, 'ExecutionReported')).toBe(201)
    expect(await statusOf(j.client.executingOther, id, 'ExecutionReported')).toBe(201)
  })

  it('an assessment the undertaking unit corrects to another reviewer moves the reviewer’s read access', async () => {
    const id = await j.initiate()
    const review = await j.record(j.client.undertaking, id, 'FairCompetitionReviewCompleted')
    expect((await j.client.fcReviewer.get(`/v1/decisions/${id}`)).status).toBe(200)
    const fix = await correct(
      j.client.undertaking,
      id,
      review.eventId,
      payload('FairCompetitionReviewCompleted', { reviewerOrgId: org.samrB }),
    )
    expect(fix.status, JSON.stringify(fix.body)).toBe(201)
    expect((await j.client.reviewerB.get(`/v1/decisions/${id}`)).status).toBe(200)
    expect((await j.client.fcReviewer.get(`/v1/decisions/${id}`)).status).toBe(403)
  })
})

describe('a correction may not record what the role may not record directly (domain.md §5)', () => {
  const forbiddenAt = (res: { status: number; body: Data }, path: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', status: 403 })
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual([path])
  }

  it('an organ office cannot move its decision to another organ by correcting the initiation', async () => {
    const direct = await j.client.organ.post('/v1/decisions', {
      occurredAt: '2026-11-19T09:00:00+08:00',
      data: { ...payload('DecisionInitiated'), organId: org.cityB },
    })
    forbiddenAt(direct, 'data.organId')
    const id = await j.initiate()
    const res = await correct(j.client.organ, id, await initiationOf(id), {
      ...payload('DecisionInitiated'),
      organId: org.cityB,
    })
    forbiddenAt(res, 'data.data.organId')
    expect(res.body.permission).toBe(direct.body.permission)
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.organId).toBe(org.city)
  })

  it('an organ office may still correct other facts of its initiation (units, title)', async () => {
    const id = await j.initiate()
    const res = await correct(j.client.organ, id, await initiationOf(id), {
      ...payload('DecisionInitiated'),
      title: '更正后的标题',
      undertakingUnitId: org.housing,
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await j.admin.get(`/v1/decisions/${id}`)).body).toMatchObject({ title: '更正后的标题', organId: org.city })
  })

  it.each([
    [
      'FairCompetitionReviewCompleted',
      'fcReviewer',
      { reviewerOrgId: org.samr },
      { reviewerOrgId: org.samrB },
      'reviewerOrgId',
    ],
    ['RiskAssessmentCompleted', 'riskReviewer', {}, { assessorOrgId: org.samrB }, 'assessorOrgId'],
  ] as const)(
    'a reviewer cannot attribute its %s to another organization by correcting it',
    async (type, token, own, other, field) => {
      const id = await j.initiate()
      const direct = await j.append(j.client[token], id, type, payload(type, other))
      forbiddenAt(direct, `data.${field}`)
      const recorded = await j.record(j.client[token], id, type, own)
      const res = await correct(j.client[token], id, recorded.eventId, payload(type, other))
      forbiddenAt(res, `data.data.${field}`)
      expect(res.body.permission).toBe(direct.body.permission)
      // A correction that keeps its own organization is accepted.
      const fine = await correct(j.client[token], id, recorded.eventId, payload(type, own))
      expect(fine.status, JSON.stringify(fine.body)).toBe(201)
    },
  )

  it('a role may not correct an event of a type it may not record, even one its organization recorded', async () => {
    // org_transport is both the undertaking unit and (with another token) the executing unit.
    const id = await j.initiate()
    const draft = await j.record(j.client.undertaking, id, 'DraftPrepared')
    await j.record(j.client.organ, id, 'ExecutingUnitAssigned')
    const res = await correct(j.client.executing, id, draft.eventId, payload('DraftPrepared'))
    expect(res.status, JSON.stringify(res.body)).toBe(403)
    expect(res.body.permission).toBe('record DraftPrepared')
    expect((await correct(j.client.undertaking, id, draft.eventId, payload('DraftPrepared'))).status).toBe(201)
  })

  it('correcting a correction is still the 409 of the sequence check, not a 403', async () => {
    const id = await j.initiate()
    const draft = await j.record(j.client.undertaking, id, 'DraftPrepared')
    const fix = await correct(j.client.undertaking, id, draft.eventId, payload('DraftPrepared'))
    const eventId = (fix.body.event as { eventId: string }).eventId
    const res = await correct(j.client.undertaking, id, eventId, payload('DraftPrepared'))
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('cannot-correct-correction')
  })
})

describe('a head written before the state kept the inputs of corrections', () => {
  it('is replayed from the stream on the next append, so the correction applies in full', async () => {
    const { id } = await publishedThenReclassified({ nonDisclosable: true }, 'r')
    const req = await j.record(j.client.undertaking, id, 'LegalityReviewRequested', { reviewBodyId: org.justiceB })
    // The head as the earlier code stored it: no initialFlags, reclassifications or named.
    const db = j.deps.store.db
    const row = await db.selectFrom('streams').select('state').where('stream_id', '=', id).executeTakeFirstOrThrow()
    const { initialFlags: _f, reclassifications: _r, named: _n, ...old } = JSON.parse(row.state) as Data
    await db
      .updateTable('streams')
      .set({ state: JSON.stringify(old) })
      .where('stream_id', '=', id)
      .execute()

    const fix = await correct(j.client.undertaking, id, req.eventId, payload('LegalityReviewRequested'))
    expect(fix.status, JSON.stringify(fix.body)).toBe(201)
    const title = await correct(j.client.organ, id, await initiationOf(id), initiationData({ title: '标题（更正）' }))
    expect(title.status, JSON.stringify(title.body)).toBe(201)
    expect(await publicStatus(id)).toBe(404)
    const res = await j.append(
      j.client.legality,
      id,
      'LegalityReviewOpinionIssued',
      payload('LegalityReviewOpinionIssued'),
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
  })
})

describe('a corrected initiation’s rulebook (rules.md §1)', () => {
  it('is the one the reports use from the correction on, and the decision shows it', async () => {
    const id = await j.initiate()
    const before = (await j.admin.get(`/v1/decisions/${id}/compliance`)).body
    expect(before.rulebook).toMatchObject({ id: 'cn-713' })
    const recordedBefore = j.clock.now().toISOString()
    j.clock.advance(60_000)
    const res = await correct(
      j.client.organ,
      id,
      await initiationOf(id),
      { ...payload('DecisionInitiated'), rulebook: 'cn-shenzhen' },
      '误选规则集',
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.rulebook).toBe('cn-shenzhen')
    const after = (await j.admin.get(`/v1/decisions/${id}/compliance`)).body
    expect(after.rulebook).toMatchObject({ id: 'cn-shenzhen' })
    // As known before the correction was recorded, the report still used the rulebook named then.
    const known = (await j.admin.get(`/v1/decisions/${id}/compliance?knownAt=${encodeURIComponent(recordedBefore)}`))
      .body
    expect(known.rulebook).toMatchObject({ id: 'cn-713' })
  })

  it('a correction that names none puts the decision under the default, the rebuild leaving the same state', async () => {
    const id = await j.initiate({ rulebook: 'cn-shenzhen' })
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.rulebook).toBe('cn-shenzhen')
    const { rulebook: _named, ...withoutRulebook } = payload('DecisionInitiated')
    const res = await correct(j.client.organ, id, await initiationOf(id), withoutRulebook)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await j.admin.get(`/v1/decisions/${id}`)).body.rulebook).toBe('cn-713')
    expect((await j.admin.get(`/v1/decisions/${id}/compliance`)).body.rulebook).toMatchObject({ id: 'cn-713' })
    const head = await j.deps.store.readHead<DecisionState>(id)
    expect(replayDecision(j.deps, await j.deps.store.readStream(id))).toEqual(head?.state)
  })

  it('must be a loaded one: a correction naming another is refused at its field, and nothing is stored', async () => {
    const id = await j.initiate()
    const before = await j.snapshot(id)
    const res = await correct(j.client.organ, id, await initiationOf(id), {
      ...payload('DecisionInitiated'),
      rulebook: 'cn-atlantis',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body.code).toBe('unknown-reference')
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['data.data.rulebook'])
    expect(await j.snapshot(id)).toEqual(before)
  })
})

describe('a correction of the initiation naming a rulebook not yet in force on its date', () => {
  it('is refused at its field, and nothing is stored', async () => {
    const data = payload('DecisionInitiated')
    const created = await j.client.organ.post('/v1/decisions', {
      occurredAt: '2020-08-20T09:00:00+08:00',
      data,
      evidence: evidenceFor(data),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.decisionId as string
    const before = await j.snapshot(id)
    // cn-shanghai is in force from 2020-09-01.
    const res = await correct(j.client.organ, id, await initiationOf(id), { ...data, rulebook: 'cn-shanghai' })
    expect(res.status, JSON.stringify(res.body)).toBe(400)
    expect(res.body.code).toBe('unknown-reference')
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['data.data.rulebook'])
    expect(await j.snapshot(id)).toEqual(before)
  })
})

describe('the state shows what a corrected meeting or adjustment decided (README principle 2)', () => {
  const stateOf = async (id: string) => (await j.admin.get(`/v1/decisions/${id}`)).body
  const sameAsRebuild = async (id: string) => {
    const head = await j.deps.store.readHead<DecisionState>(id)
    expect(replayDecision(j.deps, await j.deps.store.readStream(id))).toEqual(head?.state)
  }

  it('a major adjustment corrected to a minor one: back in cycle 1, the outcome kept', async () => {
    const id = await j.initiate()
    await j.record(j.client.organ, id, 'CollectiveDiscussionHeld', { outcome: 'approve' })
    const adjusted = await j.record(j.client.organ, id, 'DecisionAdjusted', { major: true })
    expect(await stateOf(id)).toMatchObject({ cycle: 2, phase: 'drafting' })
    expect((await stateOf(id)).outcome).toBeNull()
    const res = await correct(j.client.organ, id, adjusted.eventId, { ...(adjusted.data as Data), major: false })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(await stateOf(id)).toMatchObject({ cycle: 1, outcome: 'approve' })
    expect((await j.admin.get(`/v1/decisions/${id}/compliance`)).body.cycles).toHaveLength(1)
    await sameAsRebuild(id)
  })

  it("a meeting's outcome corrected from approve to reject; the latest correction wins", async () => {
    const id = await j.initiate()
    const meeting = await j.record(j.client.organ, id, 'CollectiveDiscussionHeld', { outcome: 'approve' })
    await j.record(j.client.undertaking, id, 'DraftRevised')
    expect(
      (await correct(j.client.organ, id, meeting.eventId, { ...(meeting.data as Data), outcome: 'reject' })).status,
    ).toBe(201)
    expect((await stateOf(id)).outcome).toBe('reject')
    expect(
      (await correct(j.client.organ, id, meeting.eventId, { ...(meeting.data as Data), outcome: 'amend' })).status,
    ).toBe(201)
    expect((await stateOf(id)).outcome).toBe('amend')
    await sameAsRebuild(id)
  })
})
