// Accountability over HTTP (rules.md §5, Art. 38): heads replaced, handlers who moved, several
// decisions for one person, dissent with and without a serious error, undue delay, the dossier.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { PersonTrail } from '../../src/accountability/person-trail'
import { personTrailCsv } from '../../src/app/accountability'
import { createTestApp, type TestApp } from '../support/app'

const sha = (name: string) => createHash('sha256').update(name).digest('hex')
const doc = (name: string) => ({ name, sha256: sha(name) })

async function jurisdiction(t: TestApp) {
  const post = async (path: string, body: unknown) => {
    const r = await t.admin.post(path, body)
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
    return r.body
  }
  await post('/v1/organizations', { id: 'org_prov', name: '江南省人民政府', kind: 'government' })
  await post('/v1/organizations', { id: 'org_city', name: '江州市人民政府', kind: 'government', parentId: 'org_prov' })
  await post('/v1/organizations', {
    id: 'org_transport',
    name: '江州市交通运输局',
    kind: 'department',
    parentId: 'org_city',
  })
  await post('/v1/organizations', {
    id: 'org_ndrc',
    name: '江州市发展和改革委员会',
    kind: 'department',
    parentId: 'org_city',
  })
  await post('/v1/organizations', {
    id: 'org_justice',
    name: '江州市司法局',
    kind: 'legality_review_body',
    parentId: 'org_city',
  })
  for (const [id, name] of [
    ['per_mayor_a', '陆承远'],
    ['per_mayor_b', '沈嘉禾'],
    ['per_vm1', '韩立群'],
    ['per_vm2', '李副市长'],
    ['per_office', '刘科长'],
    ['per_clerk', '吴宇航'],
    ['per_director', '周局长'],
    ['per_reviewer', '钱审查员'],
    ['per_inspector', '林督查'],
  ]) {
    await post('/v1/people', { id, name })
  }
  const pos = async (person: string, orgId: string, title: string, capacity: string, from: string) =>
    (await post(`/v1/people/${person}/positions`, { orgId, title, capacity, from })).positionId as string
  const mayorA = await pos('per_mayor_a', 'org_city', '市长', 'head', '2023-01-01')
  await pos('per_vm1', 'org_city', '副市长', 'deputy_head', '2023-01-01')
  await pos('per_vm2', 'org_city', '副市长', 'deputy_head', '2023-01-01')
  await pos('per_office', 'org_city', '科长', 'staff', '2023-01-01')
  const clerkTransport = await pos('per_clerk', 'org_transport', '科员', 'staff', '2023-01-01')
  await pos('per_director', 'org_transport', '局长', 'head', '2023-01-01')
  await pos('per_reviewer', 'org_justice', '审查员', 'staff', '2023-01-01')
  await pos('per_inspector', 'org_prov', '督查员', 'staff', '2023-01-01')
  const token = async (personId: string, orgId: string, role: string) =>
    t.as((await post('/v1/tokens', { personId, orgId, role })).token as string)
  return {
    post,
    pos,
    mayorA,
    clerkTransport,
    office: await token('per_office', 'org_city', 'organ_office'),
    unit: await token('per_clerk', 'org_transport', 'undertaking'),
    legal: await token('per_reviewer', 'org_justice', 'legality_reviewer'),
    inspector: await token('per_inspector', 'org_prov', 'inspector'),
  }
}

type J = Awaited<ReturnType<typeof jurisdiction>>

