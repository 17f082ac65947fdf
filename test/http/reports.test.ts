// The organ compliance report (GET /v1/reports/compliance) and the decision list's status filter,
// both read from the compliance projection: exact counts on a small set of decisions, CSV, role
// access, and a deadline passing with no new event changing a status (the test clock moves).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OrganReport, reportCsv } from '../../src/app/reports'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, org, payload, type TokenName } from './support'

let j: Jurisdiction
const ids = {} as Record<'compliant' | 'unreviewed' | 'dueSoon' | 'overdue' | 'fresh' | 'october' | 'cityB', string>

const noFlags = () =>
  Object.fromEntries(Object.keys(payload('DecisionInitiated').flags as object).map((k) => [k, false]))
/** A decision with no classification flag set, no co-undertaking unit and no due date unless given. */
const plain = (title: string, patch: Record<string, unknown> = {}) => ({
  title,
  decisionDueBy: undefined,
  coUnitIds: undefined,
  flags: { ...noFlags(), nonDisclosable: true },
  ...patch,
})

beforeAll(async () => {
  j = await createJurisdiction()
  const c = j.client
  const pkg = payload('SubmittedForDiscussion').package as Record<string, unknown>

  // Compliant: reviewed, submitted, discussed (rejected) and archived with every document.
  ids.compliant = await j.initiate(plain('合规决策'))
  await j.record(c.undertaking, ids.compliant, 'LegalityReviewRequested')
  await j.record(c.legality, ids.compliant, 'LegalityReviewOpinionIssued', {
    conclusion: 'lawful',
    requiredChanges: undefined,
  })
  await j.record(c.undertaking, ids.compliant, 'SubmittedForDiscussion', {
    package: { draft: pkg.draft, legalityOpinion: pkg.legalityOpinion },
  })
  await j.record(c.organ, ids.compliant, 'CollectiveDiscussionHeld', { outcome: 'reject' })
  const stream = await j.admin.get(`/v1/decisions/${ids.compliant}/events`)
  const items = (stream.body.items as Array<{ evidence: Array<{ name: string; sha256: string }> }>).flatMap((e) =>
    e.evidence.map((d) => ({ name: d.name, sha256: d.sha256 })),
  )
  await j.record(c.organ, ids.compliant, 'DecisionArchived', { items })

  // Noncompliant: discussed with no legality review and no submission.
  ids.unreviewed = await j.initiate(plain('未经合法性审查的决策'))
  await j.record(c.organ, ids.unreviewed, 'CollectiveDiscussionHeld', { outcome: 'reject' })

  // In progress until its due date (2026-11-25) passes with no outcome (久拖不决).
  ids.dueSoon = await j.initiate(plain('即将到期的决策', { decisionDueBy: '2026-11-25' }))
  // Noncompliant: already past its due date; an inspector's finding, resolved.
  ids.overdue = await j.initiate(plain('久拖不决的决策', { decisionDueBy: '2026-10-31' }))
  await j.record(c.inspector, ids.overdue, 'InspectionFindingRecorded', { code: 'decision-delayed' })
  await j.record(c.inspector, ids.overdue, 'FindingResolved')
  // In progress: public participation still to come.
  ids.fresh = await j.initiate(plain('刚启动的决策', { flags: noFlags() }))

  // Outside the period, and another organ.
  const data = { ...payload('DecisionInitiated'), ...plain('十月的决策') }
  const oct = await c.organ.post('/v1/decisions', {
    occurredAt: '2026-10-10T09:00:00+08:00',
    data,
    evidence: evidenceFor(data),
  })
  expect(oct.status).toBe(201)
  ids.october = oct.body.decisionId as string
  ids.cityB = await j.initiateB(plain('另一市的决策', { organId: org.cityB, undertakingUnitId: org.worksB }))
})
afterAll(() => j.close())

const NOV = 'organId=org_city&from=2026-11-01&to=2026-11-30'
type Report = {
  decisionCount: number
  statusCounts: Record<string, number>
  obligations: Array<{ obligation: string } & Record<string, number | null>>
  findings: Array<{ code: string; severity: string; open: number; resolved: number }>
  decisions: Array<{ decisionId: string; status: string; openFindings: string[]; rulebook: unknown }>
}

