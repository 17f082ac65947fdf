// By the book, with friction: the justice bureau returns an incomplete review request, the
// second request gets "lawful with changes", the draft is revised in response, and a minor
// adjustment follows a year later. Handled at the NDRC by 吴宇航, who moved there from the
// transport bureau on 2025-07-01. The water bureau (executing unit) also tries to record the
// adjustment itself and is refused (403).
// Expected: compliant, no findings.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft1: doc('江州市居民生活用水阶梯水价调整方案（征求意见稿）.pdf'),
  explanation: doc('居民阶梯水价调整方案起草说明及成本监审报告.pdf'),
  selection: doc('居民阶梯水价调整听证会参加人遴选办法.pdf'),
  specialGroups: doc('阶梯水价调整低收入家庭及残疾人代表座谈纪要.pdf'),
  expertTang: doc('汤思远教授论证意见（签名）.pdf'),
  expertMiao: doc('缪凤仪高级工程师论证意见（签名）.pdf'),
  hearingRecord: doc('江州市居民阶梯水价调整听证会笔录.pdf'),
  opinionAdoption: doc('阶梯水价调整公众意见采纳情况.pdf'),
  expertAdoption: doc('阶梯水价调整专家意见采纳情况.pdf'),
  procedures1: doc('阶梯水价调整方案履行程序情况说明.pdf'),
  procedures2: doc('阶梯水价调整方案履行程序情况说明（补正）.pdf'),
  legality: doc('江司审〔2025〕64号 合法性审查意见书.pdf'),
  draft2: doc('江州市居民生活用水阶梯水价调整方案（修改稿）.pdf'),
  minutes: doc('江州市人民政府第71次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于阶梯水价调整方案的复函.pdf'),
  published: doc('江政规〔2025〕8号 江州市人民政府关于调整居民生活用水阶梯水价的通知.pdf'),
  adoptionExplanation: doc('阶梯水价调整意见采纳情况说明（随文公布）.pdf'),
  exec2026h1: doc('阶梯水价调整2026年上半年执行情况报告.pdf'),
}

const participants = [
  { name: '王秀英', constituency: '居民用户（退休职工）' },
  { name: '刘建军', constituency: '居民用户（多人口家庭）' },
  { name: '郭晓燕', constituency: '居民用户（社区代表）' },
  { name: '江州水务集团有限公司代表', constituency: '经营者' },
  { name: '沈立新', constituency: '市人大代表' },
  { name: '何静', constituency: '市政协委员' },
  { name: '汤思远', constituency: '专家' },
]

