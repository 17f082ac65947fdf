// The seeded data-set generator: realistic decisions of the demo jurisdiction (江州市), each a
// lifecycle of Decree 713 steps recorded by the right roles, with Chinese text, evidence lists
// and event references. Every one of the 43 decision event types occurs; rare paths (a returned
// legality review, a correction, an inspection finding, a suspension, a termination, liability)
// are cycled by index so that any run of RARE.length full decisions holds all of them.
// test/bench/generator.test.ts appends generated decisions through the real validation path.
import { createHash } from 'node:crypto'
import { demoDirectory, O, P } from '../../src/demo/jurisdiction'
import type { Actor, EvidenceDoc } from '../../src/domain/envelope'
import { type DecisionEventType, docRefsIn, type EventData } from '../../src/domain/events'
import { mix, Rng } from './random'
import * as T from './text'

/** A reference to the event at plan index n of the same decision: `@n`, resolved to its eventId when written. */
export const ref = (n: number): string => `@${n}`
const REF = /^@(\d+)$/

export interface PlannedEvent {
  type: DecisionEventType
  actor: Actor
  occurredAt: string
  /** The server clock when it is recorded: never before the previous event's. */
  recordedAt: string
  data: Record<string, unknown>
  evidence: EvidenceDoc[]
}

export interface DecisionPlan {
  index: number
  /** events[0] is the DecisionInitiated. */
  events: PlannedEvent[]
}

/** No generated event is recorded after this instant (the data sets' "today"). */
export const DATASET_END = Date.parse('2026-11-20T18:00:00+08:00')
const FIRST_START = Date.parse('2023-01-09T09:00:00+08:00')
const LAST_START = Date.parse('2026-09-30T09:00:00+08:00')
const DAY = 86_400_000
const HOUR = 3_600_000

export const PUBLIC_ACTOR: Actor = { personId: 'per_public', orgId: 'org_public', role: 'public' }
export const OFFICE: Actor = { personId: P.wenXiaoting, orgId: O.city, role: 'organ_office' }
const JUSTICE: Actor = { personId: P.qianWenjing, orgId: O.justice, role: 'legality_reviewer' }
const ASSESSOR: Actor = { personId: P.qinRuolan, orgId: O.riskInstitute, role: 'reviewer' }
const SAMR: Actor = { personId: P.fengJiayi, orgId: O.samr, role: 'reviewer' }
const INSPECTOR: Actor = { personId: P.linShuyao, orgId: O.province, role: 'inspector' }

/** Each undertaking department: its organization and the clerk who records for it. */
export const DEPARTMENTS: Record<T.Department, { org: string; person: string }> = {
  transport: { org: O.transport, person: P.luoJia },
  ndrc: { org: O.ndrc, person: P.yeZhiqiu },
  housing: { org: O.housing, person: P.sunXiaolei },
  urban: { org: O.urban, person: P.tianYe },
  eco: { org: O.eco, person: P.heWanqing },
  health: { org: O.health, person: P.liShiyu },
  land: { org: O.land, person: P.caoYiming },
  civil: { org: O.civil, person: P.ranYutong },
  culture: { org: O.culture, person: P.jiangXueqing },
}
export const actorOf = (dept: T.Department, role: 'undertaking' | 'executing'): Actor => ({
  personId: DEPARTMENTS[dept].person,
  orgId: DEPARTMENTS[dept].org,
  role,
})

/** Rare paths, one forced per decision by index (others still occur at random). */
const RARE = ['reclassify', 'return', 'correct', 'inspect', 'suspend', 'terminate', 'liability', 'npc'] as const
type Rare = (typeof RARE)[number]

/** The city government's meeting members in post on `date` (head last, as Art. 30(2) wants). */
export function cityMembersAt(date: string): { head: string; members: string[] } {
  const inPost = demoDirectory.positions.filter(
    (p) =>
      p.orgId === O.city &&
      (p.capacity === 'head' || p.capacity === 'deputy_head' || p.capacity === 'member') &&
      p.from <= date &&
      (p.to === undefined || date <= p.to),
  )
  const head = inPost.find((p) => p.capacity === 'head')?.personId ?? P.shenJiahe
  const others = [...new Set(inPost.map((p) => p.personId))].filter((id) => id !== head)
  return { head, members: [...others, head] }
}

