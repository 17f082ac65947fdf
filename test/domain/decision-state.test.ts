// Given a decision's stream with corrections, the state's classification and the organizations it
// names are those of the stream as corrected: the same flags the compliance engine computes
// (src/rules/engine/context.ts), README principle 2, domain.md §1.1 and §5.
import { describe, expect, it } from 'vitest'
import { type DecisionState, evolve, type Flags, initialState } from '../../src/domain/decision-state'
import type { StoredEvent } from '../../src/domain/envelope'
import { createCalendar } from '../../src/rules/calendar'
import { buildContext } from '../../src/rules/engine/context'
import { type Ev, prepareEvents } from '../../src/rules/engine/events'

type Data = Record<string, unknown>
type Step = { type: string; data: Data; at?: string; corrects?: number }

const DEC = 'dec_01J00000000000000000000000'
const AT = '2025-03-01T09:00:00+08:00'
const id = (n: number) => `01J0000000000000000000${String(n).padStart(4, '0')}`

/** The stored stream of `steps` after the initiation; `corrects: n` corrects step n (1 = initiation). */
function stream(initFlags: Data, steps: Step[]): StoredEvent[] {
  const init: Step = {
    type: 'DecisionInitiated',
    data: {
      title: 't',
      organId: 'org_city',
      undertakingUnitId: 'org_unit',
      category: 'public_policy',
      flags: initFlags,
    },
  }
  return [init, ...steps].map((s, i) => ({
    eventId: id(i + 1),
    decisionId: DEC,
    version: i + 1,
    position: i + 1,
    type: s.corrects === undefined ? s.type : 'EventCorrected',
    schemaVersion: 1,
    occurredAt: s.at ?? AT,
    recordedAt: '2025-03-01T02:00:00.000Z',
    actor: { personId: 'per_x', orgId: 'org_city', role: 'organ_office' },
    data: s.corrects === undefined ? s.data : { correctsEventId: id(s.corrects), reason: 'r', data: s.data },
    evidence: [],
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  }))
}

/** initialState then evolve, each correction told the type it corrects (as the app does). */
function replay(events: StoredEvent[]): DecisionState {
  const [first, ...rest] = events as [StoredEvent, ...StoredEvent[]]
  let state = initialState(first)
  const typeOf = new Map([[first.eventId, first.type]])
  for (const e of rest) {
    state = evolve(state, e, typeOf.get(String(e.data.correctsEventId)))
    typeOf.set(e.eventId, e.type)
  }
  return state
}

