// An exploratory reform done properly: the health commission's own legal office pre-reviews
// the draft; the justice bureau finds the insurance-fund provisions lack a national basis
// ("unlawful"), so the package carries the legal-risk disclosure that Art. 25(2) requires for
// exploratory reforms; the standing committee of the people's congress is reported to; a
// post-evaluation by an independent university centre leads to a minor adjustment.
// Expected: compliant, no findings.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市紧密型城市医疗集团建设改革实施方案（征求意见稿）.pdf'),
  explanation: doc('紧密型城市医疗集团改革方案起草说明.pdf'),
  symposium: doc('医务人员和患者代表座谈会记录.pdf'),
  expertYu: doc('俞文澜教授论证意见（签名）.pdf'),
  expertGuan: doc('关少峰主任医师论证意见（签名）.pdf'),
  expertInstitute: doc('江南省卫生发展研究中心论证意见（盖章）.pdf'),
  adoption: doc('医疗集团改革方案公众意见采纳情况.pdf'),
  expertAdoption: doc('医疗集团改革方案专家意见采纳情况.pdf'),
  contingency: doc('医疗集团改革风险应急处置预案.pdf'),
  riskReport: doc('医疗集团改革社会稳定风险评估报告.pdf'),
  preReview: doc('市卫生健康委法规科合法性初审意见.pdf'),
  procedures: doc('医疗集团改革方案履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕41号 合法性审查意见书.pdf'),
  legalRisk: doc('医疗集团改革医保基金打包付费法律风险提示.pdf'),
  minutes: doc('江州市人民政府第64次常务会议纪要.pdf'),
  partyReply: doc('市委全面深化改革委员会办公室复函.pdf'),
  npcRecord: doc('市人大常委会第二十九次会议听取改革方案报告的审议意见.pdf'),
  published: doc('江政发〔2025〕14号 江州市紧密型城市医疗集团建设改革实施方案.pdf'),
  adoptionExplanation: doc('医疗集团改革方案意见采纳情况说明（随文公布）.pdf'),
  exec2025: doc('医疗集团改革2025年下半年执行情况报告.pdf'),
  postEvaluation: doc('紧密型城市医疗集团改革决策后评估报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'health',
    type: 'DraftPrepared',
    occurredAt: at('2025-03-17'),
    data: {
      draft: D.draft,
      legalBases: [
        '《中华人民共和国基本医疗卫生与健康促进法》',
        '《医疗机构管理条例》',
        '国家卫生健康委等部门关于开展紧密型城市医疗集团建设试点工作的通知',
      ],
    },
  },
  {
    as: 'health',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2025-04-07', '16:00'),
    data: { unitIds: [O.finance, O.ndrc], agreed: true },
  },
  {
    as: 'health',
    type: 'PublicParticipationRecorded',
    occurredAt: at('2025-04-10', '14:30'),
    data: { method: 'symposium', heldOn: '2025-04-10', participantsCount: 52, record: D.symposium },
  },
  {
    as: 'health',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-04-14'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市政府网站意见征集栏目、电子邮件 wjw_tgk@jiangzhou.example',
      opensAt: at('2025-04-14'),
      closesAt: at('2025-05-16', '17:00'),
    },
  },
  {
    as: 'health',
    type: 'ExpertPanelFormed',
    occurredAt: at('2025-04-15'),
    data: {
      experts: [
        { name: '俞文澜', affiliation: '江南医科大学公共卫生学院', directInterest: false },
        { name: '关少峰', affiliation: '江南省人民医院', directInterest: false },
        { name: '江南省卫生发展研究中心', affiliation: '江南省卫生发展研究中心', directInterest: false },
      ],
      includesDifferingViews: true,
    },
  },
  {
    as: 'health',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-05-08', '10:00'),
    data: { expertName: '俞文澜', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertYu },
  },
  {
    as: 'health',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-05-08', '14:00'),
    data: { expertName: '关少峰', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertGuan },
  },
  {
    as: 'health',
    type: 'ExpertOpinionSubmitted',
    occurredAt: at('2025-05-08', '16:00'),
    data: {
      expertName: '江南省卫生发展研究中心',
      form: 'commissioned',
      conclusion: 'conditional',
      signed: true,
      stamped: true,
      opinion: D.expertInstitute,
    },
  },
  {
    as: 'health',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-05-16', '17:00'),
    data: { closedAt: at('2025-05-16', '17:00'), commentsCount: 438 },
  },
  {
    as: 'health',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-05-23'),
    data: {
      summary: D.adoption,
      received: 490,
      adopted: 46,
      notAdopted: [
        {
          opinion: '社区卫生服务中心人员编制全部上收至牵头医院',
          reason: '与基层医疗卫生机构独立法人地位不符，采取"人员柔性流动"方式',
        },
      ],
    },
  },
  {
    as: 'health',
    type: 'ExpertOpinionsProcessed',
    occurredAt: at('2025-05-26'),
    data: {
      adopted: 2,
      notAdopted: [{ opinion: '关少峰：第一年即全面推行医保打包付费', reason: '风险较大，先在两个医疗集团试行' }],
    },
  },
  {
    as: 'assessor',
    type: 'RiskAssessmentCompleted',
    occurredAt: at('2025-06-03'),
    data: {
      assessorOrgId: O.riskInstitute,
      riskPoints: ['基层医务人员对薪酬调整的顾虑', '患者对转诊流程变化的不适应'],
      preventionMeasures: ['薪酬总额"只增不减"过渡安排', '开通转诊绿色通道并加强宣传'],
      contingencyPlan: D.contingency,
      departmentOpinions: ['市医疗保障局：同意', '市财政局：同意', '市信访局：风险可控'],
      level: 'medium',
      controllable: true,
      report: D.riskReport,
    },
  },
  {
    as: 'health',
    type: 'LegalityPreReviewCompleted',
    occurredAt: at('2025-06-05'),
    data: { officeId: O.health, opinion: D.preReview },
  },
  {
    as: 'health',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-06-09'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《中华人民共和国基本医疗卫生与健康促进法》', '《医疗保障基金使用监督管理条例》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-06-20', '16:00'),
    data: {
      conclusion: 'unlawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: [
        '市政府法律顾问：医保基金对医疗集团"总额付费、结余留用"缺乏上位法明确授权，属探索性改革，应作法律风险提示',
      ],
      legalRiskDisclosure: D.legalRisk,
      opinion: D.legality,
    },
  },
  {
    as: 'health',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-06-27'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.adoption,
        expertOpinionAdoption: D.expertAdoption,
        riskReport: D.riskReport,
        legalRiskDisclosure: D.legalRisk,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-07-08', '15:00'),
    data: meeting({
      heldAt: at('2025-07-08', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意，医保打包付费先行试点。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意，做好法律风险防控。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'reserve', '建议明确试点退出机制。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意方案，吸收邵副市长意见，增加试点评估和退出条款。'],
      ],
      outcome: 'amend',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-07-10'),
    data: { reportedAt: at('2025-07-10'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'PeoplesCongressReported',
    occurredAt: at('2025-07-22'),
    data: { reportedAt: at('2025-07-22', '14:30'), record: D.npcRecord },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-07-30'),
    data: {
      channels: ['gazette', 'gov_website', 'newspaper'],
      publishedAt: at('2025-07-30'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-07-30', '10:00'), data: { unitId: O.health } },
]

export const healthcareConsortium: DemoDecision<DemoActorName> = {
  key: 'healthcare-consortium',
  expect: { status: 'compliant', findings: [] },
  decision: {
    as: 'office',
    occurredAt: at('2025-03-03'),
    data: {
      title: '江州市紧密型城市医疗集团建设改革实施方案',
      summary: '组建4个紧密型城市医疗集团，实行人员统筹、药品耗材统一管理，试行医保基金"总额付费、结余留用"。',
      organId: O.city,
      undertakingUnitId: O.health,
      coUnitIds: [O.medsec],
      category: 'public_policy',
      catalogRef: '江州市2025年度重大行政决策事项目录第2项',
      flags: flags([
        'professionalTechnical',
        'stabilityOrSafetyRisk',
        'involvesOtherUnits',
        'exploratoryReform',
        'npcMatter',
      ]),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-08-20'),
      data: { archivedAt: at('2025-08-20'), items: docsIn(steps), archiveRef: '江府档〔2025〕027号' },
    },
    {
      as: 'healthExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-01-20'),
      data: { period: '2025年下半年', report: D.exec2025 },
    },
    {
      id: 'evaluation',
      as: 'office2',
      type: 'PostEvaluationCompleted',
      occurredAt: at('2026-08-28'),
      data: {
        evaluatorOrgId: O.university,
        trigger: 'scheduled',
        publicInput: true,
        outcome: 'adjust',
        report: D.postEvaluation,
      },
    },
    {
      as: 'office2',
      type: 'DecisionAdjusted',
      occurredAt: at('2026-09-15'),
      data: {
        major: false,
        description: '根据后评估建议，将基层医疗卫生机构全部纳入医疗集团的时限由2026年底延至2027年6月。',
        basisEventId: '@evaluation',
      },
    },
  ],
}
