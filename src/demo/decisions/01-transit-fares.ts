// By the book: a fare adjustment that needs a Price Law hearing and goes through every
// applicable step in time. It also shows an EventCorrected (a mistyped comment count), public
// feedback after publication, execution reports and a scheduled post-evaluation.
// Expected: compliant, no findings.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft1: doc('江州市城市公共交通票价调整方案（征求意见稿）.pdf'),
  alt: doc('江州市城市公共交通票价调整备选方案（分段计价）.pdf'),
  explanation: doc('关于江州市城市公共交通票价调整方案的起草说明.pdf'),
  selection: doc('江州市公共交通票价调整听证会参加人遴选办法.pdf'),
  specialGroups: doc('公交票价调整特定群体座谈会纪要.pdf'),
  expertXing: doc('邢立教授论证意见（签名）.pdf'),
  expertLuo: doc('罗晓梅高级会计师论证意见（签名）.pdf'),
  expertQian: doc('钱卫国论证意见（签名）.pdf'),
  hearingRecord: doc('江州市公共交通票价调整听证会笔录.pdf'),
  opinionAdoption: doc('公交票价调整公众意见采纳情况说明.pdf'),
  expertAdoption: doc('公交票价调整专家论证意见采纳情况说明.pdf'),
  contingency: doc('公交票价调整社会稳定风险应急处置预案.pdf'),
  riskReport: doc('公交票价调整社会稳定风险评估报告.pdf'),
  fcr: doc('公交票价调整公平竞争审查意见书.pdf'),
  draft2: doc('江州市城市公共交通票价调整方案（送审稿）.pdf'),
  procedures: doc('公交票价调整方案履行法定程序情况说明.pdf'),
  legality: doc('江司审〔2024〕87号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第47次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于公交票价调整方案的复函.pdf'),
  published: doc('江政发〔2024〕19号 江州市人民政府关于调整城市公共交通票价的通知.pdf'),
  adoptionExplanation: doc('公交票价调整意见采纳情况的说明（随文公布）.pdf'),
  exec2025h1: doc('公交票价调整2025年上半年执行情况报告.pdf'),
  exec2025: doc('公交票价调整2025年度执行情况报告.pdf'),
  postEvaluation: doc('江州市公共交通票价调整决策后评估报告.pdf'),
}

const hearingParticipants = [
  { name: '陈国华', constituency: '消费者（退休职工）' },
  { name: '李雨桐', constituency: '消费者（在校大学生）' },
  { name: '周建新', constituency: '消费者（外来务工人员）' },
  { name: '江州公交集团有限公司代表', constituency: '经营者' },
  { name: '孙丽华', constituency: '市人大代表' },
  { name: '黄志强', constituency: '市政协委员' },
  { name: '罗晓梅', constituency: '专家（成本监审）' },
]

