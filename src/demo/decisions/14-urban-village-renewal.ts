// In progress, on track: the urban-village renewal plan, undertaken by the housing bureau now
// headed by 郑国栋 (who headed the transport bureau until 2025-03-31). The comment period is
// still open (it closes on 2026-11-30); experts have started to submit opinions; the risk
// assessment, the legality review and the executive meeting lie ahead of the 2026-12-31 due date.
// Expected: in_progress, no findings; pending obligations.
import { at, doc, flags } from '../build'
import { type DemoActorName, O } from '../jurisdiction'
import type { DemoDecision } from '../types'

const D = {
  draft: doc('江州市城中村改造实施方案（2026—2030年）（征求意见稿）.pdf'),
  explanation: doc('城中村改造实施方案起草说明.pdf'),
  specialGroups: doc('城中村改造涉改村（居）民及商户代表协商会纪要.pdf'),
  fieldVisit: doc('城中村改造入户调查记录汇编.pdf'),
  expertRen: doc('任家驹教授论证意见（签名）.pdf'),
}

export const urbanVillageRenewal: DemoDecision<DemoActorName> = {
  key: 'urban-village-renewal',
  expect: { status: 'in_progress', findings: [] },
  decision: {
    as: 'office2',
    occurredAt: at('2026-09-07'),
    data: {
      title: '江州市城中村改造实施方案（2026—2030年）',
      summary: '五年内分类推进27个城中村改造，其中拆除新建9个、整治提升18个，涉及居民约3.1万户。',
      organId: O.city,
      undertakingUnitId: O.housing,
      coUnitIds: [O.land],
      category: 'development_plan',
      catalogRef: '江州市2026年度重大行政决策事项目录第4项',
      flags: flags([
        'specialGroupInterest',
        'vitalInterestOrMajorDisagreement',
        'professionalTechnical',
        'stabilityOrSafetyRisk',
        'involvesOtherUnits',
      ]),
      decisionDueBy: '2026-12-31',
      rulebook: 'cn-713',
      proposal: {
        source: 'department',
        problem: '城中村普遍存在消防、内涝和公共服务设施短板。',
        necessity: '国家推进超大特大城市和城区常住人口300万以上大城市城中村改造。',
      },
    },
  },
  events: [
    {
      as: 'housing',
      type: 'DraftPrepared',
      occurredAt: at('2026-09-21'),
      data: {
        draft: D.draft,
        legalBases: [
          '《国有土地上房屋征收与补偿条例》',
          '《中华人民共和国土地管理法》',
          '《江南省城中村改造管理办法》',
        ],
      },
    },
    {
      as: 'housing',
      type: 'InterUnitConsultationRecorded',
      occurredAt: at('2026-10-13', '16:00'),
      data: { unitIds: [O.finance, O.ndrc, O.minghu, O.yunxi, O.qingfeng], agreed: true },
    },
    {
      as: 'housing',
      type: 'PublicCommentOpened',
      occurredAt: at('2026-10-19'),
      data: {
        channels: ['gov_website', 'gov_new_media', 'newspaper'],
        draft: D.draft,
        explanation: D.explanation,
        submissionMethod: '市政府网站意见征集栏目、各区政府便民服务中心书面意见箱',
        opensAt: at('2026-10-19'),
        closesAt: at('2026-11-30', '17:00'),
      },
    },
    {
      as: 'housing',
      type: 'SpecialGroupConsulted',
      occurredAt: at('2026-10-28', '14:30'),
      data: {
        organisations: ['涉改造城中村村（居）民委员会', '被征收人代表', '江州市工商业联合会（涉改区域个体工商户）'],
        record: D.specialGroups,
      },
    },
    {
      as: 'housing',
      type: 'ExpertPanelFormed',
      occurredAt: at('2026-11-03'),
      data: {
        experts: [
          { name: '任家驹', affiliation: '江南大学建筑与城市规划学院', directInterest: false },
          { name: '闻晓', affiliation: '江南省城乡规划设计研究院', directInterest: false },
          { name: '蔡明澈', affiliation: '江南衡正律师事务所', directInterest: false },
        ],
        includesDifferingViews: true,
      },
    },
    {
      as: 'housing',
      type: 'PublicParticipationRecorded',
      occurredAt: at('2026-11-06', '17:00'),
      data: { method: 'field_visit', heldOn: '2026-11-06', participantsCount: 230, record: D.fieldVisit },
    },
    {
      as: 'housing',
      type: 'ExpertOpinionSubmitted',
      occurredAt: at('2026-11-12', '10:00'),
      data: { expertName: '任家驹', form: 'written', conclusion: 'supports', signed: true, opinion: D.expertRen },
    },
  ],
}
