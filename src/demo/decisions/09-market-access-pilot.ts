// A market access pilot, decided properly under the new mayor 沈嘉禾, then suspended by him
// after lobbying by trade associations — with no execution issue reported and no urgency — and
// later adjusted in a major way, which re-opens the procedures (cycle 2). Cycle 2 has redone
// the drafting, the comment period and the fair competition review; its legality review is
// pending.
// Expected: noncompliant — suspension-without-ground (cycle 1); cycle 2 in progress.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市放宽市场准入"一业一证"改革试点方案（征求意见稿）.pdf'),
  explanation: doc('"一业一证"改革试点方案起草说明.pdf'),
  adoption: doc('"一业一证"试点方案公众意见采纳情况.pdf'),
  fcr: doc('"一业一证"试点方案公平竞争审查意见书.pdf'),
  procedures: doc('"一业一证"试点方案履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕79号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第75次常务会议纪要.pdf'),
  partyReply: doc('市委办公室关于"一业一证"试点方案的复函.pdf'),
  published: doc('江政发〔2025〕23号 江州市放宽市场准入"一业一证"改革试点方案.pdf'),
  exec2026q1: doc('"一业一证"试点2026年第一季度执行情况报告.pdf'),
  // cycle 2
  draft2: doc('江州市放宽市场准入"一业一证"改革试点方案（调整稿·征求意见稿）.pdf'),
  explanation2: doc('"一业一证"试点方案调整说明.pdf'),
  adoption2: doc('"一业一证"试点调整方案公众意见采纳情况.pdf'),
  fcr2: doc('"一业一证"试点调整方案公平竞争审查意见书.pdf'),
  procedures2: doc('"一业一证"试点调整方案履行程序情况说明.pdf'),
}

