// The case an accountability review is made for. An expert with a direct interest sits on the
// panel; the risk assessment says the stability risk is NOT controllable and the mayor approves
// anyway (vice-mayor 韩立群 opposing). Villagers protest, the executing unit reports it, the
// mayor suspends on that ground; a year later the province determines a serious error, the
// new mayor's executive meeting terminates the project, and liability is determined — for a
// former mayor who by then works at the province, and an exemption for the vice-mayor who
// opposed and has since retired (Art. 38(3)).
// Expected: noncompliant — expert-conflict-of-interest, decided-despite-uncontrollable-risk.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'
import { liabilities, unravelling } from './03-waste-incineration-aftermath'

const D = {
  draft: doc('江州市生活垃圾焚烧发电厂（二期）选址及建设方案（草案）.pdf'),
  siteComparison: doc('垃圾焚烧发电厂二期备选厂址比选报告.pdf'),
  disputeReport: doc('关于垃圾焚烧发电厂二期选址协商分歧情况的报告.pdf'),
  explanation: doc('垃圾焚烧发电厂二期选址及建设方案起草说明.pdf'),
  symposium: doc('石门村、东塘村村民代表座谈会记录.pdf'),
  expertPei: doc('裴志刚教授论证意见（签名）.pdf'),
  expertNing: doc('宁海涛研究员论证意见（签名）.pdf'),
  expertZhao: doc('赵启航总工程师论证意见（签名）.pdf'),
  expertMo: doc('莫晓岚主任医师论证意见（签名）.pdf'),
  opinionAdoption: doc('垃圾焚烧发电厂二期公众意见采纳情况.pdf'),
  expertAdoption: doc('垃圾焚烧发电厂二期专家论证意见采纳情况.pdf'),
  contingency: doc('垃圾焚烧发电厂二期群体性事件应急处置预案.pdf'),
  riskReport: doc('垃圾焚烧发电厂二期社会稳定风险评估报告（高风险）.pdf'),
  procedures: doc('垃圾焚烧发电厂二期履行法定程序情况说明.pdf'),
  legality: doc('江司审〔2025〕9号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第56次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于垃圾焚烧发电厂二期项目的复函.pdf'),
  published: doc('江政发〔2025〕4号 关于建设江州市生活垃圾焚烧发电厂（二期）的决定.pdf'),
  adoptionExplanation: doc('垃圾焚烧发电厂二期意见采纳情况说明（随文公布）.pdf'),
}

