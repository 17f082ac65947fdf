// Which meeting decides a cycle, which acts open a re-opened cycle, and when a deadline is over
// (reviews A D2, D3 and C 1, 2, 7; docs/rules.md §2, §8.3, §8.5).
import { describe, expect, it } from 'vitest'
import { type AddedStep, meetingData, type StandardOptions, standard } from './standard'
import { codes, doc, findingsOf, ORG, obligation, PER, run, withParams } from './support'
import { checkCase, type FindingCase } from './table'

const MEMBERS = [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor]
const undecided = ['meeting', 'party', 'npc', 'published', 'executing', 'archived'] as const

// A first meeting that rejects, in line with its members (no overruled majority).
const rejected = {
  outcome: 'reject',
  statements: MEMBERS.map((personId, i) => ({ personId, order: i + 1, position: 'oppose' })),
}
const meeting2 = (outcome: string, at = '2025-05-15T15:00:00+08:00'): AddedStep => ({
  type: 'CollectiveDiscussionHeld',
  at,
  name: 'meeting2',
  data: meetingData({ heldAt: at, outcome, minutes: doc('第二次常务会议纪要.pdf') }),
})
const publishedOn = (at: string) => ({ at, data: { publishedAt: at } })

describe('several meetings in one cycle: the decision is the first approval (docs/rules.md §8.5)', () => {
  const afterApproval = {
    meeting: { data: rejected },
    party: { at: '2025-05-16T09:00:00+08:00', data: { reportedAt: '2025-05-16T09:00:00+08:00' } },
    published: publishedOn('2025-05-19T09:00:00+08:00'),
    executing: { at: '2025-05-19T10:00:00+08:00' },
  }
  it.each<FindingCase>([
    {
      name: 'reject, then approve, then reported, published and executed: compliant',
      given: { steps: afterApproval, add: [meeting2('approve')] },
      codes: [],
      obligation: ['publication', 'done'],
      status: 'compliant',
    },
    {
      name: 'reject, then approve, published with no Party report: party-report-missing',
      given: { steps: afterApproval, omit: ['party'], add: [meeting2('approve')] },
      codes: ['party-report-missing'],
      obligation: ['party_report', 'missing'],
    },
    {
      name: 'reject, then amend: the amendment is the decision too',
      given: { steps: afterApproval, omit: ['party'], add: [meeting2('amend')] },
      codes: ['party-report-missing'],
    },
    {
      name: 'reject, then approve, never published: publication-missing, due 20 working days after the approval',
      given: { steps: { meeting: { data: rejected } }, omit: ['published'], add: [meeting2('approve')] },
      run: { asOf: '2025-06-16T09:00:00+08:00' },
      codes: ['publication-missing'],
      detail: { dueBy: '2025-06-13' },
      obligation: ['publication', 'missing'],
    },
    {
      name: "the deadline runs from the approval, not from the rejection (past the rejection's 2025-06-06)",
      given: { steps: { meeting: { data: rejected } }, omit: ['published'], add: [meeting2('approve')] },
      run: { asOf: '2025-06-10T09:00:00+08:00' },
      codes: [],
      obligation: ['publication', 'pending'],
    },
    {
      name: 'reject only: nothing is issued, post-decision obligations not applicable',
      given: { steps: { meeting: { data: rejected } }, omit: ['party', 'published', 'executing'] },
      codes: [],
      obligation: ['publication', 'not_applicable'],
    },
    {
      name: 'a rejection before decisionDueBy is an outcome in time, though approval came later',
      given: {
        initiation: { decisionDueBy: '2025-05-10' },
        steps: afterApproval,
        add: [meeting2('approve')],
      },
      codes: [],
    },
  ])('$name', checkCase)

  it('the approval fixes the decision; the pre-discussion moment stays the first meeting', () => {
    const { stream, ids } = standard({
      steps: { meeting: { data: rejected } },
      omit: ['published', 'archived'],
      add: [meeting2('approve')],
    })
    const rulebook = withParams({ archiveMaxDays: 30, postEvaluationAfterYears: 1 })
    const r = run(stream, { asOf: '2025-06-10T09:00:00+08:00', rulebook })
    expect(obligation(r, 'publication')).toMatchObject({ state: 'pending', dueBy: '2025-06-13' })
    expect(obligation(r, 'publication')?.eventIds).toEqual([ids.meeting2])
    expect(obligation(r, 'archiving')).toMatchObject({ state: 'pending', dueBy: '2025-06-14' })
    expect(obligation(r, 'post_evaluation')).toMatchObject({ state: 'pending', dueBy: '2026-05-15' })
    expect(obligation(r, 'collective_discussion')?.eventIds).toEqual([ids.meeting])
    expect(obligation(r, 'legality_review')?.state).toBe('done')
  })

  it('the first approval stays the decision when a later meeting of the cycle rejects', () => {
    const { stream } = standard({ add: [meeting2('reject', '2025-06-20T15:00:00+08:00')] })
    const r = run(stream)
    expect(obligation(r, 'publication')?.state).toBe('done')
    expect(obligation(r, 'party_report')?.state).toBe('done')
  })
})

