// The accountability trail of one decision (rules.md §5, Decree 713 Art. 38), built from the
// standard fixture stream: the Art. 38(3) mark across several meetings, corrections applied as
// the compliance report applies them, and oversight events kept out of the direct handlers.
import { describe, expect, it } from 'vitest'
import { personEntries } from '../../src/accountability/person-trail'
import { decisionTrail } from '../../src/accountability/trail'
import type { StoredEvent } from '../../src/domain/envelope'
import { type AddedStep, meetingData, standard } from '../rules/standard'
import { ACTORS, DECISION_ID, DIRECTORY, doc, ORG, PER, type RunOptions, run } from '../rules/support'

const MEMBERS = [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor]
const OTHERS = [PER.vm2, PER.vm3, PER.secgen, PER.mayor]
const trailOf = (events: StoredEvent[], opts: RunOptions = {}) =>
  decisionTrail(DECISION_ID, events, DIRECTORY, () => [], run(events, opts))
const personIn = (events: StoredEvent[], id: string, opts: RunOptions = {}) =>
  trailOf(events, opts).people.find((p) => p.personId === id)

type Position = 'support' | 'oppose' | 'reserve' | 'abstain'
const statements = (people: readonly string[], vm1?: Position) =>
  people.map((personId, i) => ({
    personId,
    order: i + 1,
    position: personId === PER.vm1 && vm1 ? vm1 : ('support' as const),
  }))

/** The standard 2025-05-08 meeting, with vm1's position and the outcome chosen. */
const firstMeeting = (vm1: Position, outcome = 'approve') => ({
  meeting: { data: { statements: statements(MEMBERS, vm1), outcome } },
})

const determined = (kind: 'serious_error' | 'undue_delay', at = '2025-10-10T09:00:00+08:00'): AddedStep => ({
  type: 'SeriousErrorDetermined',
  at,
  data: { kind, loss: '票价结构导致客流大幅下降，财政补贴超支', basis: doc('省政府认定决定书.pdf') },
  opts: { as: ACTORS.inspector },
})

/** A later meeting; vm1 attends only when given a position. */
const laterMeeting = (at: string, outcome: string, vm1?: Position): AddedStep => {
  const attendees = vm1 ? MEMBERS : OTHERS
  return {
    type: 'CollectiveDiscussionHeld',
    at,
    data: meetingData({
      heldAt: at,
      attendees,
      statements: statements(attendees, vm1),
      outcome,
      minutes: doc(`${at}-会议纪要.pdf`),
    }),
  }
}

describe('Art. 38(3) reduced_or_exempted and the stance shown', () => {
  it.each<{ name: string; first: [Position, string?]; add: AddedStep[]; stance: Position; marked: boolean }>([
    {
      name: 'opposed the approval, serious error determined: marked',
      first: ['oppose'],
      add: [determined('serious_error')],
      stance: 'oppose',
      marked: true,
    },
    {
      name: 'opposed the approval; after the error the organ terminates without vm1: still marked',
      first: ['oppose'],
      add: [determined('serious_error'), laterMeeting('2025-10-20T15:00:00+08:00', 'terminate')],
      stance: 'oppose',
      marked: true,
    },
    {
      name: 'opposed the approval, then supported the termination: stance at the approval, marked',
      first: ['oppose'],
      add: [determined('serious_error'), laterMeeting('2025-10-20T15:00:00+08:00', 'terminate', 'support')],
      stance: 'oppose',
      marked: true,
    },
    {
      name: 'opposed the approval, the determination is an undue delay: not marked',
      first: ['oppose'],
      add: [determined('undue_delay')],
      stance: 'oppose',
      marked: false,
    },
    {
      name: 'supported the approval, serious error: not marked',
      first: ['support'],
      add: [determined('serious_error')],
      stance: 'support',
      marked: false,
    },
    {
      name: 'opposed only at a meeting that rejected, absent when a later one approved: not marked',
      first: ['oppose', 'reject'],
      add: [laterMeeting('2025-05-15T15:00:00+08:00', 'approve'), determined('serious_error')],
      stance: 'oppose',
      marked: false,
    },
    {
      name: 'opposed at the reject meeting, supported the later approval: stance support, not marked',
      first: ['oppose', 'reject'],
      add: [laterMeeting('2025-05-15T15:00:00+08:00', 'approve', 'support'), determined('serious_error')],
      stance: 'support',
      marked: false,
    },
    {
      name: 'opposed an amendment made after the error was determined: not marked (not "later found")',
      first: ['support'],
      add: [determined('serious_error'), laterMeeting('2025-11-03T15:00:00+08:00', 'amend', 'oppose')],
      stance: 'oppose',
      marked: false,
    },
    {
      name: 'opposed an amendment later found a serious error: marked',
      first: ['support'],
      add: [laterMeeting('2025-06-03T15:00:00+08:00', 'amend', 'oppose'), determined('serious_error')],
      stance: 'oppose',
      marked: true,
    },
  ])('$name', ({ first, add, stance, marked }) => {
    const { stream } = standard({ steps: firstMeeting(...first), add })
    const vm1 = personIn(stream.events, PER.vm1)
    expect(vm1?.stance).toBe(stance)
    expect(vm1?.liability).toBe(marked ? 'reduced_or_exempted' : undefined)
  })

  it('records the position at each meeting on its involvement', () => {
    const { stream, ids } = standard({
      steps: firstMeeting('oppose'),
      add: [
        determined('serious_error'),
        { ...laterMeeting('2025-10-20T15:00:00+08:00', 'terminate', 'support'), name: 'stop' },
      ],
    })
    const meetings = personIn(stream.events, PER.vm1)?.involvements.filter((i) => i.type === 'CollectiveDiscussionHeld')
    expect(meetings?.map((i) => [i.eventId, i.capacity, i.stance])).toEqual([
      [ids.meeting, 'member', 'oppose'],
      [ids.stop, 'member', 'support'],
    ])
  })
})

