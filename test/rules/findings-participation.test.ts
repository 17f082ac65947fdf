import { describe, expect, it } from 'vitest'
import { ALL_FLAGS, standard } from './standard'
import { doc, ORG, obligation, PER, run, withParams } from './support'
import { checkCase, type FindingCase } from './table'

const NO_PARTICIPATION = ['commentOpened', 'commentClosed', 'opinionsProcessed'] as const

describe('public-participation-missing (Art. 14)', () => {
  it.each<FindingCase>([
    { name: 'passes with a public comment period', given: {}, codes: [], obligation: ['public_participation', 'done'] },
    {
      name: 'fails with no participation before the discussion',
      given: { omit: NO_PARTICIPATION },
      codes: ['public-participation-missing'],
      severity: 'blocking',
      detail: { obligation: 'public_participation', late: false },
      responsible: { capacity: 'undertaking_unit', orgId: ORG.unit, personIds: [PER.director] },
      obligation: ['public_participation', 'missing'],
      status: 'noncompliant',
    },
    {
      name: 'fails when the comment period opens only after the discussion (late)',
      given: {
        omit: ['commentClosed', 'opinionsProcessed'],
        steps: {
          commentOpened: {
            at: '2025-05-10T09:00:00+08:00',
            data: { opensAt: '2025-05-10T09:00:00+08:00', closesAt: '2025-06-15T17:00:00+08:00' },
          },
        },
      },
      codes: ['public-participation-missing'],
      detail: { late: true },
      obligation: ['public_participation', 'missing'],
    },
    {
      name: 'passes with a symposium only (PublicParticipationRecorded)',
      given: {
        omit: NO_PARTICIPATION,
        add: [
          {
            type: 'PublicParticipationRecorded',
            at: '2025-03-20T14:00:00+08:00',
            data: { method: 'symposium', heldOn: '2025-03-20', participantsCount: 30, record: doc('座谈会记录.pdf') },
          },
          {
            type: 'PublicOpinionsProcessed',
            at: '2025-03-25T09:00:00+08:00',
            data: { summary: doc('座谈意见采纳.pdf'), received: 12, adopted: 4, notAdopted: [] },
          },
        ],
        steps: {
          submission: {
            data: {
              package: {
                draft: doc('票价调整方案（送审稿）.pdf'),
                legalityOpinion: doc('合法性审查意见书.pdf'),
                publicOpinionAdoption: doc('座谈意见采纳.pdf'),
              },
            },
          },
        },
      },
      codes: [],
    },
    {
      name: 'not applicable when nonDisclosable',
      given: { flags: { nonDisclosable: true } },
      codes: [],
      obligation: ['public_participation', 'not_applicable'],
    },
  ])('$name', checkCase)
})

describe('public-opinions-not-processed (Arts. 18, 29(2))', () => {
  it.each<FindingCase>([
    {
      name: 'passes when processed after the period closes',
      given: {},
      codes: [],
      obligation: ['public_opinions_processed', 'done'],
    },
    {
      name: 'fails when never processed',
      given: { omit: ['opinionsProcessed'] },
      codes: ['public-opinions-not-processed'],
      severity: 'major',
      obligation: ['public_opinions_processed', 'missing'],
    },
    {
      // rules.md §4: the finding is "no PublicOpinionsProcessed before discussion"; one made
      // while the period was still open is one.
      name: 'passes when processed before the period closed',
      given: { steps: { opinionsProcessed: { at: '2025-04-09T09:00:00+08:00' } } },
      codes: [],
      obligation: ['public_opinions_processed', 'done'],
    },
    {
      name: 'passes when a symposium follows the processing',
      given: {
        add: [
          {
            type: 'PublicParticipationRecorded',
            at: '2025-04-14T09:00:00+08:00',
            data: { method: 'symposium', heldOn: '2025-04-14', participantsCount: 12, record: doc('座谈会纪要.pdf') },
          },
        ],
      },
      codes: [],
      obligation: ['public_opinions_processed', 'done'],
    },
    {
      name: 'fails when processed before any participation took place',
      given: { steps: { opinionsProcessed: { at: '2025-03-08T09:00:00+08:00' } } },
      codes: ['public-opinions-not-processed'],
      obligation: ['public_opinions_processed', 'missing'],
    },
    {
      name: 'not applicable when no participation took place',
      given: { flags: { nonDisclosable: true } },
      codes: [],
      obligation: ['public_opinions_processed', 'not_applicable'],
    },
  ])('$name', checkCase)

  it('cites every participation step with the processing, one held after it included', () => {
    const { stream, ids } = standard({
      add: [
        {
          type: 'PublicParticipationRecorded',
          at: '2025-04-14T09:00:00+08:00',
          name: 'symposium',
          data: { method: 'symposium', heldOn: '2025-04-14', participantsCount: 12, record: doc('座谈会纪要.pdf') },
        },
      ],
    })
    const o = obligation(run(stream), 'public_opinions_processed')
    expect(o?.state).toBe('done')
    expect(o?.eventIds).toEqual([ids.commentOpened, ids.commentClosed, ids.opinionsProcessed, ids.symposium])
  })
})

