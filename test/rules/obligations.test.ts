// Every obligation of rules.md §3 in each state it can take.
import { describe, expect, it } from 'vitest'
import type { ObligationName, ObligationState } from '../../src/rules'
import { type StandardOptions, standard } from './standard'
import { obligation, type RunOptions, run, SHENZHEN, withParams } from './support'

type Row = [ObligationName, ObligationState, string, StandardOptions, RunOptions?]
const undecided = ['meeting', 'party', 'npc', 'published', 'executing', 'archived'] as const
const beforeMeeting = { omit: undecided }

const rows: Row[] = [
  ['public_participation', 'done', 'comment period before the meeting', {}],
  [
    'public_participation',
    'missing',
    'none before the meeting',
    { omit: ['commentOpened', 'commentClosed', 'opinionsProcessed'] },
  ],
  [
    'public_participation',
    'pending',
    'no meeting yet',
    { omit: ['commentOpened', 'commentClosed', 'opinionsProcessed', ...undecided] },
  ],
  ['public_participation', 'not_applicable', 'nonDisclosable', { flags: { nonDisclosable: true } }],
  ['public_opinions_processed', 'done', 'processed after the close', {}],
  ['public_opinions_processed', 'missing', 'not processed', { omit: ['opinionsProcessed'] }],
  [
    'public_opinions_processed',
    'pending',
    'comments in, no meeting yet',
    { omit: ['opinionsProcessed', ...undecided] },
  ],
  ['public_opinions_processed', 'not_applicable', 'no participation', { flags: { nonDisclosable: true } }],
  ['special_group_consultation', 'done', 'consulted', { flags: { specialGroupInterest: true } }],
  [
    'special_group_consultation',
    'missing',
    'not consulted',
    { flags: { specialGroupInterest: true }, omit: ['specialGroup'] },
  ],
  [
    'special_group_consultation',
    'pending',
    'no meeting yet',
    { flags: { specialGroupInterest: true }, omit: ['specialGroup', ...undecided] },
  ],
  ['special_group_consultation', 'not_applicable', 'flag off', {}],
  ['hearing', 'done', 'held', { flags: { hearingRequiredByLaw: true } }],
  ['hearing', 'missing', 'not held', { flags: { hearingRequiredByLaw: true }, omit: ['hearingHeld'] }],
  [
    'hearing',
    'pending',
    'noticed, not yet held',
    { flags: { hearingRequiredByLaw: true }, omit: ['hearingHeld', ...undecided] },
  ],
  ['hearing', 'not_applicable', 'no hearing flag', {}],
  ['expert_argumentation', 'done', 'opinions studied', { flags: { professionalTechnical: true } }],
  [
    'expert_argumentation',
    'missing',
    'not studied',
    { flags: { professionalTechnical: true }, omit: ['expertProcessed'] },
  ],
  [
    'expert_argumentation',
    'pending',
    'no meeting yet',
    { flags: { professionalTechnical: true }, omit: ['expertProcessed', ...undecided] },
  ],
  ['expert_argumentation', 'not_applicable', 'flag off', {}],
  ['risk_assessment', 'done', 'assessed', { flags: { stabilityOrSafetyRisk: true } }],
  ['risk_assessment', 'missing', 'not assessed', { flags: { stabilityOrSafetyRisk: true }, omit: ['risk'] }],
  [
    'risk_assessment',
    'pending',
    'no meeting yet',
    { flags: { stabilityOrSafetyRisk: true }, omit: ['risk', ...undecided] },
  ],
  ['risk_assessment', 'not_applicable', 'flag off', {}],
  ['fair_competition_review', 'done', 'reviewed', { flags: { marketEntityActivity: true } }],
  ['fair_competition_review', 'missing', 'not reviewed', { flags: { marketEntityActivity: true }, omit: ['fcr'] }],
  [
    'fair_competition_review',
    'pending',
    'no meeting yet',
    { flags: { marketEntityActivity: true }, omit: ['fcr', ...undecided] },
  ],
  ['fair_competition_review', 'not_applicable', 'flag off', {}],
  ['inter_unit_consultation', 'done', 'agreed', { flags: { involvesOtherUnits: true } }],
  [
    'inter_unit_consultation',
    'missing',
    'not consulted',
    { flags: { involvesOtherUnits: true }, omit: ['consultation'] },
  ],
  [
    'inter_unit_consultation',
    'pending',
    'no meeting yet',
    { flags: { involvesOtherUnits: true }, omit: ['consultation', ...undecided] },
  ],
  ['inter_unit_consultation', 'not_applicable', 'flag off', {}],
  ['legality_review', 'done', 'opinion before the meeting', {}],
  ['legality_review', 'missing', 'no opinion', { omit: ['opinion'] }],
  ['legality_review', 'pending', 'requested, no meeting yet', { omit: ['opinion', 'submission', ...undecided] }],
  ['submission', 'done', 'submitted', {}],
  ['submission', 'missing', 'not submitted', { omit: ['submission'] }],
  ['submission', 'pending', 'no meeting yet', { omit: ['submission', ...undecided] }],
  ['collective_discussion', 'done', 'executive meeting', {}],
  ['collective_discussion', 'missing', 'published without one', { omit: ['meeting'] }],
  ['collective_discussion', 'pending', 'not yet', beforeMeeting],
  [
    'collective_discussion',
    'missing',
    'decisionDueBy passed with no decision',
    { ...beforeMeeting, initiation: { decisionDueBy: '2025-04-30' } },
    { asOf: '2025-05-01T09:00:00+08:00' },
  ],
  ['party_report', 'done', 'reported', {}],
  ['party_report', 'missing', 'published unreported', { omit: ['party'] }],
  [
    'party_report',
    'pending',
    'decided, not yet published nor reported',
    { omit: ['party', 'published'] },
    { asOf: '2025-05-10T00:00:00+08:00' },
  ],
  [
    'party_report',
    'not_applicable',
    'rejected',
    {
      omit: ['party', 'published', 'executing'],
      steps: { meeting: { data: { outcome: 'reject', headReasons: '条件不成熟', reasonsStatedInMeeting: true } } },
    },
  ],
  ['peoples_congress_report', 'done', 'reported', { flags: { npcMatter: true } }],
  ['peoples_congress_report', 'missing', 'not reported', { flags: { npcMatter: true }, omit: ['npc'] }],
  ['peoples_congress_report', 'pending', 'no decision yet', { flags: { npcMatter: true }, ...beforeMeeting }],
  ['peoples_congress_report', 'not_applicable', 'flag off', {}],
  ['publication', 'done', 'published in time', {}],
  ['publication', 'missing', 'overdue', { omit: ['published'] }],
  ['publication', 'pending', 'not yet due', { omit: ['published'] }, { asOf: '2025-05-20T00:00:00+08:00' }],
  [
    'publication',
    'pending',
    'the Saturday after the 20th working day (06-06) still counts 20',
    { omit: ['published'] },
    { asOf: '2025-06-07T12:00:00+08:00' },
  ],
  ['publication', 'not_applicable', 'nonDisclosable', { flags: { nonDisclosable: true } }],
  ['archiving', 'done', 'archived', {}],
  ['archiving', 'missing', 'overdue under cn-shenzhen', { omit: ['archived'] }, { rulebook: SHENZHEN }],
  ['archiving', 'pending', 'no outcome yet', beforeMeeting],
  ['executing_unit', 'done', 'assigned', {}],
  ['executing_unit', 'missing', 'not assigned by the deadline', { omit: ['executing'] }],
  ['executing_unit', 'pending', 'not yet due', { omit: ['executing'] }, { asOf: '2025-05-20T00:00:00+08:00' }],
  [
    'executing_unit',
    'not_applicable',
    'rejected',
    {
      omit: ['party', 'published', 'executing'],
      steps: { meeting: { data: { outcome: 'reject', headReasons: '条件不成熟', reasonsStatedInMeeting: true } } },
    },
  ],
  [
    'post_evaluation',
    'missing',
    'two years passed',
    {},
    { rulebook: withParams({ postEvaluationAfterYears: 2 }), asOf: '2027-06-01T00:00:00+08:00' },
  ],
  ['post_evaluation', 'pending', 'not yet due', {}, { rulebook: withParams({ postEvaluationAfterYears: 2 }) }],
  ['post_evaluation', 'not_applicable', 'no schedule in cn-713', {}],
]