/** RFC 3339 in Asia/Shanghai (UTC+8, no DST), seconds precision, as offices write it. */
export function shanghai(ms: number): string {
  const d = new Date(ms + 8 * HOUR)
  return `${d.toISOString().slice(0, 19)}+08:00`
}
const dateOf = (ms: number): string => shanghai(ms).slice(0, 10)

const sha = (text: string): string => createHash('sha256').update(`bench:${text}`).digest('hex')

/** The evidence list of a payload: each referenced document once, as a PDF of plausible size. */
export function evidenceOf(data: unknown): EvidenceDoc[] {
  const seen = new Map<string, EvidenceDoc>()
  for (const { ref: d } of docRefsIn(data)) {
    if (seen.has(d.sha256)) continue
    const size = 60_000 + (Number.parseInt(d.sha256.slice(0, 8), 16) % 2_400_000)
    seen.set(d.sha256, { name: d.name, sha256: d.sha256, mediaType: 'application/pdf', size })
  }
  return [...seen.values()]
}

/** The full lifecycle of decision `index` (before truncation). */
export function planDecision(seed: number, index: number): DecisionPlan {
  const rng = new Rng(mix(seed, index))
  const rare = new Set<Rare>([RARE[index % RARE.length] as Rare])
  for (const r of RARE) if (rng.chance(0.04)) rare.add(r)
  const topic = rng.pick(T.TOPICS)
  const dept = topic.dept
  const unit = actorOf(dept, 'undertaking')
  const exec = actorOf(dept, 'executing')
  const otherDepts = (Object.keys(DEPARTMENTS) as T.Department[]).filter((d) => d !== dept)
  let t = FIRST_START + Math.floor(rng.float() * (LAST_START - FIRST_START))
  t = t - (t % HOUR) // on the hour
  const key = `${index}`
  const year = Number(dateOf(t).slice(0, 4))
  const title = T.title(rng, topic, year)
  const doc = (name: string) => ({ name: `${title}${name}.pdf`, sha256: sha(`${key}:${name}`) })

  const flags = {
    nonDisclosable: rng.chance(0.05),
    specialGroupInterest: rng.chance(0.4),
    vitalInterestOrMajorDisagreement: rng.chance(0.5),
    hearingRequiredByLaw: topic.dept === 'ndrc' || topic.dept === 'transport' ? rng.chance(0.7) : rng.chance(0.1),
    professionalTechnical: rng.chance(0.6),
    stabilityOrSafetyRisk: rng.chance(0.5),
    marketEntityActivity: rng.chance(0.4),
    involvesOtherUnits: rng.chance(0.7),
    exploratoryReform: rng.chance(0.05),
    npcMatter: rare.has('npc') || rng.chance(0.05),
  }
  const events: PlannedEvent[] = []
  let recorded = t
  const push = <K extends DecisionEventType>(type: K, actor: Actor, data: EventData<K>, gapDays = 0): number => {
    if (gapDays > 0) t += Math.max(1, Math.round(gapDays * (0.5 + rng.float()))) * DAY + rng.int(0, 7) * HOUR
    const late = rng.chance(0.02) ? rng.int(20, 60) * DAY : 0
    recorded = Math.max(recorded + 60_000, t + 2 * HOUR + rng.int(0, 59) * 60_000 + late)
    const payload = data as Record<string, unknown>
    events.push({
      type,
      actor,
      occurredAt: shanghai(t),
      recordedAt: new Date(recorded).toISOString(),
      data: payload,
      evidence: evidenceOf(payload),
    })
    return events.length - 1
  }
  const stamp = (gapDays: number) => {
    t += Math.max(1, Math.round(gapDays * (0.5 + rng.float()))) * DAY
    return shanghai(t)
  }

  const coUnits = rng.chance(0.2) ? [DEPARTMENTS[rng.pick(otherDepts)].org] : undefined
  push('DecisionInitiated', OFFICE, {
    title,
    summary: T.summary(rng, topic),
    organId: O.city,
    undertakingUnitId: unit.orgId,
    ...(coUnits ? { coUnitIds: coUnits } : {}),
    category: topic.category,
    catalogRef: `江州市${year}年度重大行政决策事项目录第${rng.int(1, 40)}项`,
    flags,
    decisionDueBy: dateOf(t + rng.int(120, 400) * DAY),
    rulebook: 'cn-713',
    proposal: {
      source: rng.pick(['department', 'government_leader', 'deputy', 'public'] as const),
      problem: `${topic.problem}。`,
      necessity: T.reason(rng),
      feasibility: T.feasibility(rng),
    },
  })
  if (rare.has('reclassify'))
    push(
      'DecisionReclassified',
      OFFICE,
      { flags: { stabilityOrSafetyRisk: true }, reason: `经初步研判，${topic.risk}，应当开展社会稳定风险评估。` },
      5,
    )
  const draft1 = doc('（征求意见稿）')
  const explanation = doc('起草说明')
  push('DraftPrepared', unit, { draft: draft1, legalBases: ['《重大行政决策程序暂行条例》', T.reason(rng)] }, 10)
  if (flags.involvesOtherUnits) {
    const agreed = rng.chance(0.8)
    push(
      'InterUnitConsultationRecorded',
      unit,
      {
        unitIds: rng.sample(otherDepts, rng.int(1, 3)).map((d) => DEPARTMENTS[d].org),
        agreed,
        ...(agreed ? {} : { disputes: [T.opinion(rng)], disputeReport: doc('部门协商争议情况报告') }),
      },
      5,
    )
  }
  if (rng.chance(0.5))
    push(
      'PublicParticipationRecorded',
      unit,
      { method: 'symposium', heldOn: dateOf(t), participantsCount: rng.int(12, 60), record: doc('座谈会记录') },
      4,
    )
  let closed: number | undefined
  const comment = !flags.nonDisclosable
  let closesAt = ''
  if (comment) {
    const opensAt = stamp(3)
    closesAt = shanghai(t + rng.int(30, 40) * DAY)
    push(
      'PublicCommentOpened',
      unit,
      {
        channels: ['gov_website', 'gov_new_media'],
        draft: draft1,
        explanation,
        submissionMethod: '江州市人民政府网站“意见征集”栏目、电子邮件或信函',
        opensAt,
        closesAt,
      },
      0,
    )
  }
  if (flags.specialGroupInterest)
    push(
      'SpecialGroupConsulted',
      unit,
      { organisations: rng.sample(T.SPECIAL_GROUPS, rng.int(1, 3)), record: doc('特定群体座谈会纪要') },
      3,
    )
  const hearing = flags.hearingRequiredByLaw || (flags.vitalInterestOrMajorDisagreement && rng.chance(0.4))
  const participants = Array.from({ length: rng.int(5, 9) }, () => ({
    name: T.personName(rng),
    constituency: rng.pick(T.CONSTITUENCIES),
  }))
  let hearingAt = 0
  if (hearing) {
    hearingAt = t + rng.int(25, 35) * DAY
    push(
      'HearingNoticed',
      unit,
      {
        hearingAt: shanghai(hearingAt),
        place: '江州市民中心三楼听证厅',
        draft: draft1,
        explanation,
        selectionMethod: doc('听证会参加人遴选办法'),
      },
      3,
    )
  }
  const experts = Array.from({ length: rng.int(3, 5) }, () => ({
    name: T.personName(rng),
    affiliation: rng.pick(T.AFFILIATIONS),
    directInterest: rng.chance(0.05),
  }))
  if (flags.professionalTechnical)
    push('ExpertPanelFormed', unit, { experts, includesDifferingViews: rng.chance(0.8) }, 3)
  if (hearing) {
    push('HearingParticipantsPublished', unit, { participants }, 7)
    push('HearingMaterialsDelivered', unit, { deliveredAt: shanghai(hearingAt - rng.int(5, 12) * DAY) }, 2)
  }
  if (flags.professionalTechnical)
    for (const e of experts)
      push(
        'ExpertOpinionSubmitted',
        unit,
        {
          expertName: e.name,
          form: 'written',
          conclusion: rng.pick(['supports', 'conditional', 'conditional', 'opposes'] as const),
          signed: rng.chance(0.95),
          opinion: doc(`${e.name}论证意见`),
        },
        1,
      )
  const received = rng.int(40, 2000)
  if (comment) {
    t = Math.max(t, Date.parse(closesAt))
    closed = push('PublicCommentClosed', unit, { closedAt: closesAt, commentsCount: received + 9 }, 0)
    if (rare.has('correct'))
      push(
        'EventCorrected',
        unit,
        {
          correctsEventId: ref(closed),
          reason: `录入错误：征求意见系统导出的有效意见数为${received}条。`,
          data: { closedAt: closesAt, commentsCount: received },
        },
        2,
      )
  }
  if (hearing) {
    t = Math.max(t, hearingAt)
    push(
      'HearingHeld',
      unit,
      { heldAt: shanghai(hearingAt), participants, record: doc('听证会笔录'), recordSignedByAll: rng.chance(0.9) },
      0,
    )
  }
  if (comment || hearing) {
    const adopted = rng.int(0, Math.min(received, 80))
    push(
      'PublicOpinionsProcessed',
      unit,
      {
        summary: doc('公众意见采纳情况说明'),
        received,
        adopted,
        notAdopted: Array.from({ length: rng.int(1, 3) }, () => T.notAdopted(rng)),
      },
      6,
    )
  }
  if (flags.professionalTechnical)
    push('ExpertOpinionsProcessed', unit, { adopted: rng.int(1, experts.length), notAdopted: [T.notAdopted(rng)] }, 2)
  if (flags.stabilityOrSafetyRisk || rare.has('reclassify'))
    push(
      'RiskAssessmentCompleted',
      ASSESSOR,
      {
        assessorOrgId: O.riskInstitute,
        riskPoints: [topic.risk],
        preventionMeasures: [T.opinion(rng), T.opinion(rng)],
        contingencyPlan: doc('社会稳定风险应急处置预案'),
        departmentOpinions: ['市公安局：风险可控', '市信访局：同意评估结论'],
        level: rng.pick(['low', 'low', 'medium', 'high'] as const),
        controllable: rng.chance(0.95),
        report: doc('社会稳定风险评估报告'),
      },
      6,
    )
  if (flags.marketEntityActivity)
    push(
      'FairCompetitionReviewCompleted',
      SAMR,
      { reviewerOrgId: O.samr, conclusion: 'passes', report: doc('公平竞争审查意见书') },
      3,
    )
  if (rng.chance(0.5))
    push('LegalityPreReviewCompleted', unit, { officeId: unit.orgId, opinion: doc('法制科初审意见') }, 2)
  const draft2 = doc('（送审稿）')
  const request = {
    reviewBodyId: O.justice,
    draft: draft2,
    legalBases: ['《重大行政决策程序暂行条例》'],
    proceduresStatement: doc('履行决策法定程序情况说明'),
  }
  push('LegalityReviewRequested', unit, request, 3)
  if (rare.has('return')) {
    const returned = push(
      'LegalityReviewReturned',
      JUSTICE,
      { reason: '未提供听证会笔录和风险评估报告，请补充后重新报送。' },
      4,
    )
    push('DraftRevised', unit, { draft: draft2, reason: '按照退回意见补充材料。', respondsTo: [ref(returned)] }, 5)
    push('LegalityReviewRequested', unit, request, 1)
  }
  const legalityOpinion = doc('合法性审查意见书')
  const opinion = push(
    'LegalityReviewOpinionIssued',
    JUSTICE,
    {
      conclusion: rng.pick(['lawful', 'lawful', 'lawful_with_changes'] as const),
      covers: { authority: true, procedure: true, content: rng.chance(0.95) },
      counselOpinions: rng.sample(T.COUNSEL, 2),
      opinion: legalityOpinion,
    },
    9,
  )
  if (rng.chance(0.3))
    push(
      'DraftRevised',
      unit,
      { draft: doc('（修改稿）'), reason: '根据合法性审查意见修改。', respondsTo: [ref(opinion)] },
      3,
    )
  push('SubmittedForDiscussion', unit, { package: { draft: draft2, legalityOpinion } }, 3)
  const meetingAt = stamp(7)
  const board = cityMembersAt(meetingAt.slice(0, 10))
  const statements = board.members.map((personId, i) => ({
    personId,
    order: i + 1,
    position: rng.pick(['support', 'support', 'support', 'reserve', 'oppose'] as const),
    text: rng.chance(0.5) ? `${T.opinion(rng)}。` : '同意。',
  }))
  const minutes = doc('市人民政府常务会议纪要')
  push(
    'CollectiveDiscussionHeld',
    OFFICE,
    {
      meetingType: 'executive',
      heldAt: meetingAt,
      membersTotal: board.members.length,
      attendees: board.members,
      headId: board.head,
      statements,
      outcome: rng.pick(['approve', 'approve', 'amend'] as const),
      minutes,
    },
    0,
  )
  if (rng.chance(0.4))
    push(
      'PartyCommitteeReported',
      OFFICE,
      { reportedAt: stamp(2), committee: '中共江州市委员会', reply: doc('市委办公室复函') },
      0,
    )
  if (flags.npcMatter)
    push('PeoplesCongressReported', OFFICE, { reportedAt: stamp(3), record: doc('向市人大常委会报告') }, 0)
  const publication = doc('（正式文件）')
  if (!flags.nonDisclosable)
    push(
      'DecisionPublished',
      OFFICE,
      {
        channels: ['gazette', 'gov_website'],
        publishedAt: stamp(5),
        document: publication,
        adoptionExplanation: doc('意见采纳情况的说明'),
      },
      0,
    )
  push('ExecutingUnitAssigned', OFFICE, { unitId: exec.orgId }, 1)
  push(
    'DecisionArchived',
    OFFICE,
    {
      archivedAt: stamp(15),
      items: [draft1, draft2, legalityOpinion, minutes],
      archiveRef: `江府档〔${year}〕${index % 1000}号`,
    },
    0,
  )
  if (!flags.nonDisclosable)
    for (let i = rng.int(0, 2); i > 0; i--)
      push('PublicFeedbackReceived', PUBLIC_ACTOR, { channel: 'online', summary: `${T.opinion(rng)}。` }, 10)
  let lastReport = 0
  for (let i = rng.int(1, 2); i > 0; i--)
    lastReport = push(
      'ExecutionReported',
      exec,
      { period: `${dateOf(t).slice(0, 4)}年执行情况`, report: doc(`执行情况报告${i}`) },
      90,
    )
  if (rare.has('suspend')) {
    const issue = push(
      'ExecutionIssueReported',
      exec,
      { ground: 'circumstances_changed', description: `执行中发现${topic.risk}，实施条件发生重大变化。` },
      20,
    )
    push(
      'DecisionSuspended',
      OFFICE,
      {
        byHead: cityMembersAt(dateOf(t)).head,
        groundEventId: ref(issue),
        urgent: false,
        reason: '实施条件发生变化，暂停执行。',
      },
      5,
    )
    push(
      'DecisionAdjusted',
      OFFICE,
      { major: rng.chance(0.2), description: `调整实施范围和进度：${T.opinion(rng)}。`, basisEventId: ref(issue) },
      20,
    )
  }
  if (rare.has('inspect')) {
    const findingId = `insp-${dateOf(t).slice(0, 4)}-${String(index).padStart(6, '0')}`
    push(
      'InspectionFindingRecorded',
      INSPECTOR,
      {
        findingId,
        title: '执行情况报告内容不完整',
        detail: '执行情况报告未说明群众反映问题的处理情况。',
        eventIds: [ref(lastReport)],
        severity: 'minor',
      },
      30,
    )
    push('FindingAnnotated', INSPECTOR, { findingId, note: '承办单位已补报说明材料。' }, 10)
    push('FindingResolved', INSPECTOR, { findingId, resolution: '已补充完善执行情况报告。' }, 10)
  }
  if (rng.chance(0.7) || rare.has('terminate'))
    push(
      'PostEvaluationCompleted',
      OFFICE,
      {
        evaluatorOrgId: O.university,
        trigger: 'scheduled',
        publicInput: rng.chance(0.8),
        outcome: rare.has('terminate') ? 'terminate' : 'continue',
        report: doc('决策后评估报告'),
      },
      120,
    )
  if (rare.has('terminate')) {
    const heldAt = stamp(20)
    const later = cityMembersAt(heldAt.slice(0, 10))
    const meeting = push(
      'CollectiveDiscussionHeld',
      OFFICE,
      {
        meetingType: 'executive',
        heldAt,
        membersTotal: later.members.length,
        attendees: later.members,
        headId: later.head,
        statements: later.members.map((personId, i) => ({ personId, order: i + 1, position: 'support' as const })),
        outcome: 'terminate',
        minutes: doc('市人民政府常务会议纪要（终止）'),
      },
      0,
    )
    push('DecisionTerminated', OFFICE, { meetingEventId: ref(meeting), reason: '后评估结论为终止执行。' }, 3)
  }
  if (rare.has('liability')) {
    push(
      'SeriousErrorDetermined',
      INSPECTOR,
      {
        kind: 'serious_error',
        loss: `因${topic.risk}，造成财政资金损失约${rng.int(100, 900)}万元。`,
        basis: doc('督查认定书'),
      },
      30,
    )
    push(
      'LiabilityDetermined',
      INSPECTOR,
      {
        personId: rng.pick(board.members),
        capacity: 'member',
        outcome: rng.pick(['pursued', 'reduced', 'exempted'] as const),
        reason: '依据《重大行政决策程序暂行条例》第三十八条认定。',
      },
      10,
    )
  }
  // Nothing is recorded after the data set's "today": the rest of the lifecycle has not happened yet.
  const cut = events.findIndex((e) => Date.parse(e.recordedAt) > DATASET_END)
  return { index, events: cut === -1 ? events : events.slice(0, Math.max(1, cut)) }
}