describe('working-day deadlines over the weekend or holiday after the last working day (rules.md §2)', () => {
  // Decided Thu 2025-05-08; the 20th working day after it is Fri 2025-06-06.
  it.each<FindingCase>([
    {
      name: 'publication: not overdue on Sat 2025-06-07 (a publication that day counts 20)',
      given: { omit: ['published'] },
      run: { asOf: '2025-06-07T12:00:00+08:00' },
      codes: [],
      obligation: ['publication', 'pending'],
      status: 'in_progress',
    },
    {
      name: 'publication: still not overdue on Sun 2025-06-08',
      given: { omit: ['published'] },
      run: { asOf: '2025-06-08T23:30:00+08:00' },
      codes: [],
      obligation: ['publication', 'pending'],
    },
    {
      name: 'publication: overdue on Mon 2025-06-09, the 21st working day',
      given: { omit: ['published'] },
      run: { asOf: '2025-06-09T00:30:00+08:00' },
      codes: ['publication-missing'],
      detail: { dueBy: '2025-06-06' },
      obligation: ['publication', 'missing'],
    },
    {
      name: 'publication on Sat 2025-06-07 is on time',
      given: { steps: { published: publishedOn('2025-06-07T09:00:00+08:00') } },
      run: { asOf: '2025-06-07T12:00:00+08:00' },
      codes: [],
      obligation: ['publication', 'done'],
    },
    {
      name: 'executing unit: not overdue on Sat 2025-06-07',
      given: { omit: ['executing'] },
      run: { asOf: '2025-06-07T12:00:00+08:00' },
      codes: [],
      obligation: ['executing_unit', 'pending'],
    },
    {
      name: 'executing unit: overdue on Mon 2025-06-09',
      given: { omit: ['executing'] },
      run: { asOf: '2025-06-09T09:00:00+08:00' },
      codes: ['executing-unit-missing'],
      obligation: ['executing_unit', 'missing'],
    },
  ])('$name', checkCase)

  // Decided Wed 2025-09-03: due Tue 2025-09-30, then National Day 10-01..10-08 off.
  const beforeGoldenWeek = {
    omit: ['party', 'published', 'executing', 'archived'] as const,
    steps: { meeting: { at: '2025-09-03T15:00:00+08:00', data: { heldAt: '2025-09-03T15:00:00+08:00' } } },
  }
  it.each<FindingCase>([
    {
      name: 'holiday: pending through the last day of National Day (2025-10-08)',
      given: beforeGoldenWeek,
      run: { asOf: '2025-10-08T20:00:00+08:00' },
      codes: [],
      obligation: ['publication', 'pending'],
    },
    {
      name: 'holiday: overdue on the first working day after it (2025-10-09)',
      given: beforeGoldenWeek,
      run: { asOf: '2025-10-09T09:00:00+08:00' },
      codes: ['executing-unit-missing', 'publication-missing'],
      detail: { dueBy: '2025-09-30' },
      obligation: ['publication', 'missing'],
    },
  ])('$name', checkCase)

  it('a pending publication past its last working day still names that day as dueBy', () => {
    const r = run(standard({ omit: ['published'] }).stream, { asOf: '2025-06-07T12:00:00+08:00' })
    expect(obligation(r, 'publication')).toMatchObject({ state: 'pending', dueBy: '2025-06-06' })
  })

  // Request Fri 2025-05-09, local cap of 10 working days: last day Fri 2025-05-23.
  const cap = withParams({ legalityReviewMaxWorkingDays: 10 })
  const request = { at: '2025-05-09T09:00:00+08:00' }
  const unanswered: StandardOptions = { omit: ['opinion', 'submission', ...undecided], steps: { request } }
  it.each<FindingCase>([
    {
      name: 'legality cap: pending on Sat 2025-05-24, no legality-review-overdue',
      given: unanswered,
      run: { rulebook: cap, asOf: '2025-05-24T12:00:00+08:00' },
      codes: [],
      obligation: ['legality_review', 'pending'],
    },
    {
      name: 'legality cap: missing and legality-review-overdue together on Mon 2025-05-26',
      given: unanswered,
      run: { rulebook: cap, asOf: '2025-05-26T09:00:00+08:00' },
      codes: ['legality-review-overdue'],
      detail: { workingDays: 11, max: 10, answered: false },
      obligation: ['legality_review', 'missing'],
    },
    {
      name: 'legality cap: an opinion on Sat 2025-05-24 is within the cap',
      given: { omit: ['submission', ...undecided], steps: { request, opinion: { at: '2025-05-24T10:00:00+08:00' } } },
      run: { rulebook: cap, asOf: '2025-05-24T12:00:00+08:00' },
      codes: [],
      obligation: ['legality_review', 'done'],
    },
    {
      name: 'legality cap: a request returned in time stops the clock (pending, no finding)',
      given: {
        ...unanswered,
        add: [
          {
            type: 'LegalityReviewReturned',
            at: '2025-05-12T09:00:00+08:00',
            data: { reason: '缺少履行决策程序的说明' },
          },
        ],
      },
      run: { rulebook: cap, asOf: '2025-06-30T09:00:00+08:00' },
      codes: [],
      obligation: ['legality_review', 'pending'],
    },
  ])('$name', checkCase)

  it('legality cap: pending names the last day of the cap as dueBy', () => {
    const r = run(standard(unanswered).stream, { rulebook: cap, asOf: '2025-05-24T12:00:00+08:00' })
    expect(obligation(r, 'legality_review')).toMatchObject({ state: 'pending', dueBy: '2025-05-23' })
  })
})

