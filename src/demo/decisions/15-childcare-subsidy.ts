// In progress, on track: childcare subsidies. Participation and fair competition review are
// done; the legality review was requested on 2026-11-16 and is running. Two days later a clerk
// of the health commission tries to record the commission's own director's meeting as the
// collective discussion — only the organ's office may record that, so it is refused (403) and
// appears in the inspectors' refusal log.
// Expected: in_progress, no findings; legality review, submission and discussion pending.
import { at, doc, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision } from '../types'

const D = {
  draft: doc('江州市婴幼儿照护服务补贴实施办法（征求意见稿）.pdf'),
  explanation: doc('婴幼儿照护服务补贴实施办法起草说明.pdf'),
  questionnaire: doc('婴幼儿家庭托育需求问卷调查报告.pdf'),
  adoption: doc('婴幼儿照护服务补贴办法公众意见采纳情况.pdf'),
  fcr: doc('婴幼儿照护服务补贴办法公平竞争审查意见书.pdf'),
  procedures: doc('婴幼儿照护服务补贴办法履行程序情况说明.pdf'),
  directorsMeeting: doc('市卫生健康委2026年第21次主任办公会纪要.pdf'),
}

export const childcareSubsidy: DemoDecision<DemoActorName> = {
  key: 'childcare-subsidy',
  expect: { status: 'in_progress', findings: [] },
  decision: {
    as: 'office',
    occurredAt: at('2026-08-24'),
    data: {
      title: '江州市婴幼儿照护服务补贴实施办法',
      summary: '对3周岁以下婴幼儿家庭按每孩每月300元发放托育补贴，对普惠托育机构按托位给予运营补助。',
      organId: O.city,
      undertakingUnitId: O.health,
      coUnitIds: [O.finance],
      category: 'public_policy',
      catalogRef: '江州市2026年度重大行政决策事项目录第5项',
      flags: flags(['vitalInterestOrMajorDisagreement', 'marketEntityActivity']),
      rulebook: 'cn-713',
    },
  },
  events: [
    {
      as: 'health',
      type: 'DraftPrepared',
      occurredAt: at('2026-09-07'),
      data: {
        draft: D.draft,
        legalBases: [
          '《中华人民共和国人口与计划生育法》第二十八条',
          '《国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见》',
        ],
      },
    },
    {
      as: 'health',
      type: 'PublicParticipationRecorded',
      occurredAt: at('2026-09-15'),
      data: { method: 'questionnaire', heldOn: '2026-09-15', participantsCount: 3421, record: D.questionnaire },
    },
    {
      as: 'health',
      type: 'PublicCommentOpened',
      occurredAt: at('2026-09-21'),
      data: {
        channels: ['gov_website', 'gov_new_media'],
        draft: D.draft,
        explanation: D.explanation,
        submissionMethod: '市政府网站意见征集栏目、"健康江州"微信公众号',
        opensAt: at('2026-09-21'),
        closesAt: at('2026-10-23', '17:00'),
      },
    },
    {
      as: 'health',
      type: 'PublicCommentClosed',
      occurredAt: at('2026-10-23', '17:00'),
      data: { closedAt: at('2026-10-23', '17:00'), commentsCount: 1268 },
    },
    {
      as: 'health',
      type: 'PublicOpinionsProcessed',
      occurredAt: at('2026-10-30'),
      data: {
        summary: D.adoption,
        received: 1268,
        adopted: 96,
        notAdopted: [{ opinion: '补贴标准提高至每月800元', reason: '超出财政承受能力，将根据评估情况逐步提高' }],
      },
    },
    {
      as: 'samr',
      type: 'FairCompetitionReviewCompleted',
      occurredAt: at('2026-11-06'),
      data: { reviewerOrgId: O.samr, conclusion: 'passes', report: D.fcr },
    },
    {
      as: 'health',
      type: 'LegalityReviewRequested',
      occurredAt: at('2026-11-16'),
      data: {
        reviewBodyId: O.justice,
        draft: D.draft,
        legalBases: ['《中华人民共和国人口与计划生育法》第二十八条'],
        proceduresStatement: D.procedures,
        neededBy: '2026-11-30',
      },
    },
    {
      // Refused on purpose: the undertaking unit may not record collective discussions.
      as: 'health',
      type: 'CollectiveDiscussionHeld',
      occurredAt: at('2026-11-18', '16:00'),
      data: meeting({
        meetingType: 'other',
        heldAt: at('2026-11-18', '09:00'),
        membersTotal: 5,
        headId: P.geXinmin,
        speakers: [[P.geXinmin, 'support', '委主任办公会同意补贴办法送审稿。']],
        outcome: 'approve',
        minutes: D.directorsMeeting,
      }),
      expectStatus: 403,
    },
  ],
}
