// A district-level decision (明湖区人民政府 applies the Decree by reference). Parents were
// consulted and the comment period was long enough, but the stability risk assessment the
// classification calls for was never done, and the district head spoke first, setting the tone
// for everyone after him.
// Expected: noncompliant — risk-assessment-missing, head-did-not-speak-last.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('明湖区2025年义务教育学校学区划分调整方案（征求意见稿）.pdf'),
  explanation: doc('明湖区学区划分调整方案起草说明.pdf'),
  specialGroups: doc('学区调整家长委员会及社区代表座谈纪要.pdf'),
  symposium: doc('学区调整听取意见座谈会记录.pdf'),
  adoption: doc('学区划分调整公众意见采纳情况.pdf'),
  procedures: doc('学区划分调整方案履行程序情况说明.pdf'),
  legality: doc('明司审〔2025〕5号 合法性审查意见书.pdf'),
  minutes: doc('明湖区人民政府第23次常务会议纪要.pdf'),
  partyReply: doc('中共明湖区委办公室复函.pdf'),
  published: doc('明政发〔2025〕7号 明湖区2025年义务教育学校学区划分方案.pdf'),
  adoptionExplanation: doc('学区划分调整意见采纳情况说明（随文公布）.pdf'),
  exec: doc('2025年秋季学期学区划分执行情况报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'minghuEdu',
    type: 'DraftPrepared',
    occurredAt: at('2025-03-10'),
    data: {
      draft: D.draft,
      legalBases: ['《中华人民共和国义务教育法》第十二条', '《江南省义务教育学校招生入学工作规定》'],
    },
  },
  {
    as: 'minghuEdu',
    type: 'PublicCommentOpened',
    occurredAt: at('2025-03-17'),
    data: {
      channels: ['gov_website', 'gov_new_media'],
      draft: D.draft,
      explanation: D.explanation,
      submissionMethod: '明湖区人民政府网站、"明湖发布"微信公众号留言',
      opensAt: at('2025-03-17'),
      closesAt: at('2025-04-18', '17:00'),
    },
  },
  {
    as: 'minghuEdu',
    type: 'SpecialGroupConsulted',
    occurredAt: at('2025-03-26', '15:00'),
    data: {
      organisations: ['明湖区各小学家长委员会', '滨河、望江等六个社区居民委员会', '区人大代表、政协委员'],
      record: D.specialGroups,
    },
  },
  {
    as: 'minghuEdu',
    type: 'PublicParticipationRecorded',
    occurredAt: at('2025-04-02', '14:30'),
    data: { method: 'symposium', heldOn: '2025-04-02', participantsCount: 64, record: D.symposium },
  },
  {
    as: 'minghuEdu',
    type: 'PublicCommentClosed',
    occurredAt: at('2025-04-18', '17:00'),
    data: { closedAt: at('2025-04-18', '17:00'), commentsCount: 1893 },
  },
  {
    as: 'minghuEdu',
    type: 'PublicOpinionsProcessed',
    occurredAt: at('2025-04-24'),
    data: {
      summary: D.adoption,
      received: 1957,
      adopted: 41,
      notAdopted: [
        {
          opinion: '保留翠湖苑小区对口明湖实验小学',
          reason: '实验小学学位已满，按就近入学原则划入新建的明湖第二实验小学，设两年过渡期',
        },
      ],
    },
  },
  {
    as: 'minghuEdu',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-04-25'),
    data: {
      reviewBodyId: O.minghuJustice,
      draft: D.draft,
      legalBases: ['《中华人民共和国义务教育法》第十二条'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'minghuJustice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-05-08', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['区政府法律顾问：合法'],
      opinion: D.legality,
    },
  },
  {
    as: 'minghuEdu',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-05-09'),
    data: { package: { draft: D.draft, legalityOpinion: D.legality, publicOpinionAdoption: D.adoption } },
  },
  {
    as: 'minghuOffice',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2025-05-13', '15:00'),
    data: meeting({
      heldAt: at('2025-05-13', '15:00'),
      membersTotal: 5,
      headId: P.pengXiaodong,
      // The head opens the discussion: Art. 30(2) wants him to conclude it.
      speakers: [
        [P.pengXiaodong, 'support', '方案总体可行，招生时间紧，我先表个态，今天要定下来。'],
        [P.liuQing, 'support', '同意区长意见。'],
        [P.shiLei, 'support', '同意。'],
        [P.pangXuemei, 'reserve', '建议对翠湖苑小区设置过渡期，并做好家长解释工作。'],
        [P.weiDong, 'support', '同意。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'minghuOffice',
    type: 'PartyCommitteeReported',
    occurredAt: at('2025-05-15'),
    data: { reportedAt: at('2025-05-15'), committee: '中共江州市明湖区委员会', reply: D.partyReply },
  },
  {
    as: 'minghuOffice',
    type: 'DecisionPublished',
    occurredAt: at('2025-05-20'),
    data: {
      channels: ['gazette', 'gov_website'],
      publishedAt: at('2025-05-20'),
      document: D.published,
      adoptionExplanation: D.adoptionExplanation,
    },
  },
  {
    as: 'minghuOffice',
    type: 'ExecutingUnitAssigned',
    occurredAt: at('2025-05-20', '10:00'),
    data: { unitId: O.minghuEdu },
  },
]

export const schoolDistricts: DemoDecision<DemoActorName> = {
  key: 'school-districts',
  expect: { status: 'noncompliant', findings: ['risk-assessment-missing', 'head-did-not-speak-last'] },
  decision: {
    as: 'minghuOffice',
    occurredAt: at('2025-03-03'),
    data: {
      title: '明湖区2025年义务教育阶段公办学校学区划分调整方案',
      summary: '因明湖第二实验小学建成招生，调整12所公办小学、5所初中的学区范围，涉及约2.3万户家庭。',
      organId: O.minghu,
      undertakingUnitId: O.minghuEdu,
      category: 'public_policy',
      catalogRef: '明湖区2025年度重大行政决策事项目录第1项',
      flags: flags(['specialGroupInterest', 'vitalInterestOrMajorDisagreement', 'stabilityOrSafetyRisk']),
      decisionDueBy: '2025-05-31',
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'minghuOffice',
      type: 'DecisionArchived',
      occurredAt: at('2025-06-13'),
      data: { archivedAt: at('2025-06-13'), items: docsIn(steps), archiveRef: '明府档〔2025〕012号' },
    },
    {
      as: 'minghuEduExec',
      type: 'ExecutionReported',
      occurredAt: at('2025-09-19'),
      data: { period: '2025年秋季学期招生', report: D.exec },
    },
  ],
}