async function decide(
  j: J,
  opts: { title: string; meeting: string; positions: Record<string, string>; head?: string; decisionDueBy?: string },
) {
  const ok = async (p: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const r = await p
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body
  }
  const created = await ok(
    j.office.post('/v1/decisions', {
      occurredAt: '2025-02-10T09:00:00+08:00',
      data: {
        title: opts.title,
        organId: 'org_city',
        undertakingUnitId: 'org_transport',
        category: 'public_policy',
        flags: {},
        ...(opts.decisionDueBy ? { decisionDueBy: opts.decisionDueBy } : {}),
      },
    }),
  )
  const id = created.decisionId as string
  const ev = (
    token: J['office'],
    type: string,
    occurredAt: string,
    data: Record<string, unknown>,
    docs: string[] = [],
  ) =>
    ok(
      token.post(`/v1/decisions/${id}/events`, {
        type,
        occurredAt,
        data,
        evidence: docs.map((d) => ({ ...doc(d), mediaType: 'application/pdf' })),
      }),
    )
  await ev(
    j.unit,
    'DraftPrepared',
    '2025-02-17T09:00:00+08:00',
    { draft: doc(`${id}-draft`), legalBases: ['《价格法》'] },
    [`${id}-draft`],
  )
  await ev(
    j.unit,
    'LegalityReviewRequested',
    '2025-02-20T09:00:00+08:00',
    {
      reviewBodyId: 'org_justice',
      draft: doc(`${id}-draft`),
      legalBases: ['《价格法》'],
      proceduresStatement: doc(`${id}-proc`),
    },
    [`${id}-draft`, `${id}-proc`],
  )
  const head = opts.head ?? 'per_mayor_a'
  const statements = Object.entries(opts.positions).map(([personId, position], i) => ({
    personId,
    order: i + 1,
    position,
  }))
  statements.push({ personId: head, order: statements.length + 1, position: 'support' })
  const meeting = opts.meeting
  const attendees = [...Object.keys(opts.positions), head]
  return {
    id,
    ev,
    /** An inspector's SeriousErrorDetermined (Art. 38(2)), with its basis document. */
    determine: (at: string, kind: 'serious_error' | 'undue_delay', loss: string) =>
      ev(j.inspector, 'SeriousErrorDetermined', at, { kind, loss, basis: doc('basis') }, ['basis']),
    meet: () =>
      ev(
        j.office,
        'CollectiveDiscussionHeld',
        meeting,
        {
          meetingType: 'executive',
          heldAt: meeting,
          membersTotal: attendees.length,
          attendees,
          headId: head,
          statements,
          outcome: 'approve',
          headReasons: '理由',
          minutes: doc(`${id}-minutes`),
        },
        [`${id}-minutes`],
      ),
  }
}

/** A decision due by 2025-03-31 and still undecided on 2025-06-01, whose first steps were recorded in time. */
async function overdue() {
  const t = await createTestApp()
  const j = await jurisdiction(t)
  t.clock.set('2025-02-21T02:00:00Z')
  const d = await decide(j, {
    title: '供地计划',
    meeting: '2026-12-01T15:00:00+08:00',
    positions: {},
    decisionDueBy: '2025-03-31',
  })
  t.clock.set('2025-06-01T02:00:00Z')
  return { t, j, d }
}

interface BacktrackStep {
  eventId: string
  type: string
  recordedBy: { personId: string }
  knownFindings: Array<{ id: string; code: string }>
  newFindings: string[]
}

async function backtrackOf(j: J, id: string) {
  const r = await j.inspector.get(`/v1/decisions/${id}/accountability/backtrack`)
  expect(r.status).toBe(200)
  return { r, steps: r.body.steps as BacktrackStep[] }
}

const trailOf = async (j: J, id: string) =>
  (await j.inspector.get(`/v1/decisions/${id}/accountability`)).body as { people: Array<Record<string, unknown>> }
const personIn = (trail: { people: Array<Record<string, unknown>> }, id: string) =>
  trail.people.find((p) => p.personId === id) as Record<string, unknown> & {
    capacities: string[]
    positions: Array<{ title: string; orgId: string }>
  }