/**
 * How many events of each decision a data set keeps, so that the total is exactly `events`:
 * about a quarter of the decisions keep their whole recorded lifecycle, the rest are in progress.
 */
export function allocate(seed: number, lengths: readonly number[], events: number): number[] {
  const rng = new Rng(mix(seed, -1))
  const full = lengths.reduce((a, b) => a + b, 0)
  if (events > full) throw new Error(`cannot place ${events} events in ${lengths.length} decisions (at most ${full})`)
  const keep = lengths.map((n) => (rng.chance(0.25) ? n : Math.min(n, rng.int(1, 9))))
  let total = keep.reduce((a, b) => a + b, 0)
  // Nudge random decisions by one event until the total is exact (always within 1..length).
  while (total !== events) {
    const i = rng.int(0, keep.length - 1)
    const k = keep[i] as number
    if (total < events && k < (lengths[i] as number)) {
      keep[i] = k + 1
      total++
    } else if (total > events && k > 1) {
      keep[i] = k - 1
      total--
    }
  }
  return keep
}

/** Replaces every `@n` in `value` with the id of plan event n. */
export function resolveRefs(value: unknown, ids: readonly string[]): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value)
    if (!m) return value
    const id = ids[Number(m[1])]
    if (id === undefined) throw new Error(`generator: ${value} names no earlier event`)
    return id
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids)]))
  return value
}