describe('obligation states', () => {
  it.each(rows)('%s is %s: %s', (name, state, _why, given, opts) => {
    const r = run(standard(given).stream, opts)
    const o = obligation(r, name)
    expect(o?.state).toBe(state)
    if (state === 'done') expect(o?.eventIds.length).toBeGreaterThan(0)
    if (state === 'missing' || state === 'not_applicable') expect(o?.reason).toEqual(expect.any(String))
  })

  it('pending obligations with a deadline carry dueBy', () => {
    const r = run(standard({ omit: ['published', 'executing'] }).stream, { asOf: '2025-05-20T00:00:00+08:00' })
    expect(obligation(r, 'publication')).toMatchObject({ state: 'pending', dueBy: '2025-06-06' })
    expect(obligation(r, 'executing_unit')).toMatchObject({ state: 'pending', dueBy: '2025-06-06' })
  })

  it('a step done only after its moment is missing, naming the late event and the moment', () => {
    const { stream, ids } = standard({
      flags: { specialGroupInterest: true },
      steps: { specialGroup: { at: '2025-05-09T14:00:00+08:00' } },
    })
    const o = obligation(run(stream), 'special_group_consultation')
    expect(o).toMatchObject({ state: 'missing', reason: expect.stringContaining('only after') })
    expect(o?.eventIds).toEqual([ids.meeting, ids.specialGroup])
  })

  it('not applicable reasons name the flag', () => {
    expect(obligation(run(standard().stream), 'risk_assessment')?.reason).toBe('flags.stabilityOrSafetyRisk is false')
  })
})
