// A standard, fully compliant decision (a fare adjustment in 2025, no holidays in its windows)
// whose steps tests drop, move or alter to produce exactly one fault at a time.
import type { DecisionEventType, EventData } from '../../src/domain/events'
import { type AddOptions, doc, ORG, PER, Stream } from './support'

export type Flags = NonNullable<EventData<'DecisionInitiated'>['flags']>
type FullFlags = { [K in keyof Flags]-?: boolean }
export const NO_FLAGS: FullFlags = {
  nonDisclosable: false,
  specialGroupInterest: false,
  vitalInterestOrMajorDisagreement: false,
  hearingRequiredByLaw: false,
  professionalTechnical: false,
  stabilityOrSafetyRisk: false,
  marketEntityActivity: false,
  involvesOtherUnits: false,
  exploratoryReform: false,
  npcMatter: false,
}
export const ALL_FLAGS: FullFlags = {
  ...NO_FLAGS,
  specialGroupInterest: true,
  vitalInterestOrMajorDisagreement: true,
  hearingRequiredByLaw: true,
  professionalTechnical: true,
  stabilityOrSafetyRisk: true,
  marketEntityActivity: true,
  involvesOtherUnits: true,
  npcMatter: true,
}

export const STEP_NAMES = [
  'initiated',
  'consultation',
  'draft',
  'commentOpened',
  'specialGroup',
  'hearingNoticed',
  'panel',
  'hearingParticipants',
  'hearingMaterials',
  'expertOpinion',
  'hearingHeld',
  'commentClosed',
  'opinionsProcessed',
  'expertProcessed',
  'risk',
  'fcr',
  'request',
  'opinion',
  'submission',
  'meeting',
  'party',
  'npc',
  'published',
  'executing',
  'archived',
] as const
export type StepName = (typeof STEP_NAMES)[number]

export interface StepOverride {
  at?: string
  /** Fields merged over the step's payload (validated by the schema on add). */
  data?: Record<string, unknown>
  opts?: AddOptions
}

export interface StandardOptions {
  flags?: Flags
  initiation?: Record<string, unknown>
  omit?: readonly StepName[]
  steps?: Partial<Record<StepName, StepOverride>>
  /** Further events placed in the timeline by their time; `data` may read the ids of earlier steps. */
  add?: readonly AddedStep[]
}

export interface AddedStep {
  type: DecisionEventType
  at: string
  data:
    | Record<string, unknown>
    | ((ids: Partial<Record<StepName, string>> & Record<string, string>) => Record<string, unknown>)
  /** Name under which its id is kept for later added steps. */
  name?: string
  opts?: AddOptions
}

const MEMBERS = [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor]

export function meetingData(overrides: Record<string, unknown> = {}): EventData<'CollectiveDiscussionHeld'> {
  return {
    meetingType: 'executive',
    heldAt: '2025-05-08T15:00:00+08:00',
    membersTotal: 5,
    attendees: MEMBERS,
    headId: PER.mayor,
    statements: MEMBERS.map((personId, i) => ({
      personId,
      order: i + 1,
      position: 'support' as const,
      text: personId === PER.mayor ? '同意，按程序报批后公布实施' : '同意',
    })),
    outcome: 'approve',
    minutes: doc('常务会议纪要.pdf'),
    ...overrides,
  } as EventData<'CollectiveDiscussionHeld'>
}

interface Step {
  name: StepName
  type: DecisionEventType
  at: string
  when?: (f: FullFlags) => boolean
  data: (s: Stream, present: Set<StepName>) => Record<string, unknown>
}

const hearingFlag = (f: FullFlags) => f.hearingRequiredByLaw

