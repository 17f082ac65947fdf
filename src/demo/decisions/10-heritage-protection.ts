// The earliest decision of the demo, done by the book: a conservation plan for the old town's
// historic blocks, with residents visited door to door, experts (one an institution, whose
// opinion is stamped), the people's congress standing committee reported to, and a minor
// correction of boundary coordinates a year later.
// Expected: compliant, no findings.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州古城历史文化街区保护规划（2024—2035年）（草案）.pdf'),
  explanation: doc('古城历史文化街区保护规划编制说明.pdf'),
  fieldVisit: doc('古城街区居民入户走访记录汇编.pdf'),
  expertXu: doc('徐怀瑾教授论证意见（签名）.pdf'),
  expertSong: doc('宋亦白研究员论证意见（签名）.pdf'),
  expertInstitute: doc('江南省古建筑保护研究所论证意见（盖章）.pdf'),
  adoption: doc('古城保护规划公众意见采纳情况.pdf'),
  expertAdoption: doc('古城保护规划专家意见采纳情况.pdf'),
  procedures: doc('古城保护规划履行程序情况说明.pdf'),
  legality: doc('江司审〔2024〕66号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第42次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于古城保护规划的复函.pdf'),
  npcRecord: doc('市人大常委会第二十一次会议关于古城保护规划的审议意见.pdf'),
  published: doc('江政发〔2024〕15号 江州古城历史文化街区保护规划（2024—2035年）.pdf'),
  adoptionExplanation: doc('古城保护规划意见采纳情况说明（随文公布）.pdf'),
  exec2025: doc('古城保护规划2025年度实施情况报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'culture',
    type: 'DraftPrepared',
    occurredAt: at('2024-07-08'),
    data: {
      draft: D.draft,
      legalBases: ['《中华人民共和国文物保护法》', '《历史文化名城名镇名村保护条例》', '《中华人民共和国城乡规划法》'],
    },
  },
  {
    as: 'culture',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2024-07-22', '16:00'),
    data: { unitIds: [O.land, O.housing, O.urban, O.yunxi], agreed: true },
  },
  {
    as: 'culture',
    type: 'PublicParticipationRecorded',
    occurredAt: at('2024-07-25', '17:00'),
    data: { method: 'field_visit', heldOn: '2024-07-25', participantsCount: 120, record: D.fieldVisit },
  },
  {
    as: 'culture',
    type: 'PublicCommentOpened',
    occurredAt: at('2024-08-05'),
    data: {
      channels: ['gov_website', 'newspaper', 'other'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市政府网站、规划展示馆现场留言、信函',
      opensAt: at('2024-08-05'),
      closesAt: at('2024-09-06', '17:00'),
    },
  },
  {
    as: 'culture',
    type: 'ExpertPanelFormed',
    occurredAt: at('2024-08-12'),
    data: {
      experts: [
        { name: '徐怀瑾', affiliation: '江南大学建筑与城市规划学院', directInterest: false },
        { name: '宋亦白', affiliation: '江南省文物考古研究院', directInterest: false },
        { name: '江南省古建筑保护研究所', affiliation: '江南省古建筑保护研究所', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'culture',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-08-30', '10:00'),
    data: { expertName: '徐怀瑾', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertXu },
  },
  {
    as: 'culture',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-08-30', '14:00'),
    data: { expertName: '宋亦白', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertSong },
  },
  {
    as: 'culture',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2024-08-30', '16:00'),
    data: {
      expertName: '江南省古建筑保护研究所',
      form: 'commissioned',
      conclusion: 'supports',
      signed: true,
      stamped: true,
      opinion: D.expertInstitute,
    },
  },
  {
    as: 'culture',
    type: 'PublicCommentClosed',
    occurredAt: at('2024-09-06', '17:00'),
    data: { closedAt: at('2024-09-06', '17:00'), commentsCount: 655 },
  },
  {
    as: 'culture',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2024-09-12'),
    data: {
      summary: D.adoption,
      received: 775,
      adopted: 88,
      notAdopted: [{ opinion: '允许街区内原住民自行翻建三层以上住宅', reason: '违反历史文化街区建筑高度控制要求' }],
    },
  },
  {
    as: 'culture',
    type: 'ExpertOpinionsProcessed',
    occurredAt: at('2024-09-13'),
    data: { adopted: 3, notAdopted: [] },
  },
  {
    as: 'culture',
    type: 'LegalityReviewRequested',
    occurredAt: at('2024-09-23'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《历史文化名城名镇名村保护条例》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2024-10-10', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['市政府法律顾问：合法', '公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'culture',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2024-10-14'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.adoption,
        expertOpinionAdoption: D.expertAdoption,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2024-10-22', '15:00'),
    data: meeting({
      heldAt: at('2024-10-22', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意，建议保护与民生改善并重。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意保护规划，按程序报市人大常委会。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2024-10-24'),
    data: { reportedAt: at('2024-10-24'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'PeoplesCongressReported',
    occurredAt: at('2024-10-29', '15:00'),
    data: { reportedAt: at('2024-10-29', '14:30'), record: D.npcRecord },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2024-11-06'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper'],
      publishedAt: at('2024-11-06'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2024-11-06', '10:00'), data: { unitId: O.culture } },
]

export const heritageProtection: DemoDecision<DemoActorName> = {
  key: 'heritage-protection',
  expect: { status: 'compliant', findings: [] },
  decision: {
    as: 'office',
    occurredAt: at('2024-06-17'),
    data: {
      title: '江州古城历史文化街区保护规划（2024—2035年）',
      summary: '划定古城内5片历史文化街区的核心保护范围和建设控制地带，明确132处历史建筑的保护要求。',
      organId: O.city,
      undertakingUnitId: O.culture,
      coUnitIds: [O.land],
      category: 'development_plan',
      catalogRef: '江州市2024年度重大行政决策事项目录第1项',
      flags: flags(['vitalInterestOrMajorDisagreement', 'professionalTechnical', 'involvesOtherUnits', 'npcMatter']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2024-11-28'),
      data: { archivedAt: at('2024-11-28'), items: docsIn(steps), archiveRef: '江府档〔2024〕038号' },
    },
    {
      as: 'cultureExec',
      type: 'ExecutionReported',
      occurredAt: at('2025-11-03'),
      data: { period: '2025年度（完成12处历史建筑修缮）', report: D.exec2025 },
    },
    {
      as: 'office',
      type: 'DecisionAdjusted',
      occurredAt: at('2025-11-10'),
      data: {
        major: false,
        description: '更正规划图则中两处历史建筑保护范围界线的坐标表述，不涉及保护范围的实质调整。',
      },
    },
  ],
}
