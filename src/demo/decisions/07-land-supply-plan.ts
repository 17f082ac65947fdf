// 久拖不决: the annual land supply plan had to be decided by 2026-03-31. The districts could not
// agree on the split of residential land (the dispute was reported, as Art. 13 asks), the
// legality review asked for changes, and then nothing happened for six months. The province
// determines undue delay; the bureau revises the draft in September, and as of today the plan
// has still not been put before the executive meeting.
// Expected: noncompliant — decision-delayed (major); still in progress (legality review,
// submission and discussion pending).
import { at, doc, flags } from '../build'
import { type DemoActorName, O } from '../jurisdiction'
import type { DemoDecision } from '../types'

const D = {
  draft1: doc('江州市2026年度国有建设用地供应计划（草案）.pdf'),
  disputeReport: doc('关于2026年度供地计划协商分歧情况的报告.pdf'),
  explanation: doc('2026年度国有建设用地供应计划编制说明.pdf'),
  adoption: doc('2026年度供地计划公众意见采纳情况.pdf'),
  procedures: doc('2026年度供地计划履行程序情况说明.pdf'),
  legality: doc('江司审〔2026〕17号 合法性审查意见书.pdf'),
  undueDelay: doc('江南省人民政府督查室关于江州市2026年度供地计划久拖不决的认定意见.pdf'),
  draft2: doc('江州市2026年度国有建设用地供应计划（修改稿）.pdf'),
}

export const landSupplyPlan: DemoDecision<DemoActorName> = {
  key: 'land-supply-plan',
  expect: { status: 'noncompliant', findings: ['decision-delayed'] },
  decision: {
    as: 'office2',
    occurredAt: at('2025-11-17'),
    data: {
      title: '江州市2026年度国有建设用地供应计划',
      summary: '计划供应国有建设用地1180公顷，其中住宅用地210公顷、工业用地460公顷、基础设施和公共服务用地510公顷。',
      organId: O.city,
      undertakingUnitId: O.land,
      category: 'resource_policy',
      catalogRef: '江州市2026年度重大行政决策事项目录第1项',
      flags: flags(['involvesOtherUnits']),
      decisionDueBy: '2026-03-31',
      rulebook: 'cn-713',
    },
  },
  events: [
    {
      as: 'land',
      type: 'DraftPrepared',
      occurredAt: at('2025-12-08'),
      data: {
        draft: D.draft1,
        legalBases: [
          '《中华人民共和国土地管理法》',
          '《中华人民共和国土地管理法实施条例》',
          '《国有建设用地供应计划编制规范》',
        ],
      },
    },
    {
      as: 'land',
      type: 'InterUnitConsultationRecorded',
      occurredAt: at('2026-01-13', '16:00'),
      data: {
        unitIds: [O.ndrc, O.finance, O.housing, O.minghu, O.yunxi, O.qingfeng],
        agreed: false,
        disputes: [
          '明湖区与云溪区对2026年度住宅用地指标分配比例存在分歧',
          '市财政局提出经营性用地出让收入预期应下调，与计划供应规模不匹配',
        ],
        disputeReport: D.disputeReport,
      },
    },
    {
      as: 'land',
      type: 'PublicCommentOpened',
      occurredAt: at('2026-01-19'),
      data: {
        channels: ['gov_website'],
        draft: D.draft1,
        explanation: D.explanation,
        submissionMethod: '市自然资源和规划局网站、电子邮件 zgj_tdk@jiangzhou.example',
        opensAt: at('2026-01-19'),
        closesAt: at('2026-02-27', '17:00'),
      },
    },
    {
      as: 'land',
      type: 'PublicCommentClosed',
      occurredAt: at('2026-02-27', '17:00'),
      data: { closedAt: at('2026-02-27', '17:00'), commentsCount: 86 },
    },
    {
      as: 'land',
      type: 'PublicOpinionsProcessed',
      occurredAt: at('2026-03-06'),
      data: {
        summary: D.adoption,
        received: 86,
        adopted: 9,
        notAdopted: [
          { opinion: '大幅增加中心城区住宅用地供应', reason: '中心城区可供地块有限，且需与人口流入趋势相匹配' },
        ],
      },
    },
    {
      as: 'land',
      type: 'LegalityReviewRequested',
      occurredAt: at('2026-03-10'),
      data: {
        reviewBodyId: O.justice,
        draft: D.draft1,
        legalBases: ['《中华人民共和国土地管理法》'],
        proceduresStatement: D.procedures,
      },
    },
    {
      id: 'opinion',
      as: 'justice2',
      type: 'LegalityReviewOpinionIssued',
      occurredAt: at('2026-03-20', '16:00'),
      data: {
        conclusion: 'lawful_with_changes',
        covers: { authority: true, procedure: true, content: true },
        counselOpinions: ['市政府法律顾问：总体合法，个别条款需修改'],
        requiredChanges: ['删除"竞得人须为本市注册企业"的表述，不得设置排除或限制竞争的条件'],
        opinion: D.legality,
      },
    },
    {
      as: 'inspector',
      type: 'SeriousErrorDetermined',
      occurredAt: at('2026-08-20'),
      data: {
        kind: 'undue_delay',
        loss: '年度供地计划逾期近五个月未决，上半年经营性用地无计划可依，供应量同比下降41%，12个已签约产业项目无法按期落地。',
        basis: D.undueDelay,
      },
    },
    {
      as: 'land',
      type: 'DraftRevised',
      occurredAt: at('2026-09-21'),
      data: {
        draft: D.draft2,
        reason: '按合法性审查意见删除本地注册企业条件；按市政府专题会议协调意见调整明湖区、云溪区住宅用地分配。',
        respondsTo: ['@opinion'],
      },
    },
  ],
}