const STEPS: Step[] = [
  {
    name: 'consultation',
    type: 'InterUnitConsultationRecorded',
    at: '2025-03-04T10:00:00+08:00',
    when: (f) => f.involvesOtherUnits,
    data: () => ({ unitIds: [ORG.other], agreed: true }),
  },
  {
    name: 'draft',
    type: 'DraftPrepared',
    at: '2025-03-05T10:00:00+08:00',
    data: () => ({ draft: doc('票价调整方案（征求意见稿）.pdf'), legalBases: ['《中华人民共和国价格法》第二十三条'] }),
  },
  {
    name: 'commentOpened',
    type: 'PublicCommentOpened',
    at: '2025-03-10T09:00:00+08:00',
    when: (f) => !f.nonDisclosable,
    data: () => ({
      channels: ['gov_website', 'newspaper'],
      draft: doc('票价调整方案（征求意见稿）.pdf'),
      explanation: doc('起草说明.pdf'),
      submissionMethod: '电子邮件及信函',
      opensAt: '2025-03-10T09:00:00+08:00',
      closesAt: '2025-04-10T17:00:00+08:00',
    }),
  },
  {
    name: 'specialGroup',
    type: 'SpecialGroupConsulted',
    at: '2025-03-12T14:00:00+08:00',
    when: (f) => f.specialGroupInterest,
    data: () => ({ organisations: ['市老龄协会', '市残疾人联合会'], record: doc('特定群体座谈记录.pdf') }),
  },
  {
    name: 'hearingNoticed',
    type: 'HearingNoticed',
    at: '2025-03-14T09:00:00+08:00',
    when: hearingFlag,
    data: () => ({
      hearingAt: '2025-04-08T09:30:00+08:00',
      place: '市民中心听证室',
      draft: doc('票价调整方案（征求意见稿）.pdf'),
      explanation: doc('起草说明.pdf'),
    }),
  },
  {
    name: 'panel',
    type: 'ExpertPanelFormed',
    at: '2025-03-17T09:00:00+08:00',
    when: (f) => f.professionalTechnical,
    data: () => ({
      experts: [
        { name: '交通经济学者甲', affiliation: '某大学交通学院', directInterest: false },
        { name: '成本监审专家乙', affiliation: '某会计师事务所', directInterest: false },
      ],
      includesDifferingViews: true,
    }),
  },
  {
    name: 'hearingParticipants',
    type: 'HearingParticipantsPublished',
    at: '2025-03-20T09:00:00+08:00',
    when: hearingFlag,
    data: () => ({
      participants: [
        { name: '市民代表甲', constituency: '消费者' },
        { name: '公交集团代表', constituency: '经营者' },
      ],
    }),
  },
  {
    name: 'hearingMaterials',
    type: 'HearingMaterialsDelivered',
    at: '2025-03-28T09:00:00+08:00',
    when: hearingFlag,
    data: () => ({ deliveredAt: '2025-03-28T09:00:00+08:00' }),
  },
  {
    name: 'expertOpinion',
    type: 'ExpertOpinionSubmitted',
    at: '2025-03-31T09:00:00+08:00',
    when: (f) => f.professionalTechnical,
    data: () => ({
      expertName: '交通经济学者甲',
      form: 'written',
      conclusion: 'supports',
      signed: true,
      opinion: doc('专家论证意见甲.pdf'),
    }),
  },
  {
    name: 'hearingHeld',
    type: 'HearingHeld',
    at: '2025-04-08T09:30:00+08:00',
    when: hearingFlag,
    data: () => ({
      heldAt: '2025-04-08T09:30:00+08:00',
      participants: [
        { name: '市民代表甲', constituency: '消费者' },
        { name: '公交集团代表', constituency: '经营者' },
      ],
      record: doc('听证笔录.pdf'),
      recordSignedByAll: true,
    }),
  },
  {
    name: 'commentClosed',
    type: 'PublicCommentClosed',
    at: '2025-04-10T17:00:00+08:00',
    when: (f) => !f.nonDisclosable,
    data: () => ({ closedAt: '2025-04-10T17:00:00+08:00', commentsCount: 1342 }),
  },
  {
    name: 'opinionsProcessed',
    type: 'PublicOpinionsProcessed',
    at: '2025-04-11T09:00:00+08:00',
    when: (f) => !f.nonDisclosable,
    data: () => ({
      summary: doc('公众意见采纳情况.pdf'),
      received: 1342,
      adopted: 37,
      notAdopted: [{ opinion: '取消票价上调', reason: '运营亏损需合理补偿' }],
    }),
  },
  {
    name: 'expertProcessed',
    type: 'ExpertOpinionsProcessed',
    at: '2025-04-11T10:00:00+08:00',
    when: (f) => f.professionalTechnical,
    data: () => ({ adopted: 1, notAdopted: [] }),
  },
  {
    name: 'risk',
    type: 'RiskAssessmentCompleted',
    at: '2025-04-11T14:00:00+08:00',
    when: (f) => f.stabilityOrSafetyRisk,
    data: () => ({
      assessorOrgId: ORG.assessor,
      riskPoints: ['低收入群体出行负担'],
      preventionMeasures: ['低收入群体票价补贴'],
      contingencyPlan: doc('处置预案.pdf'),
      departmentOpinions: ['市民政局：同意'],
      level: 'low',
      controllable: true,
      report: doc('风险评估报告.pdf'),
    }),
  },
  {
    name: 'fcr',
    type: 'FairCompetitionReviewCompleted',
    at: '2025-04-14T09:00:00+08:00',
    when: (f) => f.marketEntityActivity,
    data: () => ({ reviewerOrgId: ORG.samr, conclusion: 'passes', report: doc('公平竞争审查报告.pdf') }),
  },
  {
    name: 'request',
    type: 'LegalityReviewRequested',
    at: '2025-04-15T09:00:00+08:00',
    data: () => ({
      reviewBodyId: ORG.justice,
      draft: doc('票价调整方案（送审稿）.pdf'),
      legalBases: ['《中华人民共和国价格法》第二十三条'],
      proceduresStatement: doc('履行程序说明.pdf'),
    }),
  },
  {
    name: 'opinion',
    type: 'LegalityReviewOpinionIssued',
    at: '2025-04-25T16:00:00+08:00',
    data: () => ({
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['法律顾问：合法'],
      opinion: doc('合法性审查意见书.pdf'),
    }),
  },
  {
    name: 'submission',
    type: 'SubmittedForDiscussion',
    at: '2025-04-28T09:00:00+08:00',
    data: (_s, p) => ({
      package: {
        draft: doc('票价调整方案（送审稿）.pdf'),
        ...(p.has('opinion') ? { legalityOpinion: doc('合法性审查意见书.pdf') } : {}),
        ...(p.has('commentOpened') || p.has('hearingHeld')
          ? { publicOpinionAdoption: doc('公众意见采纳情况.pdf') }
          : {}),
        ...(p.has('expertOpinion') ? { expertOpinionAdoption: doc('专家意见采纳情况.pdf') } : {}),
        ...(p.has('risk') ? { riskReport: doc('风险评估报告.pdf') } : {}),
        ...(p.has('fcr') ? { fairCompetitionReview: doc('公平竞争审查报告.pdf') } : {}),
      },
    }),
  },
  {
    name: 'meeting',
    type: 'CollectiveDiscussionHeld',
    at: '2025-05-08T15:00:00+08:00',
    data: () => meetingData() as unknown as Record<string, unknown>,
  },
  {
    name: 'party',
    type: 'PartyCommitteeReported',
    at: '2025-05-09T09:00:00+08:00',
    data: () => ({ reportedAt: '2025-05-09T09:00:00+08:00', committee: '中共某市委员会' }),
  },
  {
    name: 'npc',
    type: 'PeoplesCongressReported',
    at: '2025-05-09T10:00:00+08:00',
    when: (f) => f.npcMatter,
    data: () => ({ reportedAt: '2025-05-09T10:00:00+08:00', record: doc('人大常委会报告.pdf') }),
  },
  {
    name: 'published',
    type: 'DecisionPublished',
    at: '2025-05-12T09:00:00+08:00',
    when: (f) => !f.nonDisclosable,
    data: () => ({
      channels: ['gazette', 'gov_website', 'newspaper'],
      publishedAt: '2025-05-12T09:00:00+08:00',
      document: doc('决定全文.pdf'),
      adoptionExplanation: doc('意见采纳情况说明.pdf'),
    }),
  },
  {
    name: 'executing',
    type: 'ExecutingUnitAssigned',
    at: '2025-05-12T10:00:00+08:00',
    data: () => ({ unitId: ORG.unit }),
  },
  {
    name: 'archived',
    type: 'DecisionArchived',
    at: '2025-05-20T09:00:00+08:00',
    data: (s) => ({ archivedAt: '2025-05-20T09:00:00+08:00', items: s.documents(), archiveRef: '档案-2025-001' }),
  },
]