describe('special-group-not-consulted (Art. 14(3))', () => {
  it.each<FindingCase>([
    {
      name: 'passes when consulted',
      given: { flags: { specialGroupInterest: true } },
      codes: [],
      obligation: ['special_group_consultation', 'done'],
    },
    {
      name: 'fails when not consulted',
      given: { flags: { specialGroupInterest: true }, omit: ['specialGroup'] },
      codes: ['special-group-not-consulted'],
      severity: 'major',
    },
    {
      name: 'fails when consulted only after the discussion',
      given: { flags: { specialGroupInterest: true }, steps: { specialGroup: { at: '2025-05-09T14:00:00+08:00' } } },
      codes: ['special-group-not-consulted'],
      detail: { late: true },
    },
    {
      name: 'not applicable without the flag',
      given: {},
      codes: [],
      obligation: ['special_group_consultation', 'not_applicable'],
    },
  ])('$name', checkCase)
})

const period = (opensAt: string, closesAt: string, extra: Record<string, unknown> = {}) => ({
  steps: { commentOpened: { at: opensAt, data: { opensAt, closesAt, ...extra } } },
})

describe('comment-period-too-short (Art. 15)', () => {
  it.each<FindingCase>([
    {
      name: 'passes with exactly 30 days',
      given: period('2025-03-10T09:00:00+08:00', '2025-04-09T17:00:00+08:00'),
      codes: [],
    },
    {
      name: 'fails with 29 days and no reason',
      given: period('2025-03-10T09:00:00+08:00', '2025-04-08T17:00:00+08:00'),
      codes: ['comment-period-too-short'],
      detail: { days: 29, required: 30 },
      severity: 'major',
    },
    {
      name: 'passes with 29 days and a stated shortenedReason',
      given: period('2025-03-10T09:00:00+08:00', '2025-04-08T17:00:00+08:00', {
        shortenedReason: '汛期前须完成调整，情况紧急',
      }),
      codes: [],
    },
    {
      name: 'counts days in Asia/Shanghai, not UTC (29 local days, 30 in UTC)',
      given: period('2025-03-10T00:30:00+08:00', '2025-04-08T23:30:00+08:00'),
      codes: ['comment-period-too-short'],
      detail: { days: 29 },
    },
    {
      name: 'a tighter overlay (45 days) fails 31 days',
      given: {},
      run: { rulebook: withParams({ commentMinDays: 45 }) },
      codes: ['comment-period-too-short'],
      detail: { days: 31, required: 45 },
    },
  ])('$name', checkCase)
})

describe('comment-period-closed-early (Art. 15)', () => {
  it.each<FindingCase>([
    { name: 'passes when closed at the announced end', given: {}, codes: [] },
    {
      name: 'fails when closed nine days early',
      given: {
        steps: { commentClosed: { at: '2025-04-01T17:00:00+08:00', data: { closedAt: '2025-04-01T17:00:00+08:00' } } },
      },
      codes: ['comment-period-closed-early'],
      detail: { daysEarly: 9, days: 22, announcedDays: 31 },
    },
    {
      name: 'passes when closed after the announced end',
      given: {
        steps: {
          commentClosed: { at: '2025-04-11T08:00:00+08:00', data: { closedAt: '2025-04-11T08:00:00+08:00' } },
          opinionsProcessed: { at: '2025-04-11T09:30:00+08:00' },
        },
      },
      codes: [],
    },
    { name: 'not applicable without a comment period', given: { flags: { nonDisclosable: true } }, codes: [] },
  ])('$name', checkCase)
})

describe('every flag at once', () => {
  it.each<FindingCase>([
    {
      name: 'a complete decision with every flag is compliant',
      given: { flags: ALL_FLAGS },
      codes: [],
      status: 'compliant',
    },
  ])('$name', checkCase)
})
