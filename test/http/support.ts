// A small jurisdiction on top of createTestApp: two provincial trees (A: the fare scenario's
// city and its departments; B: an unrelated city), people, positions and one token per role and
// side, plus helpers that initiate decisions and append valid events taken from the fixtures.
import { expect } from 'vitest'
import type { Role } from '../../src/domain/envelope'
import type { DecisionEventType } from '../../src/domain/events'
import { evidenceFor, ids, validPayloads } from '../fixtures/events'
import { createTestApp, type TestApp } from '../support/app'

/** Organization tree A reuses the fixture ids, so fixture payloads need no substitution. */
export const org = {
  province: 'org_province',
  city: ids.city,
  transport: ids.transport,
  finance: ids.finance,
  housing: ids.housing,
  justice: ids.justice,
  transportLegal: ids.transportLegal,
  samr: ids.samr,
  assessor: ids.assessor,
  evaluator: ids.evaluator,
  provinceB: 'org_province_b',
  cityB: 'org_city_b',
  worksB: 'org_works_b',
  justiceB: 'org_justice_b',
  samrB: 'org_samr_b',
} as const

const ORGS: Array<{ id: string; name: string; kind: string; parentId?: string | null }> = [
  { id: org.province, name: '某省人民政府', kind: 'government', parentId: null },
  { id: org.city, name: '某市人民政府', kind: 'government', parentId: org.province },
  { id: org.transport, name: '某市交通运输局', kind: 'department', parentId: org.city },
  { id: org.finance, name: '某市财政局', kind: 'department', parentId: org.city },
  { id: org.housing, name: '某市住房和城乡建设局', kind: 'department', parentId: org.city },
  { id: org.justice, name: '某市司法局', kind: 'legality_review_body', parentId: org.city },
  { id: org.transportLegal, name: '某市交通运输局法制科', kind: 'other', parentId: org.transport },
  { id: org.samr, name: '某市市场监督管理局', kind: 'market_regulation', parentId: org.city },
  { id: org.assessor, name: '某社会稳定风险评估研究院', kind: 'institution' },
  { id: org.evaluator, name: '某公共政策评估中心', kind: 'institution' },
  { id: org.provinceB, name: '另一省人民政府', kind: 'government' },
  { id: org.cityB, name: '另一市人民政府', kind: 'government', parentId: org.provinceB },
  { id: org.worksB, name: '另一市城市管理局', kind: 'department', parentId: org.cityB },
  { id: org.justiceB, name: '另一市司法局', kind: 'legality_review_body', parentId: org.cityB },
  { id: org.samrB, name: '另一市市场监督管理局', kind: 'market_regulation', parentId: org.cityB },
]

/** People named by fixture payloads (meeting attendees, experts, liability). */
const FIXTURE_PEOPLE = [ids.mayor, ids.vm1, ids.vm2, ids.vm3, ids.secgen, ids.director, ids.expertA]

/** One token per role and side. `own` tokens have a part in city A's decisions; others do not. */
export const TOKENS = {
  organ: { role: 'organ_office', orgId: org.city },
  organB: { role: 'organ_office', orgId: org.cityB },
  undertaking: { role: 'undertaking', orgId: org.transport },
  coUndertaking: { role: 'undertaking', orgId: org.finance },
  undertakingB: { role: 'undertaking', orgId: org.worksB },
  legality: { role: 'legality_reviewer', orgId: org.justice },
  legalityB: { role: 'legality_reviewer', orgId: org.justiceB },
  riskReviewer: { role: 'reviewer', orgId: org.assessor },
  fcReviewer: { role: 'reviewer', orgId: org.samr },
  reviewerB: { role: 'reviewer', orgId: org.samrB },
  executing: { role: 'executing', orgId: org.transport },
  executingOther: { role: 'executing', orgId: org.housing },
  inspector: { role: 'inspector', orgId: org.province },
  inspectorB: { role: 'inspector', orgId: org.provinceB },
  /** An inspector below the province: city A's subtree, not the province above it. */
  inspectorCity: { role: 'inspector', orgId: org.city },
  /** An inspector at a department of city A (an audit office, say): city A's government's subtree. */
  inspectorDept: { role: 'inspector', orgId: org.finance },
  organProvince: { role: 'organ_office', orgId: org.province },
} as const satisfies Record<string, { role: Exclude<Role, 'admin' | 'public'>; orgId: string }>
export type TokenName = keyof typeof TOKENS

/** A past instant, well before the test clock (2026-11-20T02:00Z). */
export const OCCURRED = '2026-11-19T09:00:00+08:00'

type Data = Record<string, unknown>
type Client = TestApp['admin']