describe('GET /v1/reports/compliance', () => {
  it('counts statuses, obligation states and findings over the organ’s decisions of the period', async () => {
    const res = await j.admin.get(`/v1/reports/compliance?${NOV}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const r = res.body as unknown as Report
    expect(r.decisionCount).toBe(5)
    expect(r.statusCounts).toEqual({ compliant: 1, in_progress: 2, noncompliant: 2 })
    const ob = Object.fromEntries(r.obligations.map(({ obligation, ...rest }) => [obligation, rest]))
    expect(ob.legality_review).toEqual({
      done: 1,
      missing: 1,
      pending: 3,
      not_applicable: 0,
      completionRate: 0.5,
    })
    // One decision is past its decisionDueBy with no meeting: missing, not pending (rules.md §3).
    expect(ob.collective_discussion).toEqual({
      done: 2,
      missing: 1,
      pending: 2,
      not_applicable: 0,
      completionRate: 0.6667,
    })
    expect(ob.public_participation).toEqual({
      done: 0,
      missing: 0,
      pending: 1,
      not_applicable: 4,
      completionRate: null,
    })
    // Archiving is owed by every decision (pending until an outcome is archived).
    expect(ob.archiving).toMatchObject({ done: 1, pending: 4, not_applicable: 0 })
    expect(r.obligations.map((o) => o.obligation)).toHaveLength(17)
    const byCode = Object.fromEntries(r.findings.map((f) => [`${f.code}/${f.severity}`, [f.open, f.resolved]]))
    expect(byCode['decision-delayed/major']).toEqual([1, 1])
    expect(byCode['legality-review-missing/blocking']).toEqual([1, 0])
    expect(byCode['submission-missing/major']).toEqual([1, 0])
    const status = Object.fromEntries(r.decisions.map((d) => [d.decisionId, d.status]))
    expect(status).toEqual({
      [ids.compliant]: 'compliant',
      [ids.unreviewed]: 'noncompliant',
      [ids.dueSoon]: 'in_progress',
      [ids.overdue]: 'noncompliant',
      [ids.fresh]: 'in_progress',
    })
    const overdue = r.decisions.find((d) => d.decisionId === ids.overdue)
    expect(overdue?.openFindings).toEqual(['decision-delayed'])
    expect(overdue?.rulebook).toEqual({ id: 'cn-713', version: 1 })
  })

  it('the period is the initiation date, inclusive; without one every decision of the organ counts', async () => {
    const oct = (await j.admin.get('/v1/reports/compliance?organId=org_city&from=2026-10-10&to=2026-10-10'))
      .body as unknown as Report
    expect(oct.decisions.map((d) => d.decisionId)).toEqual([ids.october])
    const all = (await j.admin.get('/v1/reports/compliance?organId=org_city')).body as unknown as Report
    expect(all.decisionCount).toBe(6)
    const b = (await j.admin.get('/v1/reports/compliance?organId=org_city_b')).body as unknown as Report
    expect(b.decisions.map((d) => d.decisionId)).toEqual([ids.cityB])
  })

  it('CSV: a BOM, a header and one row per decision with its status and open finding codes', async () => {
    const res = await j.app.request(`/v1/reports/compliance?${NOV}&format=csv`, {
      headers: { authorization: 'Bearer test-admin-secret' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toContain('compliance-org_city-2026-11-01-2026-11-30.csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    const [decisions, organ, obligations, findings, ...rest] = text
      .slice(1)
      .trimEnd()
      .split('\r\n\r\n')
      .map((table) => table.split('\r\n'))
    expect(rest).toEqual([])
    const lines = decisions ?? []
    expect(lines[0]).toBe('decisionId,title,initiatedDate,status,rulebook,openFindings')
    expect(lines).toHaveLength(6)
    // Then the organ's counts, as the JSON gives them (api.md §3).
    const json = (await j.admin.get(`/v1/reports/compliance?${NOV}`)).body as unknown as Report
    const counts = json.statusCounts as Record<string, number>
    expect(organ).toEqual([
      'organId,organName,from,to,asOf,decisions,compliant,in_progress,noncompliant',
      expect.stringMatching(
        new RegExp(
          `^org_city,[^,]+,2026-11-01,2026-11-30,[^,]+,5,${counts.compliant},${counts.in_progress},${counts.noncompliant}$`,
        ),
      ),
    ])
    expect(obligations?.[0]).toBe('obligation,done,missing,pending,not_applicable,completionRate')
    expect(obligations).toHaveLength(1 + (json.obligations as unknown[]).length)
    expect(findings?.[0]).toBe('findingCode,severity,open,resolved')
    expect(findings?.slice(1)).toEqual(
      (json.findings as Array<{ code: string; severity: string; open: number; resolved: number }>).map(
        (f) => `${f.code},${f.severity},${f.open},${f.resolved}`,
      ),
    )
    expect(findings?.some((f) => f.startsWith('decision-delayed,major,'))).toBe(true)
    expect(lines).toContain(`${ids.overdue},久拖不决的决策,2026-11-19,noncompliant,cn-713 v1,decision-delayed`)
    // A warning stays open without making the decision noncompliant (rules.md §4).
    expect(lines).toContain(`${ids.compliant},合规决策,2026-11-19,compliant,cn-713 v1,legality-review-time-too-short`)
    expect(lines).toContain(`${ids.fresh},刚启动的决策,2026-11-19,in_progress,cn-713 v1,`)
  })

  const ACCESS: Array<{ who: TokenName | 'admin' | 'public'; organ: string; status: number }> = [
    { who: 'admin', organ: org.city, status: 200 },
    { who: 'organ', organ: org.city, status: 200 },
    { who: 'organ', organ: org.cityB, status: 403 },
    { who: 'organB', organ: org.city, status: 403 },
    { who: 'inspector', organ: org.city, status: 200 },
    { who: 'inspector', organ: org.cityB, status: 403 },
    { who: 'inspectorCity', organ: org.city, status: 200 },
    { who: 'inspectorCity', organ: org.province, status: 403 },
    // A department's inspector reads its government's subtree: the city's, not the province's.
    { who: 'inspectorDept', organ: org.city, status: 200 },
    { who: 'inspectorDept', organ: org.province, status: 403 },
    { who: 'inspectorDept', organ: org.cityB, status: 403 },
    { who: 'inspectorB', organ: org.cityB, status: 200 },
    { who: 'undertaking', organ: org.city, status: 403 },
    { who: 'legality', organ: org.city, status: 403 },
    { who: 'executing', organ: org.city, status: 403 },
    { who: 'public', organ: org.city, status: 403 },
  ]
  it.each(ACCESS)('$who reads the report of $organ → $status', async ({ who, organ, status }) => {
    const client = who === 'admin' ? j.admin : who === 'public' ? j.public : j.client[who]
    const res = await client.get(`/v1/reports/compliance?organId=${organ}`)
    expect(res.status, JSON.stringify(res.body)).toBe(status)
  })

  it.each([
    ['no organ', '', 400],
    ['a bad date', 'organId=org_city&from=2026-13-01', 400],
    ['from after to', 'organId=org_city&from=2026-11-30&to=2026-11-01', 400],
    ['an unknown format', 'organId=org_city&format=xml', 400],
    ['an unknown parameter', 'organId=org_city&organ=x', 400],
    ['an unknown organ', 'organId=org_nowhere', 404],
  ])('refuses %s', async (_what, query, status) => {
    const res = await j.admin.get(`/v1/reports/compliance?${query}`)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  // api.md §2: 404 for an unknown entity, whoever asks (the directory is readable by every role).
  it.each(['inspector', 'inspectorB', 'organ'] as const)('an unknown organ is 404 for %s too', async (who) => {
    const res = await j.client[who].get('/v1/reports/compliance?organId=org_nowhere&format=csv')
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ code: 'not-found' })
  })
})

describe('GET /v1/decisions?status=', () => {
  const listed = async (query: string, who: TokenName | 'admin' = 'admin') => {
    const client = who === 'admin' ? j.admin : j.client[who]
    const res = await client.get(`/v1/decisions?limit=500&${query}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.items as Array<{ decisionId: string; status: string }>
  }

  it('filters by the projected status and shows it on every item', async () => {
    expect((await listed('status=compliant')).map((d) => d.decisionId)).toEqual([ids.compliant])
    expect(new Set((await listed('status=noncompliant&organId=org_city')).map((d) => d.decisionId))).toEqual(
      new Set([ids.unreviewed, ids.overdue]),
    )
    const all = await listed('')
    expect(all.every((d) => ['compliant', 'in_progress', 'noncompliant'].includes(d.status))).toBe(true)
    // Visibility still applies: city B's office sees only its own.
    expect((await listed('status=in_progress', 'organB')).map((d) => d.decisionId)).toEqual([ids.cityB])
  })

  it('refuses an unknown status (400)', async () => {
    expect((await j.admin.get('/v1/decisions?status=late')).status).toBe(400)
  })

  it('does not show the public a compliance status', async () => {
    const res = await j.public.get('/v1/public/decisions')
    for (const item of res.body.items as Array<Record<string, unknown>>) expect(item).not.toHaveProperty('status')
  })
})

describe('a deadline passing with no new event', () => {
  it('changes the status in the report and the list, as of now', async () => {
    const before = (await j.admin.get(`/v1/reports/compliance?${NOV}`)).body as unknown as Report
    expect(before.decisions.find((d) => d.decisionId === ids.dueSoon)?.status).toBe('in_progress')
    const row = await j.deps.store.db
      .selectFrom('decision_compliance')
      .select(['valid_until', 'stream_version'])
      .where('decision_id', '=', ids.dueSoon)
      .executeTakeFirstOrThrow()
    // The day after 2026-11-25 begins at midnight in Shanghai.
    expect(row.valid_until).toBe('2026-11-25T16:00:00.000Z')

    j.clock.set('2026-11-25T15:59:59.999Z')
    expect((await listed()).find((d) => d.decisionId === ids.dueSoon)?.status).toBe('in_progress')

    j.clock.set('2026-11-25T16:00:00.000Z')
    const after = (await j.admin.get(`/v1/reports/compliance?${NOV}`)).body as unknown as Report
    expect(after.statusCounts).toEqual({ compliant: 1, in_progress: 1, noncompliant: 3 })
    const due = after.decisions.find((d) => d.decisionId === ids.dueSoon)
    expect(due).toMatchObject({ status: 'noncompliant', openFindings: ['decision-delayed'] })
    expect(after.findings.find((f) => f.code === 'decision-delayed' && f.severity === 'major')).toMatchObject({
      open: 2,
      resolved: 1,
    })
    expect((await listed()).find((d) => d.decisionId === ids.dueSoon)?.status).toBe('noncompliant')
    // The refresh wrote the row (no event was appended) and nothing more is due on the clock.
    const refreshed = await j.deps.store.db
      .selectFrom('decision_compliance')
      .select(['valid_until', 'stream_version', 'evaluated_at'])
      .where('decision_id', '=', ids.dueSoon)
      .executeTakeFirstOrThrow()
    expect(refreshed).toEqual({
      valid_until: null,
      stream_version: row.stream_version,
      evaluated_at: '2026-11-25T16:00:00.000Z',
    })
    // Same as the per-decision report evaluated now.
    const direct = await j.admin.get(`/v1/decisions/${ids.dueSoon}/compliance`)
    expect(direct.body.status).toBe('noncompliant')
  })

  async function listed() {
    return (await j.admin.get('/v1/decisions?limit=500')).body.items as Array<{ decisionId: string; status: string }>
  }
})

describe('reportCsv', () => {
  it('quotes and defuses cells; the organ counts follow the decisions, each table after an empty line', () => {
    const report = {
      decisions: [
        {
          decisionId: 'dec_1',
          title: '关于"票价",调整\n的决策',
          initiatedDate: '2026-11-19',
          status: 'noncompliant',
          rulebook: { id: 'cn-713', version: 1 },
          openFindings: ['hearing-missing', 'publication-late'],
        },
        {
          decisionId: 'dec_2',
          title: '=HYPERLINK("http://x")',
          initiatedDate: '2026-11-19',
          status: 'unevaluated',
          rulebook: { id: 'cn-713', version: null },
          openFindings: [],
        },
      ],
      organId: 'org_city',
      organName: '某市人民政府',
      from: null,
      to: '2026-11-30',
      asOf: '2026-11-30T16:00:00.000Z',
      decisionCount: 2,
      statusCounts: { compliant: 0, in_progress: 0, noncompliant: 1, unevaluated: 1 },
      obligations: [{ obligation: 'hearing', done: 0, missing: 1, pending: 0, not_applicable: 1, completionRate: 0 }],
      findings: [{ code: 'hearing-missing', severity: 'major', open: 1, resolved: 0 }],
    } as unknown as OrganReport
    expect(reportCsv(report)).toBe(
      '\uFEFFdecisionId,title,initiatedDate,status,rulebook,openFindings\r\n' +
        'dec_1,"关于""票价"",调整\n的决策",2026-11-19,noncompliant,cn-713 v1,hearing-missing publication-late\r\n' +
        `dec_2,"'=HYPERLINK(""http://x"")",2026-11-19,unevaluated,cn-713,\r\n` +
        '\r\norganId,organName,from,to,asOf,decisions,compliant,in_progress,noncompliant,unevaluated\r\n' +
        'org_city,某市人民政府,,2026-11-30,2026-11-30T16:00:00.000Z,2,0,0,1,1\r\n' +
        '\r\nobligation,done,missing,pending,not_applicable,completionRate\r\n' +
        'hearing,0,1,0,1,0\r\n' +
        '\r\nfindingCode,severity,open,resolved\r\n' +
        'hearing-missing,major,1,0\r\n',
    )
  })
})