describe('personTrailCsv', () => {
  it('writes a BOM, CRLF rows, lists as one cell, and defuses cells a spreadsheet would run as formulas', () => {
    const trail: PersonTrail = {
      personId: 'per_a',
      name: '张三',
      positions: [],
      decisions: [
        {
          decisionId: 'dec_1',
          title: '=HYPERLINK("http://x")',
          organId: 'org_city',
          capacities: ['head', 'member'],
          stance: 'oppose',
          liability: 'reduced_or_exempted',
          liabilityDeterminations: [],
          findings: ['hearing-missing', 'publication-late'],
          positions: [
            { positionId: 'pos_1', orgId: 'org_city', orgName: '市政府', title: '市长', capacity: 'head', asOf: [] },
          ],
          steps: 2,
          firstStep: '2025-04-20',
          lastStep: undefined,
        },
      ],
    }
    expect(personTrailCsv(trail)).toBe(
      '\uFEFFpersonId,name,decisionId,title,organId,capacities,stance,liability,findings,positionsAtTheTime,firstStep,lastStep\r\n' +
        `per_a,张三,dec_1,"'=HYPERLINK(""http://x"")",org_city,head member,oppose,reduced_or_exempted,hearing-missing publication-late,市政府 市长,2025-04-20,\r\n`,
    )
  })
})