/** A deep copy of the fixture payload with its references to other events removed. */
export function payload(type: DecisionEventType, patch: Data = {}): Data {
  const data = structuredClone(validPayloads[type]) as Data
  if (type === 'DraftRevised') delete data.respondsTo
  if (type === 'DecisionSuspended') delete data.groundEventId
  if (type === 'DecisionAdjusted') delete data.basisEventId
  if (type === 'DecisionTerminated') delete data.meetingEventId
  if (type === 'InspectionFindingRecorded') data.eventIds = []
  return { ...data, ...patch }
}

/** An append body whose evidence lists exactly the documents the payload references. */
export function eventBody(type: string, data: Data, extra: Data = {}): Data {
  return { type, occurredAt: OCCURRED, data, evidence: evidenceFor(data), ...extra }
}

/** The DecisionInitiated payload of a decision of city B (undertaken by its works bureau). */
export function cityBInitiation(patch: Data = {}): Data {
  const { coUnitIds: _co, ...rest } = payload('DecisionInitiated')
  return { ...rest, title: '关于另一市占道经营管理的决策', organId: org.cityB, undertakingUnitId: org.worksB, ...patch }
}

export async function createJurisdiction(opts: Parameters<typeof createTestApp>[0] = {}) {
  const t = await createTestApp(opts)
  for (const o of ORGS) expect((await t.admin.post('/v1/organizations', o)).status).toBe(201)
  for (const id of FIXTURE_PEOPLE)
    expect((await t.admin.post('/v1/people', { id, name: id.slice(4) })).status).toBe(201)
  const mayorPos = await t.admin.post(`/v1/people/${ids.mayor}/positions`, {
    orgId: org.city,
    title: '市长',
    capacity: 'head',
    from: '2023-01-01',
  })
  expect(mayorPos.status).toBe(201)

  const secrets = {} as Record<TokenName, string>
  const tokenIds = {} as Record<TokenName, string>
  for (const [name, spec] of Object.entries(TOKENS) as Array<[TokenName, (typeof TOKENS)[TokenName]]>) {
    const personId = `per_staff_${name}`
    expect((await t.admin.post('/v1/people', { id: personId, name: `staff ${name}` })).status).toBe(201)
    const res = await t.admin.post('/v1/tokens', { personId, orgId: spec.orgId, role: spec.role })
    expect(res.status).toBe(201)
    secrets[name] = res.body.token as string
    tokenIds[name] = res.body.id as string
  }
  const client = {} as Record<TokenName, Client>
  for (const name of Object.keys(TOKENS) as TokenName[]) client[name] = t.as(secrets[name])

  /** Initiates a decision (city A by default) and returns its id. */
  async function initiate(
    patch: Data = {},
    by: Client = client.organ,
    base: Data = payload('DecisionInitiated'),
  ): Promise<string> {
    const data = { ...base, ...patch }
    const res = await by.post('/v1/decisions', { occurredAt: OCCURRED, data, evidence: evidenceFor(data) })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.decisionId as string
  }
  async function initiateB(patch: Data = {}): Promise<string> {
    return initiate({}, client.organB, cityBInitiation(patch))
  }

  /** POSTs an event; returns the raw response. */
  const append = (
    by: Client,
    decisionId: string,
    type: string,
    data: Data,
    extra: Data = {},
    headers: Record<string, string> = {},
  ) => by.post(`/v1/decisions/${decisionId}/events`, eventBody(type, data, extra), headers)

  /** Appends an event that must be accepted; returns the stored event. */
  async function record(
    by: Client,
    decisionId: string,
    type: DecisionEventType,
    patch: Data = {},
  ): Promise<Data & { eventId: string; version: number }> {
    const res = await append(by, decisionId, type, payload(type, patch))
    expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(201)
    return res.body.event as Data & { eventId: string; version: number }
  }

  /** Stream version and feed length, to show that a refused request stored nothing. */
  async function snapshot(
    decisionId?: string,
  ): Promise<{ version: number | undefined; feed: number; lastPosition: number }> {
    let count = 0
    let lastPosition = 0
    let cursor: string | null = '0'
    while (cursor !== null) {
      const feed = await t.admin.get(`/v1/events?limit=500&after=${cursor}`)
      const items = feed.body.items as Array<{ position: number }>
      count += items.length
      lastPosition = items[items.length - 1]?.position ?? lastPosition
      cursor = feed.body.nextCursor as string | null
    }
    let version: number | undefined
    if (decisionId) version = (await t.admin.get(`/v1/decisions/${decisionId}`)).body.version as number
    return { version, feed: count, lastPosition }
  }

  return {
    ...t,
    secrets,
    tokenIds,
    client,
    public: t.as(undefined),
    mayorPositionId: mayorPos.body.positionId as string,
    initiate,
    initiateB,
    append,
    record,
    snapshot,
  }
}

export type Jurisdiction = Awaited<ReturnType<typeof createJurisdiction>>