describe('corrections are applied as the compliance report applies them', () => {
  const corrected = (vm1: Position) => meetingData({ statements: statements(MEMBERS, vm1) })
  const correct = (vm1: Position, at: string, recordedAt?: string) => {
    const { stream, ids } = standard({ add: [determined('serious_error')] })
    const meeting = ids.meeting as string
    const add = (p: Position, when: string, rec?: string) =>
      stream.add(
        'EventCorrected',
        when,
        { correctsEventId: meeting, reason: '会议记录录入错误', data: corrected(p) },
        rec ? { as: ACTORS.office, recordedAt: rec } : { as: ACTORS.office },
      )
    return { stream, meeting, add, first: add(vm1, at, recordedAt) }
  }

  it('a meeting record corrected to show vm1 opposed: stance oppose, marked, correction listed', () => {
    const { stream, meeting, first } = correct('oppose', '2025-05-09T09:00:00+08:00')
    const trail = trailOf(stream.events)
    const vm1 = trail.people.find((p) => p.personId === PER.vm1)
    expect(vm1?.stance).toBe('oppose')
    expect(vm1?.liability).toBe('reduced_or_exempted')
    expect(trail.corrections).toEqual([{ eventId: meeting, correctedBy: first, applied: true }])
    // The recorder of the correction answers for it as for any other step.
    const office = trail.people.find((p) => p.personId === PER.office)
    expect(office?.involvements.map((i) => i.type)).toContain('EventCorrected')
  })

  it('the latest correction wins', () => {
    const { stream, add } = correct('oppose', '2025-05-09T09:00:00+08:00')
    add('support', '2025-05-10T09:00:00+08:00')
    const vm1 = personIn(stream.events, PER.vm1)
    expect(vm1?.stance).toBe('support')
    expect(vm1?.liability).toBeUndefined()
  })

  it("a correction recorded after the report's knownAt is not read: the original, no correction listed", () => {
    const { stream } = correct('oppose', '2025-05-09T09:00:00+08:00', '2025-11-01T09:00:00+08:00')
    const trail = trailOf(stream.events, { knownAt: '2025-10-31T12:00:00+08:00' })
    expect(trail.people.find((p) => p.personId === PER.vm1)?.stance).toBe('support')
    expect(trail.corrections).toEqual([])
  })

  it('a correction whose payload cannot be read is listed as not applied, and the original is used', () => {
    const { stream, ids } = standard({ add: [determined('serious_error')] })
    const bad = stream.add(
      'EventCorrected',
      '2025-05-09T09:00:00+08:00',
      { correctsEventId: ids.meeting as string, reason: '录入错误', data: { outcome: 'approve' } },
      { as: ACTORS.office },
    )
    const trail = trailOf(stream.events)
    expect(trail.corrections).toEqual([{ eventId: ids.meeting, correctedBy: bad, applied: false }])
    expect(trail.people.find((p) => p.personId === PER.vm1)?.stance).toBe('support')
  })
})