// An override value of `undefined` removes the field.
const dropUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

export const INITIATED_AT = '2025-03-03T09:00:00+08:00'

export function standard(options: StandardOptions = {}): {
  stream: Stream
  ids: Partial<Record<StepName, string>> & Record<string, string | undefined>
} {
  const flags: FullFlags = { ...NO_FLAGS }
  for (const [k, v] of Object.entries(options.flags ?? {})) if (typeof v === 'boolean') flags[k as keyof FullFlags] = v
  const omit = new Set(options.omit ?? [])
  const stream = new Stream()
  const ids: Partial<Record<StepName, string>> = {}
  ids.initiated = stream.add('DecisionInitiated', options.steps?.initiated?.at ?? INITIATED_AT, {
    title: '关于调整城市公共交通票价的决策',
    organId: ORG.city,
    undertakingUnitId: ORG.unit,
    category: 'public_policy',
    flags,
    ...options.initiation,
  } as EventData<'DecisionInitiated'>)
  const chosen = STEPS.filter((s) => !omit.has(s.name) && (s.when?.(flags) ?? true))
  const present = new Set(chosen.map((s) => s.name))
  type Item = { at: string; i: number; step?: Step; added?: AddedStep }
  const items: Item[] = [
    ...chosen.map((step, i) => ({ step, i, at: options.steps?.[step.name]?.at ?? step.at })),
    ...(options.add ?? []).map((added, j) => ({ added, i: 1000 + j, at: added.at })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.i - b.i)
  const named: Record<string, string> = {}
  for (const item of items) {
    if (item.step) {
      const s = item.step
      const o = options.steps?.[s.name]
      const data = dropUndefined({ ...s.data(stream, present), ...o?.data })
      ids[s.name] = stream.add(s.type, item.at, data as EventData<typeof s.type>, o?.opts ?? {})
    } else if (item.added) {
      const a = item.added
      const data = typeof a.data === 'function' ? a.data({ ...named, ...ids }) : a.data
      const id = stream.add(a.type, a.at, data as EventData<typeof a.type>, a.opts ?? {})
      if (a.name) named[a.name] = id
    }
  }
  return { stream, ids: { ...named, ...ids } }
}
