// Reading, through the HTTP API: each role reads the decisions it has a part in (domain.md §5),
// gets 403 on others (the public 404 for undisclosed ones), and lists only what it may read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction, payload, type TokenName } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

const clientOf = (name: TokenName | 'admin' | 'public') =>
  name === 'admin' ? j.admin : name === 'public' ? j.public : j.client[name]

describe('reading: each role reads the decisions it has a part in', () => {
  let full: string
  let cityB: string
  let published: string
  let secret: string
  beforeAll(async () => {
    const c = j.client
    full = await j.initiate({ title: '全流程决策' })
    await j.record(c.undertaking, full, 'LegalityReviewRequested')
    await j.record(c.riskReviewer, full, 'RiskAssessmentCompleted')
    await j.record(c.fcReviewer, full, 'FairCompetitionReviewCompleted')
    await j.record(c.organ, full, 'ExecutingUnitAssigned')
    cityB = await j.initiateB()
    published = await j.initiate({ title: '已公开决策' })
    await j.record(c.organ, published, 'DecisionPublished')
    secret = await j.initiate({
      title: '不予公开决策',
      flags: { ...(payload('DecisionInitiated').flags as object), nonDisclosable: true },
    })
    await j.record(c.organ, secret, 'DecisionPublished')
  })

  const READS: Array<{ who: TokenName | 'admin' | 'public'; status: number }> = [
    { who: 'admin', status: 200 },
    { who: 'organ', status: 200 },
    { who: 'organB', status: 403 },
    { who: 'undertaking', status: 200 },
    { who: 'coUndertaking', status: 200 },
    { who: 'undertakingB', status: 403 },
    { who: 'legality', status: 200 },
    { who: 'legalityB', status: 403 },
    { who: 'riskReviewer', status: 200 },
    { who: 'fcReviewer', status: 200 },
    { who: 'reviewerB', status: 403 },
    { who: 'executing', status: 200 },
    { who: 'executingOther', status: 403 },
    { who: 'inspector', status: 200 },
    { who: 'inspectorCity', status: 200 },
    { who: 'inspectorDept', status: 200 },
    { who: 'inspectorB', status: 403 },
    { who: 'organProvince', status: 403 },
    { who: 'public', status: 404 },
  ]
  it.each(READS)('$who reads the decision and its events → $status', async ({ who, status }) => {
    const client = clientOf(who)
    const state = await client.get(`/v1/decisions/${full}`)
    expect(state.status, JSON.stringify(state.body)).toBe(status)
    const events = await client.get(`/v1/decisions/${full}/events`)
    expect(events.status).toBe(status)
    if (status === 200) {
      expect(state.body.decisionId).toBe(full)
      expect((events.body.items as unknown[]).length).toBe(5)
    } else {
      expect(state.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(state.body.code).toBe(status === 404 ? 'not-found' : 'forbidden')
    }
  })

  it('inspectors read non-disclosable decisions in their jurisdiction; the public does not', async () => {
    expect((await j.client.inspector.get(`/v1/decisions/${secret}`)).status).toBe(200)
    expect((await j.public.get(`/v1/decisions/${secret}`)).status).toBe(404)
    expect((await j.public.get(`/v1/decisions/${published}`)).status).toBe(200)
  })

  const LISTS: Array<{ who: TokenName | 'admin' | 'public'; sees: Array<'full' | 'cityB' | 'published' | 'secret'> }> =
    [
      { who: 'admin', sees: ['full', 'cityB', 'published', 'secret'] },
      { who: 'organ', sees: ['full', 'published', 'secret'] },
      { who: 'organB', sees: ['cityB'] },
      { who: 'undertaking', sees: ['full', 'published', 'secret'] },
      { who: 'coUndertaking', sees: ['full', 'published', 'secret'] },
      { who: 'undertakingB', sees: ['cityB'] },
      { who: 'legality', sees: ['full'] },
      { who: 'legalityB', sees: [] },
      { who: 'riskReviewer', sees: ['full'] },
      { who: 'reviewerB', sees: [] },
      { who: 'executing', sees: ['full'] },
      { who: 'executingOther', sees: [] },
      { who: 'inspector', sees: ['full', 'published', 'secret'] },
      { who: 'inspectorB', sees: ['cityB'] },
      { who: 'public', sees: ['published'] },
    ]
  it.each(LISTS)('the decision list of $who shows only $sees', async ({ who, sees }) => {
    const ids = { full, cityB, published, secret }
    const mine = new Set(Object.values(ids))
    const res = await clientOf(who).get('/v1/decisions?limit=500')
    expect(res.status).toBe(200)
    // Only this block's decisions: the matrix above created many more in city A.
    const listed = (res.body.items as Array<{ decisionId: string }>)
      .map((i) => i.decisionId)
      .filter((id) => mine.has(id))
    expect(listed.sort()).toEqual(sees.map((k) => ids[k]).sort())
  })

  it('no token acts as the public; a bad or malformed token is 401', async () => {
    expect((await j.public.get(`/v1/decisions/${full}`)).status).toBe(404)
    const bad = await j.as('dt_AAAAAAAAAAAA_notarealsecretnotarealsecret').get(`/v1/decisions/${full}`)
    expect(bad.status).toBe(401)
    expect(bad.body.code).toBe('token-invalid')
    expect(bad.headers.get('www-authenticate')).toBe('Bearer')
    const garbage = await j.as('nope').get('/v1/decisions')
    expect(garbage.status).toBe(401)
    const basic = await j.call('GET', '/v1/decisions', undefined, { authorization: 'Basic YTpi' })
    expect(basic.status).toBe(401)
    expect(basic.body.code).toBe('unauthenticated')
  })

  it('the public may not read the global feed', async () => {
    expect((await j.public.get('/v1/events')).status).toBe(403)
  })
})