describe('a due date already past is not reported pending (docs/rules.md §8.3)', () => {
  const noDecision = { omit: undecided, initiation: { decisionDueBy: '2025-06-30' } }
  it.each<FindingCase>([
    {
      name: 'collective_discussion: missing once asOf is past decisionDueBy, beside decision-delayed',
      given: noDecision,
      run: { asOf: '2025-07-15T12:00:00+08:00' },
      codes: ['decision-delayed'],
      obligation: ['collective_discussion', 'missing'],
    },
    {
      name: 'collective_discussion: pending on decisionDueBy itself',
      given: noDecision,
      run: { asOf: '2025-06-30T20:00:00+08:00' },
      codes: [],
      obligation: ['collective_discussion', 'pending'],
    },
    {
      name: 'collective_discussion: deferred past decisionDueBy is done (discussed); the delay is decision-delayed',
      given: {
        omit: ['party', 'npc', 'published', 'executing', 'archived'],
        initiation: { decisionDueBy: '2025-06-30' },
        steps: { meeting: { data: { outcome: 'defer' } } },
      },
      run: { asOf: '2025-07-15T12:00:00+08:00' },
      codes: ['decision-delayed'],
      obligation: ['collective_discussion', 'done'],
    },
  ])('$name', checkCase)

  it('collective_discussion past decisionDueBy keeps the date as dueBy and says why', () => {
    const r = run(standard(noDecision).stream, { asOf: '2025-07-15T12:00:00+08:00' })
    expect(obligation(r, 'collective_discussion')).toMatchObject({
      state: 'missing',
      dueBy: '2025-06-30',
      reason: 'no decision by decisionDueBy 2025-06-30',
    })
  })

  it.each([
    ['before it', '2025-04-20T12:00:00+08:00'],
    ['after it', '2025-06-30T12:00:00+08:00'],
  ])('legality_review with no cap: neededBy is no due date (%s): pending, no dueBy', (_when, asOf) => {
    const { stream } = standard({
      omit: ['opinion', 'submission', ...undecided],
      steps: { request: { data: { neededBy: '2025-04-24' } } },
    })
    const r = run(stream, { asOf })
    const ob = obligation(r, 'legality_review')
    expect(ob?.state).toBe('pending')
    expect(ob?.dueBy).toBeUndefined()
    expect(ob?.reason).toContain('neededBy 2025-04-24')
    expect(codes(r)).toEqual([])
  })
})