describe('direct handlers are the persons who recorded a step, not oversight events', () => {
  const oversight: AddedStep[] = [
    {
      type: 'InspectionFindingRecorded',
      at: '2025-09-01T09:00:00+08:00',
      data: {
        findingId: 'insp-2025-001',
        title: '公众意见采纳说明过于简略',
        detail: '采纳情况说明未逐条回应',
        eventIds: [],
        severity: 'minor',
      },
    },
    { type: 'FindingAnnotated', at: '2025-09-02T09:00:00+08:00', data: { findingId: 'insp-2025-001', note: '已说明' } },
    {
      type: 'FindingAnnotated',
      at: '2025-09-03T09:00:00+08:00',
      data: { findingId: 'insp-2025-001', note: '承办单位已补充说明' },
      opts: { as: ACTORS.unit },
    },
    {
      type: 'FindingResolved',
      at: '2025-09-04T09:00:00+08:00',
      data: { findingId: 'insp-2025-001', resolution: '已补正' },
    },
    { ...determined('serious_error'), name: 'det' },
    // The inspector corrects her own determination: still oversight, not a step.
    {
      type: 'EventCorrected',
      at: '2025-10-11T09:00:00+08:00',
      data: (ids) => ({
        correctsEventId: ids.det,
        reason: '认定损失表述更正',
        data: { kind: 'serious_error', loss: '财政补贴超支', basis: doc('省政府认定决定书.pdf') },
      }),
      opts: { as: ACTORS.inspector },
    },
    {
      type: 'LiabilityDetermined',
      at: '2025-10-12T09:00:00+08:00',
      data: { personId: PER.mayor, capacity: 'head', outcome: 'pursued', reason: '违反程序' },
    },
  ]
  const { stream } = standard({ add: oversight })
  const trail = trailOf(stream.events)
  const OVERSIGHT = [
    'InspectionFindingRecorded',
    'FindingAnnotated',
    'FindingResolved',
    'SeriousErrorDetermined',
    'LiabilityDetermined',
  ]

  it('the inspector who recorded only oversight events is not in the trail', () => {
    expect(trail.people.find((p) => p.personId === PER.inspector)).toBeUndefined()
    expect(personEntries(PER.inspector, [{ trail, title: 't', organId: 'org' }])).toEqual([])
  })

  it.each(OVERSIGHT)('no one is involved through %s', (type) => {
    expect(trail.people.flatMap((p) => p.involvements).filter((i) => i.type === type)).toEqual([])
  })

  it('a unit annotating a finding makes neither its clerk a handler nor its head a leader for it', () => {
    const director = trail.people.find((p) => p.personId === PER.director)
    expect(director?.involvements.map((i) => i.type)).not.toContain('FindingAnnotated')
    expect(director?.capacities).toContain('responsible_leader') // for the unit's own steps
    const clerk = trail.people.find((p) => p.personId === PER.clerk)
    expect(clerk?.capacities).toContain('direct_handler') // the draft and other steps
    expect(clerk?.involvements.map((i) => i.type)).not.toContain('FindingAnnotated')
  })

  it('the determinations are still read: serious errors and liability outcomes as recorded', () => {
    expect(trail.seriousErrors.map((s) => s.kind)).toEqual(['serious_error'])
    const mayor = trail.people.find((p) => p.personId === PER.mayor)
    expect(mayor?.liabilityDeterminations).toEqual([expect.objectContaining({ capacity: 'head', outcome: 'pursued' })])
    expect(mayor?.capacities).toEqual(['head'])
  })
})

describe('who answers for which step (rules.md §5)', () => {
  it('a meeting that only deferred makes its chair a member of it, not the head who decided', () => {
    const { stream } = standard({
      add: [laterMeeting('2025-04-30T15:00:00+08:00', 'defer', 'support')].map((m) => ({
        ...m,
        data: { ...(m.data as Record<string, unknown>), headId: PER.vm1 },
      })),
    })
    const vm1 = personIn(stream.events, PER.vm1)
    expect(vm1?.involvements.filter((i) => i.capacity === 'head')).toEqual([])
    expect(vm1?.capacities).toContain('member')
    expect(personIn(stream.events, PER.mayor)?.capacities).toContain('head') // chaired the approval
  })

  it("a co-undertaking unit's step makes its own head a responsible leader, not the lead unit's", () => {
    const FINANCE_HEAD = 'per_finance_head'
    const directory = {
      ...DIRECTORY,
      positionsAt: (orgId: string, date: string) =>
        orgId === ORG.other
          ? [{ positionId: 'pos_fin', personId: FINANCE_HEAD, orgId, title: '局长', capacity: 'head' as const }]
          : DIRECTORY.positionsAt(orgId, date),
    }
    const coUnit = { personId: 'per_finance_clerk', orgId: ORG.other, role: 'undertaking' } as const
    const { stream } = standard({
      initiation: { coUnitIds: [ORG.other] },
      add: [
        {
          type: 'DraftRevised',
          at: '2025-04-02T09:00:00+08:00',
          data: { draft: doc('财政补贴测算修订稿.pdf'), reason: '补充财政补贴测算' },
          opts: { as: coUnit },
        },
      ],
    })
    const events = stream.events
    const trail = decisionTrail(DECISION_ID, events, directory, () => [], run(events, { directory }))
    const revised = events.find((e) => e.type === 'DraftRevised')?.eventId
    const leadersOf = (id: string) =>
      trail.people
        .find((p) => p.personId === id)
        ?.involvements.filter((i) => i.capacity === 'responsible_leader' && i.eventId === revised) ?? []
    expect(leadersOf(FINANCE_HEAD)).toEqual([expect.objectContaining({ orgId: ORG.other })])
    expect(leadersOf(PER.director)).toEqual([])
  })
})
