// Compliant on paper, but the expert argumentation — said to have been held in June — was only
// entered in September, during the office's self-inspection before the provincial rule-of-law
// assessment, well after the decision had been taken and archived. The service keeps both
// times: ordered by `occurredAt` the steps are in place; `recordedAt` shows the backfill.
// Expected: late-recording warnings on the three expert events (status compliant, as warnings
// do not count); asked "as known at 2025-08-01", the report shows expert-argumentation-missing.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市高排放非道路移动机械禁止使用区域划定方案（征求意见稿）.pdf'),
  explanation: doc('高排放非道路移动机械禁用区划定方案起草说明.pdf'),
  expertMeeting: doc('非道路移动机械禁用区划定专家论证会纪要（签名）.pdf'),
  adoption: doc('非道路移动机械禁用区方案公众意见采纳情况.pdf'),
  expertAdoption: doc('非道路移动机械禁用区方案专家意见采纳情况.pdf'),
  fcr: doc('非道路移动机械禁用区方案公平竞争审查意见书.pdf'),
  procedures: doc('非道路移动机械禁用区方案履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕52号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第67次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于非道路移动机械禁用区方案的复函.pdf'),
  published: doc('江政通〔2025〕9号 江州市人民政府关于划定高排放非道路移动机械禁止使用区域的通告.pdf'),
  adoptionExplanation: doc('非道路移动机械禁用区方案意见采纳情况说明（随文公布）.pdf'),
}

/** The day the self-inspection entered the expert steps. */
const backfilledAt = at('2025-09-02', '10:30')

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'eco',
    type: 'DraftPrepared',
    occurredAt: at('2025-04-28'),
    data: {
      draft: D.draft,
      legalBases: ['《中华人民共和国大气污染防治法》', '《非道路移动柴油机械排气烟度限值及测量方法》（GB 36886—2018）'],
    },
  },
  {
    as: 'eco',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-05-12'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市生态环境局网站、电子邮件 sthjj_dqk@jiangzhou.example',
      opensAt: at('2025-05-12'),
      closesAt: at('2025-06-13', '17:00'),
    },
  },
  {
    as: 'eco',
    type: 'ExpertPanelFormed',
    occurredAt: at('2025-06-09'),
    recordedAt: backfilledAt,
    data: {
      experts: [
        { name: '柏青', affiliation: '江南理工大学能源与动力工程学院', directInterest: false },
        { name: '章雨辰', affiliation: '江南省机动车排污监控中心', directInterest: false },
        { name: '戚文斌', affiliation: '江州市建筑业协会', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'eco',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-06-12', '15:00'),
    recordedAt: at('2025-09-02', '10:40'),
    data: {
      expertName: '柏青、章雨辰、戚文斌',
      form: 'meeting',
      conclusion: 'conditional',
      signed: true,
      opinion: D.expertMeeting,
    },
  },
  {
    as: 'eco',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-06-13', '17:00'),
    data: { closedAt: at('2025-06-13', '17:00'), commentsCount: 198 },
  },
  {
    as: 'eco',
    type: 'ExpertOpinionsProcessed',
    occurredAt: at('2025-06-16'),
    recordedAt: at('2025-09-02', '10:50'),
    data: {
      adopted: 2,
      notAdopted: [{ opinion: '戚文斌：给予施工企业两年过渡期', reason: '大气污染防治攻坚任务紧迫，过渡期定为六个月' }],
    },
  },
  {
    as: 'eco',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-06-18'),
    data: {
      summary: D.adoption,
      received: 198,
      adopted: 22,
      notAdopted: [{ opinion: '将禁用区扩大至全市域', reason: '外围乡镇监管能力不足，分步推进' }],
    },
  },
  {
    as: 'samr',
    type: 'FairCompetitionReviewCompleted',
    occurredAt: at('2025-06-20'),
    data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr },
  },
  {
    as: 'eco',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-06-23'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《中华人民共和国大气污染防治法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-07-03', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'eco',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-07-08'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.adoption,
        expertOpinionAdoption: D.expertAdoption,
        fairCompetitionReview: D.fcr,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-07-15', '15:00'),
    data: meeting({
      heldAt: at('2025-07-15', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意。'],
        [P.chengYiming, 'support', '同意，做好对施工企业的政策解读。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意方案。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-07-17'),
    data: { reportedAt: at('2025-07-17'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-07-24'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper'],
      publishedAt: at('2025-07-24'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-07-24', '10:00'), data: { unitId: O.eco } },
]

export const machineryRestriction: DemoDecision<DemoActorName> = {
  key: 'machinery-restriction',
  expect: { status: 'compliant', findings: ['late-recording'] },
  expectAsKnownAt: {
    knownAt: '2025-08-01T00:00:00+08:00',
    status: 'noncompliant',
    findings: ['expert-argumentation-missing'],
  },
  decision: {
    as: 'office',
    occurredAt: at('2025-04-14'),
    data: {
      title: '江州市高排放非道路移动机械禁止使用区域划定方案',
      summary: '将中心城区及三个工业园区划为高排放非道路移动机械禁用区，国二及以下排放标准的挖掘机、装载机等禁止进入。',
      organId: O.city,
      undertakingUnitId: O.eco,
      category: 'public_policy',
      catalogRef: '江州市2025年度重大行政决策事项目录第5项',
      flags: flags(['professionalTechnical', 'marketEntityActivity']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      // The paper file held the expert minutes; only the electronic record lagged behind.
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-08-05'),
      data: { archivedAt: at('2025-08-05'), items: docsIn(steps), archiveRef: '江府档〔2025〕029号' },
    },
  ],
}