describe('execution reported after a major adjustment (domain.md §1.2)', () => {
  const adjusted: AddedStep = {
    type: 'DecisionAdjusted',
    at: '2025-09-01T09:00:00+08:00',
    data: { major: true, description: '调整票价结构，实行分段计价' },
  }
  const reported: AddedStep = {
    type: 'ExecutionReported',
    at: '2025-10-08T09:00:00+08:00',
    data: { period: '2025年第三季度', report: doc('第三季度执行情况报告.pdf') },
  }
  it('acts on the decision in force, not on cycle 2: no finding, cycle 2 pending', () => {
    const r = run(standard({ add: [adjusted, reported] }).stream)
    expect(codes(r)).toEqual([])
    expect(r.cycles[1]?.findings).toEqual([])
    expect(obligation(r, 'collective_discussion', 2)?.state).toBe('pending')
    expect(obligation(r, 'legality_review', 2)?.state).toBe('pending')
    expect(obligation(r, 'publication', 2)?.state).toBe('pending')
    expect(r.status).toBe('in_progress')
  })
  it.each<[string, StandardOptions]>([
    [
      'the original decision archived',
      {
        steps: { archived: { at: '2025-09-05T09:00:00+08:00', data: { archivedAt: '2025-09-05T09:00:00+08:00' } } },
        add: [adjusted],
      },
    ],
    [
      'its execution moved to another unit',
      {
        add: [
          adjusted,
          { type: 'ExecutingUnitAssigned', at: '2025-09-10T09:00:00+08:00', data: { unitId: ORG.other } },
        ],
      },
    ],
  ])('%s while cycle 2 runs: an act on the decision in force, cycle 2 pending', (_, given) => {
    const r = run(standard(given).stream)
    expect(codes(r)).toEqual([])
    expect(obligation(r, 'archiving', 1)?.state).toBe('done')
    expect(obligation(r, 'collective_discussion', 2)?.state).toBe('pending')
    expect(obligation(r, 'publication', 2)?.state).toBe('pending')
    expect(r.status).toBe('in_progress')
  })
  it('a publication in cycle 2 with no discussion still acts on its outcome', () => {
    const published: AddedStep = {
      type: 'DecisionPublished',
      at: '2025-10-09T09:00:00+08:00',
      data: {
        channels: ['gazette', 'gov_website'],
        publishedAt: '2025-10-09T09:00:00+08:00',
        document: doc('调整后决定全文.pdf'),
      },
    }
    const r = run(standard({ add: [adjusted, reported, published] }).stream)
    expect(r.cycles[1]?.findings.map((f) => f.code)).toContain('collective-discussion-missing')
    expect(findingsOf(r, 'collective-discussion-missing')[0]?.detail).toMatchObject({
      actedOnBy: 'DecisionPublished',
    })
  })
  it('in cycle 1 an execution report with no discussion is still an act on the outcome', () => {
    const r = run(standard({ omit: undecided, add: [reported] }).stream)
    expect(findingsOf(r, 'collective-discussion-missing')[0]?.detail).toMatchObject({
      actedOnBy: 'ExecutionReported',
    })
  })
})