const decided: DemoEvent<DemoActorName>[] = [
  {
    as: 'urban',
    type: 'DraftPrepared',
    occurredAt: at('2024-11-18'),
    data: {
      draft: D.draft,
      legalBases: [
        '《中华人民共和国固体废物污染环境防治法》',
        '《生活垃圾焚烧污染控制标准》（GB 18485—2014）',
        '《中华人民共和国环境影响评价法》',
      ],
      alternatives: [D.siteComparison],
    },
  },
  {
    as: 'urban',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2024-12-06', '16:00'),
    data: {
      unitIds: [O.land, O.eco, O.minghu],
      agreed: false,
      disputes: [
        '明湖区人民政府：推荐厂址（明湖区石门村）距离居民集中居住区仅1.1公里，与区级生态缓冲带规划重叠',
        '市自然资源和规划局：推荐厂址部分地块为一般耕地，需先调整国土空间规划用途',
      ],
      disputeReport: D.disputeReport,
    },
  },
  {
    as: 'urban',
    type: 'PublicCommentOpened',
    occurredAt: at('2024-12-09'),
    data: {
      channels: ['gov_website', 'gov_new_media', 'newspaper'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市政府网站意见征集栏目、信函寄至市城市管理局',
      opensAt: at('2024-12-09'),
      closesAt: at('2025-01-10', '17:00'),
    },
  },
  {
    as: 'urban',
    type: 'ExpertPanelFormed',
    occurredAt: at('2024-12-16'),
    data: {
      experts: [
        { name: '裴志刚', affiliation: '江南理工大学环境科学与工程学院', directInterest: false },
        { name: '宁海涛', affiliation: '江南省环境科学研究院', directInterest: false },
        {
          name: '赵启航',
          affiliation: '江南环能工程设计研究院',
          directInterest: true,
          conflictNote: '所在单位为潜在投标人江南环能集团的全资子公司，并编制了本项目可行性研究报告',
        },
        { name: '莫晓岚', affiliation: '江州市疾病预防控制中心', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'urban',
    type: 'PublicParticipationRecorded',
    occurredAt: at('2024-12-20', '14:00'),
    data: { method: 'symposium', heldOn: '2024-12-20', participantsCount: 58, record: D.symposium },
  },
  ...(
    [
      ['裴志刚', 'conditional', D.expertPei],
      ['宁海涛', 'supports', D.expertNing],
      ['赵启航', 'supports', D.expertZhao],
      ['莫晓岚', 'conditional', D.expertMo],
    ] as const
  ).map(
    ([expertName, conclusion, opinion], i): DemoEvent<DemoActorName> => ({
      as: 'urban',
      type: 'ExpertOpinionSubmitted',
      occurredAt: at('2025-01-08', `${10 + i}:00`),
      data: { expertName, form: 'written', conclusion, signed: true, opinion },
    }),
  ),
  {
    as: 'urban',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-01-10', '17:00'),
    data: { closedAt: at('2025-01-10', '17:00'), commentsCount: 2876 },
  },
  {
    as: 'urban',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-01-17'),
    data: {
      summary: D.opinionAdoption,
      received: 2934,
      adopted: 15,
      notAdopted: [
        { opinion: '另行选址，远离居民区', reason: '备选厂址均不满足垃圾运输半径和电网接入条件' },
        { opinion: '取消二期项目', reason: '现有处理能力缺口日均1200吨，填埋场将于2026年封场' },
      ],
    },
  },
  {
    as: 'urban',
    type: 'ExpertOpinionsProcessed',
    occurredAt: at('2025-01-20'),
    data: {
      adopted: 3,
      notAdopted: [{ opinion: '莫晓岚：先行开展二噁英健康风险专项评估再作决策', reason: '拟在环境影响评价阶段开展' }],
    },
  },
  {
    as: 'assessor',
    type: 'RiskAssessmentCompleted',
    occurredAt: at('2025-02-18'),
    data: {
      assessorOrgId: O.riskInstitute,
      riskPoints: [
        '周边三个村约4200名村民普遍反对，已出现有组织的联名信访',
        '网络舆情持续发酵，存在引发群体性事件的现实风险',
        '征地补偿标准争议',
      ],
      preventionMeasures: ['调整选址或扩大防护距离', '邀请村民代表参观同类项目', '设立环境监测数据公开屏'],
      contingencyPlan: D.contingency,
      departmentOpinions: [
        '市公安局：项目周边已出现有组织的反对活动，存在群体性事件风险',
        '明湖区人民政府：不同意在石门村选址',
        '市信访局：近三个月相关信访412件次',
      ],
      level: 'high',
      controllable: false,
      report: D.riskReport,
    },
  },
  {
    as: 'urban',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-02-20'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《中华人民共和国固体废物污染环境防治法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-03-05', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['市政府法律顾问：决策权限和程序合法；建议充分考虑社会稳定风险评估结论'],
      opinion: D.legality,
    },
  },
  {
    as: 'urban',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-03-10'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.opinionAdoption,
        expertOpinionAdoption: D.expertAdoption,
        riskReport: D.riskReport,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-03-18', '15:00'),
    data: meeting({
      heldAt: at('2025-03-18', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '处理能力缺口客观存在，同意。'],
        [P.hanLiqun, 'oppose', '稳评结论是风险不可控，按条例第二十四条不应作出决策，建议重新选址。'],
        [P.xuManlin, 'reserve', '建议先做通群众工作。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意，加快建设进度。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '垃圾围城问题必须解决，项目今天定下来；稳定工作由明湖区负责做好。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-03-20'),
    data: { reportedAt: at('2025-03-20'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-03-26'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper'],
      publishedAt: at('2025-03-26'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-03-26', '10:00'), data: { unitId: O.urban } },
]

export const wasteIncineration: DemoDecision<DemoActorName> = {
  key: 'waste-incineration',
  expect: { status: 'noncompliant', findings: ['expert-conflict-of-interest', 'decided-despite-uncontrollable-risk'] },
  decision: {
    as: 'office',
    occurredAt: at('2024-11-04'),
    data: {
      title: '江州市生活垃圾焚烧发电厂（二期）选址及建设方案',
      summary: '拟在明湖区石门村建设日处理能力1500吨的生活垃圾焚烧发电厂二期工程，总投资约9.8亿元。',
      organId: O.city,
      undertakingUnitId: O.urban,
      coUnitIds: [O.eco],
      category: 'public_construction',
      catalogRef: '江州市2024年度重大行政决策事项目录第5项',
      flags: flags([
        'vitalInterestOrMajorDisagreement',
        'professionalTechnical',
        'stabilityOrSafetyRisk',
        'involvesOtherUnits',
      ]),
      rulebook: 'cn-713',
      proposal: {
        source: 'government_leader',
        problem: '现有焚烧厂超负荷运行，城西填埋场将于2026年封场。',
      },
    },
  },
  events: [
    ...decided,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-04-09'),
      data: { archivedAt: at('2025-04-09'), items: docsIn(decided), archiveRef: '江府档〔2025〕014号' },
    },
    ...unravelling,
    {
      // The termination files join the archive; every earlier document is listed again so the
      // second archive is complete on its own.
      as: 'office2',
      type: 'DecisionArchived',
      occurredAt: at('2026-04-30'),
      data: { archivedAt: at('2026-04-30'), items: docsIn(decided, unravelling), archiveRef: '江府档〔2026〕009号' },
    },
    ...liabilities,
  ],
}
