// Classified as professional/technical, yet no expert was ever asked. Two months after the
// decision — when the province announced its rule-of-law assessment — the office turned the
// flag off. The report is not fooled: the obligation is judged by the classification in force
// when its moment passed, and the late weakening is itself flagged.
// Expected: noncompliant — expert-argumentation-missing (blocking) and
// classification-weakened-late (warning); "as known at" 2025-09-01, before the reclassification,
// only expert-argumentation-missing.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市殡葬设施布局专项规划（2025—2035年）（征求意见稿）.pdf'),
  explanation: doc('殡葬设施布局专项规划编制说明.pdf'),
  adoption: doc('殡葬设施布局规划公众意见采纳情况.pdf'),
  contingency: doc('殡葬设施布局规划邻避风险处置预案.pdf'),
  riskReport: doc('殡葬设施布局规划社会稳定风险评估报告.pdf'),
  procedures: doc('殡葬设施布局规划履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕47号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第65次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于殡葬设施布局规划的复函.pdf'),
  published: doc('江政发〔2025〕13号 江州市殡葬设施布局专项规划（2025—2035年）.pdf'),
  adoptionExplanation: doc('殡葬设施布局规划意见采纳情况说明（随文公布）.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'civil',
    type: 'DraftPrepared',
    occurredAt: at('2025-04-07'),
    data: {
      draft: D.draft,
      legalBases: ['《殡葬管理条例》', '《江南省殡葬管理办法》', '《中华人民共和国城乡规划法》'],
    },
  },
  {
    as: 'civil',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-04-21'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市政府网站意见征集栏目、信函寄至市民政局',
      opensAt: at('2025-04-21'),
      closesAt: at('2025-05-23', '17:00'),
    },
  },
  {
    as: 'civil',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-05-23', '17:00'),
    data: { closedAt: at('2025-05-23', '17:00'), commentsCount: 377 },
  },
  {
    as: 'civil',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-05-30'),
    data: {
      summary: D.adoption,
      received: 377,
      adopted: 31,
      notAdopted: [{ opinion: '城西公墓不再扩建', reason: '现有墓穴将于2027年用尽，扩建同时推行节地生态安葬' }],
    },
  },
  {
    as: 'assessor',
    type: 'RiskAssessmentCompleted',
    occurredAt: at('2025-06-06'),
    data: {
      assessorOrgId: O.riskInstitute,
      riskPoints: ['新建殡仪服务站周边居民的邻避情绪'],
      preventionMeasures: ['选址避开居民集中区500米以上', '建成后实行绿化隔离和环境监测'],
      contingencyPlan: D.contingency,
      departmentOpinions: ['市公安局：风险可控', '市自然资源和规划局：选址符合国土空间规划'],
      level: 'medium',
      controllable: true,
      report: D.riskReport,
    },
  },
  {
    as: 'civil',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-06-10'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《殡葬管理条例》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice2',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-06-20', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'civil',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-06-24'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.adoption,
        riskReport: D.riskReport,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-07-01', '15:00'),
    data: meeting({
      heldAt: at('2025-07-01', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意，推行节地生态安葬。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意规划。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-07-03'),
    data: { reportedAt: at('2025-07-03'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-07-10'),
    data: {
      channels: ['gazette', 'gov_website'],
      publishedAt: at('2025-07-10'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-07-10', '10:00'), data: { unitId: O.civil } },
]

export const funeralFacilities: DemoDecision<DemoActorName> = {
  key: 'funeral-facilities',
  expect: { status: 'noncompliant', findings: ['expert-argumentation-missing', 'classification-weakened-late'] },
  expectAsKnownAt: {
    knownAt: '2025-09-01T00:00:00+08:00',
    status: 'noncompliant',
    findings: ['expert-argumentation-missing'],
  },
  decision: {
    as: 'office',
    occurredAt: at('2025-03-24'),
    data: {
      title: '江州市殡葬设施布局专项规划（2025—2035年）',
      summary: '规划新建殡仪服务站3处、扩建城西公墓，新增节地生态安葬区，到2035年节地生态安葬率达到60%。',
      organId: O.city,
      undertakingUnitId: O.civil,
      category: 'development_plan',
      catalogRef: '江州市2025年度重大行政决策事项目录第3项',
      flags: flags(['vitalInterestOrMajorDisagreement', 'professionalTechnical', 'stabilityOrSafetyRisk']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-07-31'),
      data: { archivedAt: at('2025-07-31'), items: docsIn(steps), archiveRef: '江府档〔2025〕024号' },
    },
    {
      as: 'office2',
      type: 'DecisionReclassified',
      occurredAt: at('2025-09-15'),
      data: {
        flags: { professionalTechnical: false },
        reason: '经复核，本规划以现有殡葬设施布点优化为主，不属于专业性、技术性较强的事项，无需组织专家论证。',
      },
    },
    {
      as: 'civilExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-03-16'),
      data: { period: '2025年度', report: doc('殡葬设施布局规划2025年度实施情况报告.pdf') },
    },
  ],
}