describe('accountability trails', () => {
  it('keeps the head who decided even after a new head took office before publication', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d = await decide(j, {
      title: '票价调整',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'support', per_vm2: 'support' },
    })
    await d.meet()
    await j.post(`/v1/positions/${j.mayorA}/end`, { to: '2025-04-30', reason: '调任' })
    await j.pos('per_mayor_b', 'org_city', '市长', 'head', '2025-05-01')
    await d.ev(
      j.office,
      'DecisionPublished',
      '2025-05-20T09:00:00+08:00',
      { channels: ['gazette', 'gov_website'], publishedAt: '2025-05-20T09:00:00+08:00', document: doc('pub') },
      ['pub'],
    )
    const trail = await trailOf(j, d.id)
    const a = personIn(trail, 'per_mayor_a')
    expect(a.capacities).toContain('head')
    expect(a.positions.map((p) => p.title)).toContain('市长') // held at the time, though since ended
    expect(personIn(trail, 'per_mayor_b')?.capacities ?? []).not.toContain('head')
  })

  it('finds a direct handler who later moved to another department, with the post held then', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d = await decide(j, {
      title: '线网优化',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'support' },
    })
    await j.post(`/v1/positions/${j.clerkTransport}/end`, { to: '2025-06-30', reason: '调任发改委' })
    await j.pos('per_clerk', 'org_ndrc', '副科长', 'staff', '2025-07-01')
    const clerk = personIn(await trailOf(j, d.id), 'per_clerk')
    expect(clerk.capacities).toContain('direct_handler')
    expect(clerk.positions).toEqual([expect.objectContaining({ orgId: 'org_transport', title: '科员' })])
    const director = personIn(await trailOf(j, d.id), 'per_director')
    expect(director.capacities).toContain('responsible_leader')
  })

  it('marks an opposing member reduced_or_exempted only once a serious error is determined', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d = await decide(j, {
      title: '焚烧厂',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'oppose', per_vm2: 'support' },
    })
    await d.meet()
    let vm1 = personIn(await trailOf(j, d.id), 'per_vm1')
    expect(vm1).toMatchObject({ stance: 'oppose', capacities: ['member'] })
    expect(vm1.liability).toBeUndefined()
    await d.determine('2026-03-01T09:00:00+08:00', 'serious_error', '重大损失')
    await d.ev(j.inspector, 'LiabilityDetermined', '2026-03-02T09:00:00+08:00', {
      personId: 'per_mayor_a',
      capacity: 'head',
      outcome: 'pursued',
      reason: '违反程序',
    })
    const trail = await trailOf(j, d.id)
    vm1 = personIn(trail, 'per_vm1')
    expect(vm1.liability).toBe('reduced_or_exempted')
    expect(personIn(trail, 'per_vm2').liability).toBeUndefined()
    expect(personIn(trail, 'per_mayor_a').liabilityDeterminations).toEqual([
      expect.objectContaining({ outcome: 'pursued', capacity: 'head' }),
    ])
  })

  it('reads corrected minutes, keeps the Art. 38(3) mark after a termination, leaves inspectors out', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d = await decide(j, {
      title: '票价结构',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'support', per_vm2: 'support' },
    })
    const meeting = ((await d.meet()).event as { eventId: string }).eventId
    // The minutes were entered wrongly: vm1 opposed.
    const fixed = await d.ev(
      j.office,
      'EventCorrected',
      '2025-04-21T09:00:00+08:00',
      {
        correctsEventId: meeting,
        reason: '会议记录录入错误，韩立群实为反对',
        data: {
          meetingType: 'executive',
          heldAt: '2025-04-20T15:00:00+08:00',
          membersTotal: 3,
          attendees: ['per_vm1', 'per_vm2', 'per_mayor_a'],
          headId: 'per_mayor_a',
          statements: [
            { personId: 'per_vm1', order: 1, position: 'oppose' },
            { personId: 'per_vm2', order: 2, position: 'support' },
            { personId: 'per_mayor_a', order: 3, position: 'support' },
          ],
          outcome: 'approve',
          headReasons: '理由',
          minutes: doc(`${d.id}-minutes`),
        },
      },
      [`${d.id}-minutes`],
    )
    await d.determine('2026-03-01T09:00:00+08:00', 'serious_error', '重大损失')
    // The organ meets again without vm1 and terminates the decision (Art. 37).
    await d.ev(
      j.office,
      'CollectiveDiscussionHeld',
      '2026-03-10T15:00:00+08:00',
      {
        meetingType: 'executive',
        heldAt: '2026-03-10T15:00:00+08:00',
        membersTotal: 3,
        attendees: ['per_vm2', 'per_mayor_a'],
        headId: 'per_mayor_a',
        statements: [
          { personId: 'per_vm2', order: 1, position: 'support' },
          { personId: 'per_mayor_a', order: 2, position: 'support' },
        ],
        outcome: 'terminate',
        minutes: doc(`${d.id}-stop`),
      },
      [`${d.id}-stop`],
    )
    const trail = (await j.inspector.get(`/v1/decisions/${d.id}/accountability`)).body as {
      people: Array<Record<string, unknown>>
      corrections: unknown
    }
    expect(personIn(trail, 'per_vm1')).toMatchObject({ stance: 'oppose', liability: 'reduced_or_exempted' })
    expect(trail.corrections).toEqual([
      { eventId: meeting, correctedBy: (fixed.event as { eventId: string }).eventId, applied: true },
    ])
    expect(personIn(trail, 'per_inspector')).toBeUndefined()
    const r = await j.inspector.get('/v1/people/per_inspector/trail')
    expect((r.body.decisions as Array<{ decisionId: string }>).map((x) => x.decisionId)).not.toContain(d.id)
  })

  it('lists every decision a person took part in, across positions, with CSV export', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d1 = await decide(j, {
      title: '决策一',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'oppose' },
    })
    await d1.meet()
    const d2 = await decide(j, {
      title: '决策二',
      meeting: '2025-05-20T15:00:00+08:00',
      positions: { per_vm1: 'support' },
    })
    await d2.meet()
    const r = await j.inspector.get('/v1/people/per_vm1/trail')
    expect(r.status).toBe(200)
    const decisions = r.body.decisions as Array<{ decisionId: string; stance: string; capacities: string[] }>
    expect(decisions.map((x) => [x.decisionId, x.stance])).toEqual([
      [d1.id, 'oppose'],
      [d2.id, 'support'],
    ])
    const csv = await j.inspector.get('/v1/people/per_vm1/trail?format=csv')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(d1.id)
    expect((await t.as(undefined).get('/v1/people/per_vm1/trail')).status).toBe(403)
  })

  it('traces back an undue delay: each step, who did it, and the findings known at each moment', async () => {
    const { j, d } = await overdue()
    await d.ev(j.unit, 'DraftRevised', '2025-05-30T09:00:00+08:00', { draft: doc('rev'), reason: '修改' }, ['rev'])
    await d.determine('2025-05-31T09:00:00+08:00', 'undue_delay', '久拖不决')
    const { r, steps } = await backtrackOf(j, d.id)
    expect(steps.map((s) => s.type)).toEqual([
      'DecisionInitiated',
      'DraftPrepared',
      'LegalityReviewRequested',
      'DraftRevised',
    ])
    expect(steps[0]?.knownFindings.map((f) => f.code)).not.toContain('decision-delayed')
    expect(steps[3]?.knownFindings.map((f) => f.code)).toContain('decision-delayed')
    expect(steps[3]?.recordedBy.personId).toBe('per_clerk')
    expect((r.body.determination as { kind: string }).kind).toBe('undue_delay')
    // Another event, or none at all, is no determination to trace back from.
    const other = await j.inspector.get(
      `/v1/decisions/${d.id}/accountability/backtrack?determination=${steps[1]?.eventId}`,
    )
    expect(other.status).toBe(404)
    const plain = await decide(j, { title: '无认定', meeting: '2025-04-20T15:00:00+08:00', positions: {} })
    expect((await j.inspector.get(`/v1/decisions/${plain.id}/accountability/backtrack`)).status).toBe(404)
  })

  it('traces back steps only, not oversight, and reads the determination as corrected', async () => {
    const { j, d } = await overdue()
    const inspection = await d.ev(j.inspector, 'InspectionFindingRecorded', '2025-05-20T09:00:00+08:00', {
      findingId: 'insp-2025-01',
      title: '未按期决策',
      detail: '督查发现供地计划逾期未决',
      eventIds: [],
      severity: 'major',
    })
    await d.ev(j.unit, 'DraftRevised', '2025-05-30T09:00:00+08:00', { draft: doc('rev'), reason: '修改' }, ['rev'])
    const det = await d.determine('2025-05-31T09:00:00+08:00', 'serious_error', '造成损失')
    const detId = (det.event as { eventId: string }).eventId
    const fix = await d.ev(
      j.inspector,
      'EventCorrected',
      '2025-06-01T09:00:00+08:00',
      {
        correctsEventId: detId,
        reason: '认定类型录入错误',
        data: { kind: 'undue_delay', loss: '久拖不决', basis: doc('basis') },
      },
      ['basis'],
    )
    const { r, steps } = await backtrackOf(j, d.id)
    expect(steps.map((s) => s.type)).not.toContain('InspectionFindingRecorded')
    expect(steps.map((s) => s.eventId)).not.toContain((inspection.event as { eventId: string }).eventId)
    // The inspector's finding was known from the inspection on: known at the next step, not new there.
    const revised = steps.find((s) => s.type === 'DraftRevised')
    expect(revised?.knownFindings.map((f) => f.id)).toContain('insp-2025-01')
    expect(revised?.newFindings).not.toContain('insp-2025-01')
    expect(r.body.determination).toMatchObject({
      eventId: detId,
      kind: 'undue_delay',
      loss: '久拖不决',
      correctedBy: (fix.event as { eventId: string }).eventId,
    })
  })

  it('traces back each step with the directory as known when it was recorded', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    t.clock.set('2025-03-02T02:00:00Z')
    await j.post('/v1/people', { id: 'per_expert', name: '郑专家' })
    const d = await decide(j, { title: '公交线网', meeting: '2025-03-20T15:00:00+08:00', positions: {} })
    await d.ev(j.unit, 'ExpertPanelFormed', '2025-03-01T09:00:00+08:00', {
      experts: [{ personId: 'per_expert', name: '郑专家', affiliation: '江州大学', directInterest: false }],
      includesDifferingViews: true,
    })
    t.clock.set('2025-03-21T02:00:00Z')
    await d.meet()
    t.clock.set('2025-09-01T02:00:00Z')
    // The development commission evaluates the decision its own expert argued for (Art. 36(2)),
    // which nobody could tell yet: the expert's post there is not in the directory.
    await d.ev(
      j.office,
      'PostEvaluationCompleted',
      '2025-09-01T09:00:00+08:00',
      {
        evaluatorOrgId: 'org_ndrc',
        trigger: 'scheduled',
        publicInput: true,
        outcome: 'continue',
        report: doc('post-eval'),
      },
      ['post-eval'],
    )
    // Recorded later, back-dated: the expert has worked at the commission since 2023.
    t.clock.set('2025-10-01T02:00:00Z')
    await j.pos('per_expert', 'org_ndrc', '研究员', 'staff', '2023-01-01')
    t.clock.set('2025-10-02T02:00:00Z')
    await d.ev(j.office, 'ExecutingUnitAssigned', '2025-10-02T09:00:00+08:00', { unitId: 'org_transport' })
    await d.determine('2025-10-02T09:30:00+08:00', 'serious_error', '评估失实')
    const { steps } = await backtrackOf(j, d.id)
    const codesAt = (type: string) => steps.find((s) => s.type === type)?.knownFindings.map((f) => f.code) ?? []
    expect(codesAt('PostEvaluationCompleted')).not.toContain('post-evaluator-not-independent')
    expect(codesAt('ExecutingUnitAssigned')).toContain('post-evaluator-not-independent')
    const finding = steps
      .find((s) => s.type === 'ExecutingUnitAssigned')
      ?.knownFindings.find((f) => f.code === 'post-evaluator-not-independent')
    expect(steps.find((s) => s.type === 'ExecutingUnitAssigned')?.newFindings).toContain(finding?.id)
  })

  it('a report as known at T reads the directory as known at T: a head back-dated later changes nothing', async () => {
    const { t, j, d } = await overdue()
    // Judged on 2025-06-01, as known on 2026-11-25 (the directory was entered on 2026-11-20).
    const url = (knownAt?: string) =>
      `/v1/decisions/${d.id}/compliance?asOf=2025-06-01T02:00:00Z${knownAt ? `&knownAt=${knownAt}` : ''}`
    const delayedBy = (body: Record<string, unknown>) =>
      (body.findings as Array<{ code: string; responsible: { personIds: string[] } }>).find(
        (f) => f.code === 'decision-delayed',
      )?.responsible.personIds
    const known = '2026-11-25T00:00:00Z'
    t.clock.set(known)
    const before = (await j.inspector.get(url(known))).body
    expect(delayedBy(before)).toEqual(['per_mayor_a'])
    // Later the office records a second head of the city, back-dated to 2023.
    t.clock.set('2026-12-01T02:00:00Z')
    expect((await t.admin.post('/v1/people', { id: 'per_mayor_x', name: '钱市长' })).status).toBe(201)
    await j.pos('per_mayor_x', 'org_city', '市长', 'head', '2023-01-01')
    expect((await j.inspector.get(url(known))).body).toEqual(before)
    // As known now, the back-dated head answers too.
    expect(delayedBy((await j.inspector.get(url())).body)).toEqual(['per_mayor_a', 'per_mayor_x'])
  })

  it('renders one dossier with timeline, obligations, findings, trail and evidence hashes', async () => {
    const t = await createTestApp()
    const j = await jurisdiction(t)
    const d = await decide(j, {
      title: '卷宗测试',
      meeting: '2025-04-20T15:00:00+08:00',
      positions: { per_vm1: 'support' },
    })
    await d.meet()
    const json = await j.inspector.get(`/v1/decisions/${d.id}/dossier`)
    expect(json.status).toBe(200)
    expect((json.body.timeline as unknown[]).length).toBe(4)
    expect((json.body.evidence as Array<{ sha256: string }>).map((e) => e.sha256)).toContain(sha(`${d.id}-minutes`))
    const ledger = json.body.ledger as { checkpoint: string; proofs: Array<{ eventId: string; ledgerIndex: number }> }
    expect(ledger.proofs.map((p) => p.eventId)).toEqual(
      (json.body.timeline as Array<{ eventId: string }>).map((e) => e.eventId),
    )
    expect(ledger.checkpoint.split('\n')[1]).toMatch(/^\d+$/) // C2SP checkpoint: origin, size, root
    const page = await j.inspector.get(`/v1/decisions/${d.id}/dossier?format=html`)
    expect(page.headers.get('content-type')).toContain('text/html')
    const text = String(page.body)
    expect(text).toContain('卷宗测试')
    expect(text).toContain(sha(`${d.id}-minutes`))
    expect(text).toContain('legality-review-missing')
    expect(text).toContain(ledger.proofs[0]?.eventId as string)
    expect(text).not.toMatch(/https?:\/\//)
  })
})