const cycle1: DemoEvent<DemoActorName>[] = [
  {
    as: 'ndrc',
    type: 'DraftPrepared',
    occurredAt: at('2025-09-22'),
    data: {
      draft: D.draft,
      legalBases: ['《优化营商环境条例》', '《市场准入负面清单（2025年版）》', '《中华人民共和国行政许可法》'],
    },
  },
  {
    as: 'ndrc',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2025-09-29', '16:00'),
    data: { unitIds: [O.samr, O.health, O.culture, O.transport], agreed: true },
  },
  {
    as: 'ndrc',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-10-09'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市发展改革委网站、江州市企业服务平台',
      opensAt: at('2025-10-09'),
      closesAt: at('2025-11-10', '17:00'),
    },
  },
  {
    as: 'ndrc',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-11-10', '17:00'),
    data: { closedAt: at('2025-11-10', '17:00'), commentsCount: 312 },
  },
  {
    as: 'samr',
    type: 'FairCompetitionReviewCompleted',
    occurredAt: at('2025-11-14'),
    data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr },
  },
  {
    as: 'ndrc',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-11-17'),
    data: {
      summary: D.adoption,
      received: 312,
      adopted: 40,
      notAdopted: [{ opinion: '将医疗美容纳入试点行业', reason: '涉及医疗安全，暂不纳入' }],
    },
  },
  {
    as: 'ndrc',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-11-18'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《优化营商环境条例》', '《中华人民共和国行政许可法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice2',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-11-28', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'ndrc',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-12-02'),
    data: {
      package: {
        draft: D.draft,
        legalityOpinion: D.legality,
        publicOpinionAdoption: D.adoption,
        fairCompetitionReview: D.fcr,
      },
    },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-12-09', '15:00'),
    data: meeting({
      heldAt: at('2025-12-09', '15:00'),
      membersTotal: 7,
      headId: P.shenJiahe,
      speakers: [
        [P.heQingyuan, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意。'],
        [P.chengYiming, 'support', '同意，注意部门监管衔接。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.shenJiahe, 'support', '会议同意试点方案，2026年1月起实施。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-12-11'),
    data: { reportedAt: at('2025-12-11'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-12-17'),
    data: { channels: ['gazette', 'gov_website'], publishedAt: at('2025-12-17'), document: D.published },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-12-17', '10:00'), data: { unitId: O.samr } },
]

export const marketAccessPilot: DemoDecision<DemoActorName> = {
  key: 'market-access-pilot',
  expect: { status: 'noncompliant', findings: ['suspension-without-ground'] },
  decision: {
    as: 'office',
    occurredAt: at('2025-09-08'),
    data: {
      title: '江州市放宽市场准入"一业一证"改革试点方案',
      summary: '在38个行业试行"一业一证"，将一个行业准入涉及的多张许可证整合为一张行业综合许可证。',
      organId: O.city,
      undertakingUnitId: O.ndrc,
      coUnitIds: [O.samr],
      category: 'public_policy',
      catalogRef: '江州市2025年度重大行政决策事项目录第8项',
      flags: flags(['marketEntityActivity', 'involvesOtherUnits']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...cycle1,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2026-01-09'),
      data: { archivedAt: at('2026-01-09'), items: docsIn(cycle1), archiveRef: '江府档〔2026〕001号' },
    },
    {
      as: 'samrExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-04-10'),
      data: { period: '2026年第一季度', report: D.exec2026q1 },
    },
    {
      // No ExecutionIssueReported to rest on, and not urgent: Art. 37 wants one or the other.
      id: 'suspension',
      as: 'office2',
      type: 'DecisionSuspended',
      occurredAt: at('2026-05-18', '17:00'),
      data: {
        byHead: P.shenJiahe,
        urgent: false,
        reason:
          '部分行业协会反映试点行业范围过宽、行业综合许可证与部门监管衔接不畅，经市长办公会研究，暂停执行，待研究后再定。',
      },
    },
    {
      as: 'office2',
      type: 'DecisionAdjusted',
      occurredAt: at('2026-07-06'),
      data: {
        major: true,
        description:
          '试点行业由38个缩减为12个，取消餐饮、娱乐等行业的证照整合；重新履行公众参与、公平竞争审查和合法性审查程序。',
        basisEventId: '@suspension',
      },
    },
    {
      as: 'ndrc',
      type: 'DraftRevised',
      occurredAt: at('2026-08-03'),
      data: { draft: D.draft2, reason: '按市政府调整决定缩小试点行业范围。' },
    },
    {
      as: 'ndrc',
      type: 'InterUnitConsultationRecorded',
      occurredAt: at('2026-08-17', '16:00'),
      data: { unitIds: [O.samr, O.health, O.culture, O.transport], agreed: true },
    },
    {
      as: 'ndrc',
      type: 'PublicCommentOpened',
      occurredAt: at('2026-09-07'),
      data: {
        channels: ['gov_website', 'gov_new_media'],
        draft: D.draft2,
        explanation: D.explanation2,
        submissionMethod: '市发展改革委网站、江州市企业服务平台',
        opensAt: at('2026-09-07'),
        closesAt: at('2026-10-09', '17:00'),
      },
    },
    {
      as: 'ndrc',
      type: 'PublicCommentClosed',
      occurredAt: at('2026-10-09', '17:00'),
      data: { closedAt: at('2026-10-09', '17:00'), commentsCount: 147 },
    },
    {
      as: 'ndrc',
      type: 'PublicOpinionsProcessed',
      occurredAt: at('2026-10-20'),
      data: {
        summary: D.adoption2,
        received: 147,
        adopted: 18,
        notAdopted: [
          { opinion: '恢复餐饮行业试点', reason: '餐饮行业食品安全许可与其他许可整合后监管责任不清，本轮暂不纳入' },
        ],
      },
    },
    {
      as: 'samr',
      type: 'FairCompetitionReviewCompleted',
      occurredAt: at('2026-10-27'),
      data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr2 },
    },
    {
      as: 'ndrc',
      type: 'LegalityReviewRequested',
      occurredAt: at('2026-11-09'),
      data: {
        reviewBodyId: O.justice,
        draft: D.draft2,
        legalBases: ['《优化营商环境条例》', '《中华人民共和国行政许可法》'],
        proceduresStatement: D.procedures2,
      },
    },
  ],
}