const closedAt = at('2024-10-25', '17:00')

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'transport',
    type: 'DraftPrepared',
    occurredAt: at('2024-09-09', '10:00'),
    data: {
      draft: D.draft1,
      legalBases: [
        '《中华人民共和国价格法》第二十三条',
        '《政府制定价格听证办法》',
        '《江南省定价目录》城市公共交通票价项',
        '《重大行政决策程序暂行条例》',
      ],
      alternatives: [D.alt],
    },
  },
  {
    as: 'transport',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2024-09-12', '15:00'),
    data: { unitIds: [O.finance, O.ndrc], agreed: true },
  },
  {
    as: 'transport',
    type: 'PublicCommentOpened',
    occurredAt: at('2024-09-18'),
    data: {
      channels: ['gov_website', 'gov_new_media', 'newspaper'],
      draft: D.draft1,
      explanation: D.explanation,
      submissionMethod: '江州市人民政府网站"意见征集"栏目、电子邮件 jtj_jgk@jiangzhou.example、信函寄至市交通运输局',
      opensAt: at('2024-09-18'),
      closesAt: closedAt,
    },
  },
  {
    as: 'transport',
    type: 'HearingNoticed',
    occurredAt: at('2024-09-23'),
    data: {
      hearingAt: at('2024-10-29', '09:30'),
      place: '江州市民中心三楼听证厅',
      draft: D.draft1,
      explanation: D.explanation,
      selectionMethod: D.selection,
    },
  },
  {
    as: 'transport',
    type: 'SpecialGroupConsulted',
    occurredAt: at('2024-09-26', '14:30'),
    data: {
      organisations: ['江州市老龄工作委员会办公室', '江州市残疾人联合会', '江州市学生联合会', '江州市总工会'],
      record: D.specialGroups,
    },
  },
  {
    as: 'transport',
    type: 'ExpertPanelFormed',
    occurredAt: at('2024-09-27'),
    data: {
      experts: [
        { name: '邢立', affiliation: '江州大学交通运输工程学院', directInterest: false },
        { name: '罗晓梅', affiliation: '江南信诚会计师事务所', directInterest: false },
        { name: '钱卫国', affiliation: '江州市消费者权益保护委员会', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'transport',
    type: 'HearingParticipantsPublished',
    occurredAt: at('2024-10-14'),
    data: { participants: hearingParticipants },
  },
  {
    as: 'transport',
    type: 'HearingMaterialsDelivered',
    occurredAt: at('2024-10-15', '16:00'),
    data: { deliveredAt: at('2024-10-15', '16:00') },
  },
  {
    as: 'transport',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-10-17', '10:00'),
    data: { expertName: '邢立', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertXing },
  },
  {
    as: 'transport',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-10-17', '15:00'),
    data: { expertName: '罗晓梅', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertLuo },
  },
  {
    as: 'transport',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-10-18', '11:00'),
    data: { expertName: '钱卫国', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertQian },
  },
  {
    id: 'closed',
    as: 'transport',
    type: 'PublicCommentClosed',
    occurredAt: closedAt,
    data: { closedAt, commentsCount: 1432 },
  },
  {
    // Principle 2: the wrong figure stays readable; the correction says which one reports use.
    as: 'transport',
    type: 'EventCorrected',
    occurredAt: at('2024-10-28', '10:00'),
    data: {
      correctsEventId: '@closed',
      reason: '录入错误：征求意见系统导出的有效意见数为1342条，误录为1432条。',
      data: { closedAt, commentsCount: 1342 },
    },
  },
  {
    as: 'transport',
    type: 'HearingHeld',
    occurredAt: at('2024-10-29', '09:30'),
    data: {
      heldAt: at('2024-10-29', '09:30'),
      participants: hearingParticipants,
      record: D.hearingRecord,
      recordSignedByAll: true,
    },
  },
  {
    as: 'transport',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2024-11-05'),
    data: {
      summary: D.opinionAdoption,
      received: 1342,
      adopted: 37,
      notAdopted: [
        { opinion: '维持现行1元票价不变', reason: '现行票价执行已满十年，运营成本上涨，财政补贴难以持续，需适度调整' },
        { opinion: '高峰时段加价', reason: '与公交优先、鼓励绿色出行的政策导向不符' },
      ],
    },
  },
  {
    as: 'transport',
    type: 'ExpertOpinionsProcessed',
    occurredAt: at('2024-11-06'),
    data: { adopted: 3, notAdopted: [] },
  },
  {
    as: 'assessor',
    type: 'RiskAssessmentCompleted',
    occurredAt: at('2024-11-12'),
    data: {
      assessorOrgId: O.riskInstitute,
      riskPoints: ['低收入群体和老年人出行负担增加', '调价初期可能出现集中投诉'],
      preventionMeasures: [
        '65周岁以上老年人、残疾人继续免费乘车',
        '低保家庭发放公交出行补贴',
        '调价前开展为期一个月的政策宣传',
      ],
      contingencyPlan: D.contingency,
      departmentOpinions: ['市公安局：风险可控', '市信访局：同意评估结论', '市民政局：同意低保家庭补贴方案'],
      level: 'low',
      controllable: true,
      report: D.riskReport,
    },
  },
  {
    as: 'samr',
    type: 'FairCompetitionReviewCompleted',
    occurredAt: at('2024-11-14'),
    data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr },
  },
  {
    as: 'transport',
    type: 'LegalityReviewRequested',
    occurredAt: at('2024-11-18'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft2,
      legalBases: ['《中华人民共和国价格法》第二十三条', '《政府制定价格听证办法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2024-11-28', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['市政府法律顾问江南衡正律师事务所：制定权限、程序和内容均合法', '公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'transport',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2024-12-02'),
    data: {
      package: {
        draft: D.draft2,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.opinionAdoption,
        expertOpinionAdoption: D.expertAdoption,
        riskReport: D.riskReport,
        fairCompetitionReview: D.fcr,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2024-12-10', '15:00'),
    data: meeting({
      heldAt: at('2024-12-10', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '财政补贴压力大，同意调整，建议同步落实低保家庭补贴。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'reserve', '建议对学生票价再作测算。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意，做好调价前宣传。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意方案，请交通运输局会同有关部门抓好实施。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2024-12-12'),
    data: { reportedAt: at('2024-12-12'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2024-12-18'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper', 'press_conference'],
      publishedAt: at('2024-12-18'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2024-12-18', '10:00'), data: { unitId: O.transport } },
]

const archive: DemoEvent<DemoActorName> = {
  as: 'office',
  type: 'DecisionArchived',
  occurredAt: at('2025-01-10'),
  data: { archivedAt: at('2025-01-10'), items: docsIn(steps), archiveRef: '江府档〔2025〕003号' },
}

const afterwards: DemoEvent<DemoActorName>[] = [
  {
    as: 'public',
    type: 'PublicFeedbackReceived',
    occurredAt: at('2025-01-15', '20:14'),
    data: { channel: 'online', summary: '建议持江州市居住证的外来务工人员同样享受地铁公交换乘优惠。' },
  },
  {
    as: 'transportExec',
    type: 'ExecutionReported',
    occurredAt: at('2025-07-08'),
    data: { period: '2025年上半年', report: D.exec2025h1 },
  },
  {
    as: 'transportExec',
    type: 'ExecutionReported',
    occurredAt: at('2026-01-12'),
    data: { period: '2025年度', report: D.exec2025 },
  },
  {
    as: 'office2',
    type: 'PostEvaluationCompleted',
    occurredAt: at('2026-06-22'),
    data: {
      evaluatorOrgId: O.university,
      trigger: 'scheduled',
      publicInput: true,
      outcome: 'continue',
      report: D.postEvaluation,
    },
  },
]

export const transitFares: DemoDecision<DemoActorName> = {
  key: 'transit-fares',
  expect: { status: 'compliant', findings: [] },
  decision: {
    as: 'office',
    occurredAt: at('2024-09-02', '09:30'),
    data: {
      title: '关于调整江州市城市公共交通票价的决策',
      summary:
        '现行公交票价自2014年起执行，运营成本持续上涨。拟将普通公交基础票价由1元调整为2元，同时扩大换乘优惠，保留老年人、残疾人免费乘车政策。',
      organId: O.city,
      undertakingUnitId: O.transport,
      category: 'public_policy',
      catalogRef: '江州市2024年度重大行政决策事项目录第2项',
      flags: flags([
        'specialGroupInterest',
        'vitalInterestOrMajorDisagreement',
        'hearingRequiredByLaw',
        'professionalTechnical',
        'stabilityOrSafetyRisk',
        'marketEntityActivity',
        'involvesOtherUnits',
      ]),
      decisionDueBy: '2024-12-31',
      rulebook: 'cn-713',
      proposal: {
        source: 'department',
        problem: '公交运营亏损逐年扩大，2023年财政补贴达4.6亿元。',
        necessity: '现行票价十年未调，与运营成本严重倒挂。',
        feasibility: '调价后人均月出行支出增加约18元，低收入群体另有补贴。',
      },
    },
  },
  events: [...steps, archive, ...afterwards],
}
