// Rushed through before the housing bureau's head retired: a 21-day comment period with no
// stated reason, three working days for the legality review, a mayor who approves against a
// 3-to-2 majority without giving reasons, and publication on the website alone with no
// account of how opinions were used.
// Expected: noncompliant — comment-period-too-short {days: 21}, legality-review-time-too-short
// {workingDays: 3}, overruled-majority-without-reasons, publication-channels-incomplete,
// publication-explanation-missing.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市城镇老旧小区改造三年行动计划（2025—2027年）（征求意见稿）.pdf'),
  explanation: doc('关于老旧小区改造三年行动计划的起草说明.pdf'),
  symposium: doc('老旧小区改造居民代表座谈会记录.pdf'),
  adoption: doc('老旧小区改造行动计划公众意见采纳情况.pdf'),
  procedures: doc('老旧小区改造行动计划履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕21号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第58次常务会议纪要.pdf'),
  published: doc('江政发〔2025〕6号 江州市城镇老旧小区改造三年行动计划（2025—2027年）.pdf'),
  exec2025: doc('老旧小区改造2025年前三季度执行情况报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'housing',
    type: 'DraftPrepared',
    occurredAt: at('2025-02-17', '10:00'),
    data: {
      draft: D.draft,
      legalBases: [
        '《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》（国办发〔2020〕23号）',
        '《中华人民共和国城市房地产管理法》',
      ],
    },
  },
  {
    // 21 days and no `shortenedReason`: Art. 15 asks for at least 30.
    as: 'housing',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-02-24'),
    data: {
      channels: ['gov_website'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '江州市人民政府网站留言',
      opensAt: at('2025-02-24'),
      closesAt: at('2025-03-17', '17:00'),
    },
  },
  {
    as: 'housing',
    type: 'PublicParticipationRecorded',
    occurredAt: at('2025-03-05', '14:30'),
    data: { method: 'symposium', heldOn: '2025-03-05', participantsCount: 46, record: D.symposium },
  },
  {
    as: 'housing',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-03-17', '17:00'),
    data: { closedAt: at('2025-03-17', '17:00'), commentsCount: 213 },
  },
  {
    as: 'housing',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-03-20'),
    data: {
      summary: D.adoption,
      received: 259,
      adopted: 28,
      notAdopted: [
        {
          opinion: '加装电梯费用全部由财政承担',
          reason: '按"谁受益、谁出资"原则由业主分摊，财政按每部电梯20万元给予补助',
        },
      ],
    },
  },
  {
    // Requested on Monday, discussed on Friday: three working days (Art. 26 asks for seven).
    as: 'housing',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-03-24'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice2',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-03-26', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'housing',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-03-27'),
    data: { package: { draft: D.draft, legalityOpinion: D.legality, publicOpinionAdoption: D.adoption } },
  },
  {
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-03-28', '15:00'),
    data: meeting({
      heldAt: at('2025-03-28', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意。'],
        [P.hanLiqun, 'oppose', '三年改造资金缺口约9亿元，来源尚未落实，建议暂缓。'],
        [P.xuManlin, 'oppose', '征求意见时间不足，居民意见还没有充分吸收。'],
        [P.chengYiming, 'oppose', '同意韩市长意见，先做资金平衡方案。'],
        [P.shaoWenbo, 'reserve', '原则同意，资金问题需进一步研究。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '这项工作省里有考核要求，今天定下来，按方案实施。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-04-01'),
    data: { reportedAt: at('2025-04-01'), committee: '中共江州市委员会' },
  },
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-04-03'),
    data: { channels: ['gov_website'], publishedAt: at('2025-04-03'), document: D.published },
  },
  { as: 'office', type: 'ExecutingUnitAssigned', occurredAt: at('2025-04-03', '10:00'), data: { unitId: O.housing } },
]

export const oldNeighbourhoodRenovation: DemoDecision<DemoActorName> = {
  key: 'old-neighbourhood-renovation',
  expect: {
    status: 'noncompliant',
    findings: [
      'comment-period-too-short',
      'legality-review-time-too-short',
      'overruled-majority-without-reasons',
      'publication-channels-incomplete',
      'publication-explanation-missing',
    ],
  },
  decision: {
    as: 'office',
    occurredAt: at('2025-02-10'),
    data: {
      title: '江州市城镇老旧小区改造三年行动计划（2025—2027年）',
      summary: '计划三年内改造2000年底前建成的老旧小区312个、惠及居民9.6万户，涉及加装电梯、管网更新和停车设施建设。',
      organId: O.city,
      undertakingUnitId: O.housing,
      category: 'public_policy',
      catalogRef: '江州市2025年度重大行政决策事项目录第1项',
      flags: flags(['vitalInterestOrMajorDisagreement']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office',
      type: 'DecisionArchived',
      occurredAt: at('2025-04-21'),
      data: { archivedAt: at('2025-04-21'), items: docsIn(steps), archiveRef: '江府档〔2025〕011号' },
    },
    {
      as: 'housingExec',
      type: 'ExecutionReported',
      occurredAt: at('2025-10-15'),
      data: { period: '2025年前三季度', report: D.exec2025 },
    },
  ],
}