const adjustment = '明确多人口家庭按户籍人口核增阶梯水量的申请材料和办理时限（由20个工作日缩短为10个工作日）。'

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'ndrcWu',
    type: 'DraftPrepared',
    occurredAt: at('2025-07-21'),
    data: {
      draft: D.draft1,
      legalBases: [
        '《中华人民共和国价格法》第二十三条',
        '《政府制定价格听证办法》',
        '《城镇供水价格管理办法》（国家发展改革委、住房城乡建设部令第46号）',
        '《城镇供水定价成本监审办法》',
      ],
    },
  },
  {
    as: 'ndrcWu',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-08-04'),
    data: {
      channels: ['gov_website', 'gov_new_media', 'newspaper'],
      draft: D.draft1,
      explanation: D.explanation,
      submissionMethod: '市发展改革委网站、电子邮件 fgw_jgk@jiangzhou.example',
      opensAt: at('2025-08-04'),
      closesAt: at('2025-09-05', '17:00'),
    },
  },
  {
    as: 'ndrcWu',
    type: 'HearingNoticed',
    occurredAt: at('2025-08-11'),
    data: {
      hearingAt: at('2025-09-10', '09:30'),
      place: '江州市民中心三楼听证厅',
      draft: D.draft1,
      explanation: D.explanation,
      selectionMethod: D.selection,
    },
  },
  {
    as: 'ndrcWu',
    type: 'ExpertPanelFormed',
    occurredAt: at('2025-08-15'),
    data: {
      experts: [
        { name: '汤思远', affiliation: '江南财经大学公共经济学院', directInterest: false },
        { name: '缪凤仪', affiliation: '江南省城乡规划设计研究院给排水所', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'ndrcWu',
    type: 'SpecialGroupConsulted',
    occurredAt: at('2025-08-20', '14:30'),
    data: { organisations: ['江州市残疾人联合会', '江州市老龄协会', '城乡低保家庭代表'], record: D.specialGroups },
  },
  { as: 'ndrcWu', type: 'HearingParticipantsPublished', occurredAt: at('2025-08-25'), data: { participants } },
  {
    as: 'ndrcWu',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-08-27', '10:00'),
    data: { expertName: '汤思远', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertTang },
  },
  {
    as: 'ndrcWu',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-08-27', '15:00'),
    data: { expertName: '缪凤仪', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertMiao },
  },
  {
    as: 'ndrcWu',
    type: 'HearingMaterialsDelivered',
    occurredAt: at('2025-08-29', '16:00'),
    data: { deliveredAt: at('2025-08-29', '16:00') },
  },
  {
    as: 'ndrcWu',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-09-05', '17:00'),
    data: { closedAt: at('2025-09-05', '17:00'), commentsCount: 967 },
  },
  {
    as: 'ndrcWu',
    type: 'HearingHeld',
    occurredAt: at('2025-09-10', '09:30'),
    data: { heldAt: at('2025-09-10', '09:30'), participants, record: D.hearingRecord, recordSignedByAll: true },
  },
  { as: 'ndrcWu', type: 'ExpertOpinionsProcessed', occurredAt: at('2025-09-15'), data: { adopted: 2, notAdopted: [] } },
  {
    as: 'ndrcWu',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-09-16'),
    data: {
      summary: D.opinionAdoption,
      received: 981,
      adopted: 54,
      notAdopted: [
        { opinion: '第一阶梯水量提高至每户每年240立方米', reason: '将削弱节水激励，现行180立方米已覆盖约85%的家庭' },
      ],
    },
  },
  {
    as: 'ndrc',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-09-22'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft1,
      legalBases: ['《中华人民共和国价格法》第二十三条', '《城镇供水价格管理办法》'],
      proceduresStatement: D.procedures1,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewReturned',
    occurredAt: at('2025-09-24', '15:00'),
    data: {
      reason: '送审材料不齐全：未附成本监审报告和听证会笔录，程序说明未载明听证程序履行情况。请补正后重新报送。',
    },
  },
  {
    as: 'ndrc',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-10-09'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft1,
      legalBases: ['《中华人民共和国价格法》第二十三条', '《城镇供水价格管理办法》', '《政府制定价格听证办法》'],
      proceduresStatement: D.procedures2,
    },
  },
  {
    id: 'opinion',
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-10-17', '16:00'),
    data: {
      conclusion: 'lawful_with_changes',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['市政府法律顾问：程序合法，建议完善困难群体保障条款', '公职律师：同意'],
      requiredChanges: [
        '增加城乡低保家庭、特困人员每户每月5立方米免费用水量的规定',
        '明确阶梯水量按户籍人口核增的办理程序',
      ],
      opinion: D.legality,
    },
  },
  {
    as: 'ndrc',
    type: 'DraftRevised',
    occurredAt: at('2025-10-21'),
    data: {
      draft: D.draft2,
      reason: '按合法性审查意见增加困难群体免费水量条款并明确核增程序。',
      respondsTo: ['@opinion'],
    },
  },
  {
    as: 'ndrc',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-10-23'),
    data: {
      package: {
        draft: D.draft2,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.opinionAdoption,
        expertOpinionAdoption: D.expertAdoption,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-10-28', '15:00'),
    data: meeting({
      heldAt: at('2025-10-28', '15:00'),
      membersTotal: 7,
      headId: P.shenJiahe,
      speakers: [
        [P.heQingyuan, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意，注意做好抄表到户衔接。'],
        [P.xuManlin, 'support', '困难群体保障条款很有必要，同意。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.shenJiahe, 'support', '会议同意修改稿，自2026年1月1日起执行。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-10-30'),
    data: { reportedAt: at('2025-10-30'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-11-05'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper', 'press_conference'],
      publishedAt: at('2025-11-05'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-11-05', '10:00'), data: { unitId: O.water } },
]

export const waterPriceTiers: DemoDecision<DemoActorName> = {
  key: 'water-price-tiers',
  expect: { status: 'compliant', findings: [] },
  decision: {
    as: 'office',
    occurredAt: at('2025-07-14'),
    data: {
      title: '江州市居民生活用水阶梯水价调整方案',
      summary: '第一阶梯水价由每立方米2.35元调整为2.80元，三级阶梯比价维持1:1.5:3，同时完善困难群体保障。',
      organId: O.city,
      undertakingUnitId: O.ndrc,
      coUnitIds: [O.water],
      category: 'public_policy',
      catalogRef: '江州市2025年度重大行政决策事项目录第6项',
      flags: flags([
        'specialGroupInterest',
        'vitalInterestOrMajorDisagreement',
        'hearingRequiredByLaw',
        'professionalTechnical',
      ]),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-11-28'),
      data: { archivedAt: at('2025-11-28'), items: docsIn(steps), archiveRef: '江府档〔2025〕036号' },
    },
    {
      // Refused on purpose: adjusting a decision is the organ's act, not the executing unit's.
      as: 'waterExec',
      type: 'DecisionAdjusted',
      occurredAt: at('2026-03-02', '09:30'),
      data: { major: false, description: adjustment },
      expectStatus: 403,
    },
    {
      as: 'office2',
      type: 'DecisionAdjusted',
      occurredAt: at('2026-03-02', '16:00'),
      data: { major: false, description: adjustment },
    },
    {
      as: 'waterExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-07-10'),
      data: { period: '2026年上半年', report: D.exec2026h1 },
    },
  ],
}
