// In progress: the bus network redesign. The transport clerk first tries to close a comment
// period that was never opened (refused, 409), then opens it properly. Comments from elderly
// riders and parents lead the office to strengthen the classification mid-way (stability risk,
// special group), which adds a risk assessment and a special-group consultation to the
// obligations; the consultation is done, the assessment is still to come.
// Expected: in_progress, no findings; risk assessment, opinion processing, legality review and
// discussion pending.
import { at, doc, flags } from '../build'
import { type DemoActorName, O } from '../jurisdiction'
import type { DemoDecision } from '../types'

const D = {
  draft: doc('江州市中心城区公交线网优化调整方案（征求意见稿）.pdf'),
  explanation: doc('公交线网优化调整方案起草说明.pdf'),
  symposium: doc('公交线网调整老年乘客代表座谈会记录.pdf'),
  specialGroups: doc('公交线网调整特定群体沟通协商纪要.pdf'),
  expertXing: doc('邢立教授线网优化论证意见（签名）.pdf'),
  expertLou: doc('娄佳宁高级工程师线网优化论证意见（签名）.pdf'),
}

export const busNetwork: DemoDecision<DemoActorName> = {
  key: 'bus-network',
  expect: { status: 'in_progress', findings: [] },
  decision: {
    as: 'office2',
    occurredAt: at('2026-09-14'),
    data: {
      title: '江州市中心城区公交线网优化调整方案',
      summary: '配合轨道交通4号线开通，撤并与地铁重复的公交线路23条、新辟接驳线路15条、调整走向31条。',
      organId: O.city,
      undertakingUnitId: O.transport,
      category: 'public_policy',
      catalogRef: '江州市2026年度重大行政决策事项目录第6项',
      flags: flags(['vitalInterestOrMajorDisagreement', 'professionalTechnical']),
      rulebook: 'cn-713',
    },
  },
  events: [
    {
      as: 'transportLegal',
      type: 'DraftPrepared',
      occurredAt: at('2026-09-28'),
      data: { draft: D.draft, legalBases: ['《城市公共交通条例》', '《江州市城市公共交通管理条例》'] },
    },
    {
      // Refused on purpose: nothing to close yet (409 no-open-comment-period).
      as: 'transportLegal',
      type: 'PublicCommentClosed',
      occurredAt: at('2026-10-10', '16:00'),
      data: { closedAt: at('2026-10-10', '16:00'), commentsCount: 0 },
      expectStatus: 409,
    },
    {
      as: 'transportLegal',
      type: 'PublicCommentOpened',
      occurredAt: at('2026-10-12'),
      data: {
        channels: ['gov_website', 'gov_new_media', 'newspaper'],
        draft: D.draft,
        explanation: D.explanation,
        submissionMethod: '市政府网站意见征集栏目、"江州交通"微信公众号、公交站台意见箱',
        opensAt: at('2026-10-12'),
        closesAt: at('2026-11-13', '17:00'),
      },
    },
    {
      as: 'transportLegal',
      type: 'ExpertPanelFormed',
      occurredAt: at('2026-10-20'),
      data: {
        experts: [
          { name: '邢立', affiliation: '江州大学交通运输工程学院', directInterest: false },
          { name: '娄佳宁', affiliation: '江南省城市交通规划研究中心', directInterest: false },
        ],
        includesDifferingViews: true,
      },
    },
    {
      as: 'transportLegal',
      type: 'PublicParticipationRecorded',
      occurredAt: at('2026-10-22', '14:30'),
      data: { method: 'symposium', heldOn: '2026-10-22', participantsCount: 40, record: D.symposium },
    },
    {
      as: 'office2',
      type: 'DecisionReclassified',
      occurredAt: at('2026-10-26'),
      data: {
        flags: { stabilityOrSafetyRisk: true, specialGroupInterest: true },
        reason:
          '征求意见期间收到大量老年乘客、学生家长关于撤并线路影响出行的意见，需开展社会稳定风险评估并与特定群体沟通协商。',
      },
    },
    {
      as: 'transportLegal',
      type: 'PublicCommentClosed',
      occurredAt: at('2026-11-13', '17:00'),
      data: { closedAt: at('2026-11-13', '17:00'), commentsCount: 2210 },
    },
    {
      as: 'transportLegal',
      type: 'ExpertOpinionSubmitted',
      occurredAt: at('2026-11-16', '10:00'),
      data: { expertName: '邢立', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertXing },
    },
    {
      as: 'transportLegal',
      type: 'ExpertOpinionSubmitted',
      occurredAt: at('2026-11-16', '15:00'),
      data: { expertName: '娄佳宁', form: 'written', conclusion: 'conditional', signed: true, opinion: D.expertLou },
    },
    {
      as: 'transportLegal',
      type: 'SpecialGroupConsulted',
      occurredAt: at('2026-11-19', '14:30'),
      data: {
        organisations: ['江州市老龄工作委员会办公室', '江州市残疾人联合会', '沿线中小学家长委员会'],
        record: D.specialGroups,
      },
    },
  ],
}