/** The latest flags as the compliance engine reads them. */
function engineFlags(events: StoredEvent[]): Flags {
  const prepared = prepareEvents(DEC, events, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')
  const initiated = prepared.events.find((e) => e.type === 'DecisionInitiated') as Ev<'DecisionInitiated'>
  const ctx = buildContext({
    decisionId: DEC,
    events: prepared.events,
    documents: prepared.documents,
    initiated,
    rulebook: { parameters: {} } as never,
    directory: {} as never,
    cal: createCalendar('Asia/Shanghai'),
    asOf: '2030-01-01T00:00:00Z',
  })
  return ctx.flagsBefore()
}

const reclassify = (flags: Data, at?: string): Step => ({
  type: 'DecisionReclassified',
  data: { flags, reason: 'r' },
  ...(at ? { at } : {}),
})
const initiation = (flags: Data, title = 't2'): Data => ({
  title,
  organId: 'org_city',
  undertakingUnitId: 'org_unit',
  category: 'public_policy',
  flags,
})

describe('the classification as corrected equals the engine’s', () => {
  it.each<{ name: string; init: Data; steps: Step[]; expected: Partial<Flags> }>([
    {
      name: 'no correction: reclassifications on top of the initiation',
      init: { professionalTechnical: true },
      steps: [reclassify({ nonDisclosable: true })],
      expected: { professionalTechnical: true, nonDisclosable: true },
    },
    {
      name: 'a title correction keeps a later reclassification (review D #1a)',
      init: { nonDisclosable: false },
      steps: [
        reclassify({ nonDisclosable: true }),
        { type: '', data: initiation({ nonDisclosable: false }), corrects: 1 },
      ],
      expected: { nonDisclosable: true },
    },
    {
      name: 'corrected initiation flags apply under the reclassifications',
      init: {},
      steps: [reclassify({ npcMatter: true }), { type: '', data: initiation({ nonDisclosable: true }), corrects: 1 }],
      expected: { nonDisclosable: true, npcMatter: true },
    },
    {
      name: 'a reclassification overrides a corrected initiation flag it sets',
      init: { nonDisclosable: true },
      steps: [
        reclassify({ nonDisclosable: false }),
        { type: '', data: initiation({ nonDisclosable: true }), corrects: 1 },
      ],
      expected: { nonDisclosable: false },
    },
    {
      name: 'a corrected reclassification (review D #1b)',
      init: {},
      steps: [
        reclassify({ npcMatter: true }),
        { type: '', data: { flags: { nonDisclosable: true }, reason: 'r' }, corrects: 2 },
      ],
      expected: { nonDisclosable: true, npcMatter: false },
    },
    {
      name: 'the latest of two corrections of one reclassification wins',
      init: {},
      steps: [
        reclassify({ nonDisclosable: true }),
        { type: '', data: { flags: { nonDisclosable: false }, reason: 'r' }, corrects: 2 },
        { type: '', data: { flags: { nonDisclosable: true, npcMatter: true }, reason: 'r' }, corrects: 2 },
      ],
      expected: { nonDisclosable: true, npcMatter: true },
    },
    {
      name: 'reclassifications apply in occurredAt order, not recording order',
      init: {},
      steps: [
        reclassify({ nonDisclosable: true }, '2025-03-05T09:00:00+08:00'),
        reclassify({ nonDisclosable: false }, '2025-03-02T09:00:00+08:00'),
      ],
      expected: { nonDisclosable: true },
    },
    {
      name: 'a correction of an earlier-occurred reclassification does not override a later one',
      init: {},
      steps: [
        reclassify({ nonDisclosable: true }, '2025-03-05T09:00:00+08:00'),
        reclassify({ npcMatter: true }, '2025-03-02T09:00:00+08:00'),
        { type: '', data: { flags: { nonDisclosable: false }, reason: 'r' }, corrects: 3 },
      ],
      expected: { nonDisclosable: true, npcMatter: false },
    },
  ])('$name', ({ init, steps, expected }) => {
    const events = stream(init, steps)
    const state = replay(events)
    expect(state.flags).toMatchObject(expected)
    expect(state.flags).toEqual(engineFlags(events))
  })
})

describe('corrections of the events that name organizations move them', () => {
  it.each<{ name: string; steps: Step[]; expected: Data }>([
    {
      name: 'an open legality request corrected to another body is held by that body',
      steps: [
        { type: 'LegalityReviewRequested', data: { reviewBodyId: 'org_wrong' } },
        { type: '', data: { reviewBodyId: 'org_justice' }, corrects: 2 },
      ],
      expected: {
        openLegalityRequest: { eventId: id(2), reviewBodyId: 'org_justice' },
        legalityReviewBodyIds: ['org_justice'],
      },
    },
    {
      name: 'an answered request corrected: no request opens again',
      steps: [
        { type: 'LegalityReviewRequested', data: { reviewBodyId: 'org_wrong' } },
        { type: 'LegalityReviewReturned', data: { reason: 'r' } },
        { type: '', data: { reviewBodyId: 'org_justice' }, corrects: 2 },
      ],
      expected: { openLegalityRequest: undefined, legalityReviewBodyIds: ['org_justice'] },
    },
    {
      name: 'a body another request names keeps its place',
      steps: [
        { type: 'LegalityReviewRequested', data: { reviewBodyId: 'org_a' } },
        { type: 'LegalityReviewReturned', data: { reason: 'r' } },
        { type: 'LegalityReviewRequested', data: { reviewBodyId: 'org_a' } },
        { type: '', data: { reviewBodyId: 'org_b' }, corrects: 2 },
      ],
      expected: {
        openLegalityRequest: { eventId: id(4), reviewBodyId: 'org_a' },
        legalityReviewBodyIds: ['org_b', 'org_a'],
      },
    },
    {
      name: 'an executing-unit assignment corrected',
      steps: [
        { type: 'ExecutingUnitAssigned', data: { unitId: 'org_wrong' } },
        { type: 'ExecutingUnitAssigned', data: { unitId: 'org_other' } },
        { type: '', data: { unitId: 'org_unit' }, corrects: 2 },
      ],
      expected: { executingUnitIds: ['org_unit', 'org_other'] },
    },
    {
      name: 'an assessment corrected to another assessor',
      steps: [
        { type: 'RiskAssessmentCompleted', data: { assessorOrgId: 'org_wrong' } },
        { type: 'FairCompetitionReviewCompleted', data: { reviewerOrgId: 'org_samr' } },
        { type: '', data: { assessorOrgId: 'org_assessor' }, corrects: 2 },
      ],
      expected: { reviewerOrgIds: ['org_assessor', 'org_samr'] },
    },
    {
      name: 'a correction of another type leaves the lists alone',
      steps: [
        { type: 'LegalityReviewRequested', data: { reviewBodyId: 'org_justice' } },
        { type: 'DraftPrepared', data: { legalBases: ['x'] } },
        { type: '', data: { legalBases: ['y'] }, corrects: 3 },
      ],
      expected: {
        openLegalityRequest: { eventId: id(2), reviewBodyId: 'org_justice' },
        legalityReviewBodyIds: ['org_justice'],
      },
    },
  ])('$name', ({ steps, expected }) => {
    const state = replay(stream({}, steps))
    for (const [k, v] of Object.entries(expected)) expect(state[k as keyof DecisionState], k).toEqual(v)
  })
})

describe('a correction of the initiation', () => {
  it('replaces the initiation facts, optional ones included, and keeps the rest of the state', () => {
    const events = stream({}, [
      { type: 'DecisionReclassified', data: { flags: { npcMatter: true }, reason: 'r' } },
      { type: 'ExecutingUnitAssigned', data: { unitId: 'org_exec' } },
      {
        type: '',
        data: { ...initiation({ hearingRequiredByLaw: true }, '新标题'), undertakingUnitId: 'org_other' },
        corrects: 1,
      },
    ])
    events[0] = {
      ...(events[0] as StoredEvent),
      data: { ...(events[0] as StoredEvent).data, summary: 's', catalogRef: 'c' },
    }
    const state = replay(events)
    expect(state).toMatchObject({
      title: '新标题',
      summary: '',
      undertakingUnitId: 'org_other',
      executingUnitIds: ['org_exec'],
      flags: { npcMatter: true, hearingRequiredByLaw: true },
    })
    expect(state.catalogRef).toBeUndefined()
  })
})
