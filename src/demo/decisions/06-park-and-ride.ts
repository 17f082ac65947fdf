// Decided at 陆承远's last executive meeting as mayor, three days before he left. The Party
// committee was never reported to before publication, and the file was archived almost four
// months later. The national rulebook sets no archiving deadline, so the province's inspector
// records the late archive as an inspection finding of its own, takes note of the office's
// explanation and resolves it once the office has fixed its practice.
// Handler history: 吴宇航 drafts and opens the comment period, then moves to the NDRC on
// 2025-06-30; 罗佳 carries the file on.
// Expected: noncompliant — party-report-missing (computed); the inspector's archive-late
// finding is resolved.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市轨道交通站点停车换乘（P+R）设施建设与优惠实施方案（征求意见稿）.pdf'),
  explanation: doc('P+R设施建设与优惠实施方案起草说明.pdf'),
  adoption: doc('P+R实施方案公众意见采纳情况.pdf'),
  fcr: doc('P+R实施方案公平竞争审查意见书.pdf'),
  procedures: doc('P+R实施方案履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕58号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第69次常务会议纪要.pdf'),
  published: doc('江政办发〔2025〕31号 江州市轨道交通站点停车换乘（P+R）实施方案.pdf'),
  exec2025: doc('P+R实施方案2025年度执行情况报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'transport',
    type: 'DraftPrepared',
    occurredAt: at('2025-05-26'),
    data: {
      draft: D.draft,
      legalBases: ['《城市公共交通条例》', '《江南省机动车停车场管理办法》', '《江州市城市轨道交通管理条例》'],
    },
  },
  {
    as: 'transport',
    type: 'InterUnitConsultationRecorded',
    occurredAt: at('2025-06-10', '16:00'),
    data: { unitIds: [O.land, O.urban, O.finance], agreed: true },
  },
  {
    as: 'transport',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-06-16'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '市政府网站意见征集栏目、"江州交通"微信公众号',
      opensAt: at('2025-06-16'),
      closesAt: at('2025-07-18', '17:00'),
    },
  },
  {
    as: 'transportLegal',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-07-18', '17:00'),
    data: { closedAt: at('2025-07-18', '17:00'), commentsCount: 524 },
  },
  {
    as: 'transportLegal',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-07-24'),
    data: {
      summary: D.adoption,
      received: 524,
      adopted: 63,
      notAdopted: [
        { opinion: 'P+R停车场全天免费', reason: '为防止被周边居民长期占用，当日换乘乘客免费，其余时段按标准收费' },
      ],
    },
  },
  {
    as: 'samr',
    type: 'FairCompetitionReviewCompleted',
    occurredAt: at('2025-07-25'),
    data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr },
  },
  {
    as: 'transportLegal',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-07-28'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《城市公共交通条例》', '《江南省机动车停车场管理办法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice2',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-08-06', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'transportLegal',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-08-12'),
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
    id: 'meeting',
    as: 'office',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-08-26', '15:00'),
    data: meeting({
      heldAt: at('2025-08-26', '15:00'),
      membersTotal: 7,
      headId: P.luChengyuan,
      speakers: [
        [P.shenJiahe, 'support', '同意。'],
        [P.hanLiqun, 'support', '同意。'],
        [P.xuManlin, 'support', '同意，建议首批选址向外围站点倾斜。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.luChengyuan, 'support', '会议同意实施方案。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  // No PartyCommitteeReported: the mayor's departure three days later left it undone.
  {
    as: 'office',
    type: 'DecisionPublished',
    occurredAt: at('2025-09-03'),
    data: { channels: ['gazette', 'gov_website'], publishedAt: at('2025-09-03'), document: D.published },
  },
  {
    as: 'office',
    type: 'ExecutingUnitAssigned',
    occurredAt: at('2025-09-03', '10:00'),
    data: { unitId: O.transport },
  },
]

const findingId = 'JNDC-2026-007'

export const parkAndRide: DemoDecision<DemoActorName> = {
  key: 'park-and-ride',
  expect: { status: 'noncompliant', findings: ['party-report-missing'] },
  decision: {
    as: 'office',
    occurredAt: at('2025-05-12'),
    data: {
      title: '江州市轨道交通站点"停车+换乘"（P+R）设施建设与优惠实施方案',
      summary: '在轨道交通1、3号线外围12个站点建设P+R停车场约4800个泊位，当日换乘地铁的车辆免收停车费。',
      organId: O.city,
      undertakingUnitId: O.transport,
      category: 'public_construction',
      catalogRef: '江州市2025年度重大行政决策事项目录第4项',
      flags: flags(['marketEntityActivity', 'involvesOtherUnits']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      id: 'archive',
      as: 'office2',
      type: 'DecisionArchived',
      occurredAt: at('2025-12-19'),
      data: { archivedAt: at('2025-12-19'), items: docsIn(steps), archiveRef: '江府档〔2025〕041号' },
    },
    {
      as: 'transportExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-01-15'),
      data: { period: '2025年度（首批6个P+R停车场投入使用）', report: D.exec2025 },
    },
    {
      as: 'inspector',
      type: 'InspectionFindingRecorded',
      occurredAt: at('2026-01-20', '10:00'),
      data: {
        findingId,
        code: 'archive-late',
        title: '决策档案逾期归档',
        detail:
          '该决策于2025年8月26日经市政府常务会议决定，至2025年12月19日方归档，间隔115日，超过省政府关于决策作出后30日内归档的工作要求。',
        eventIds: ['@meeting', '@archive'],
        severity: 'minor',
      },
    },
    {
      as: 'inspector',
      type: 'FindingAnnotated',
      occurredAt: at('2026-02-03', '15:00'),
      data: {
        findingId,
        note: '市政府办公室书面说明：8月底市政府主要负责同志调整，档案移交延误；已补充归档，并承诺建立归档时限台账。',
      },
    },
    {
      as: 'inspector2',
      type: 'FindingResolved',
      occurredAt: at('2026-03-10', '10:00'),
      data: {
        findingId,
        resolution: '经核查，市政府办公室已建立重大行政决策归档时限台账，并完成2025年度全部决策档案自查，整改到位。',
      },
    },
  ],
}
