import { describe, it } from 'vitest'
import { meetingData } from './standard'
import { doc, ORG, PER, withParams } from './support'
import { checkCase, type FindingCase } from './table'

const MEMBERS = [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor]
const say = (...positions: string[]) =>
  MEMBERS.map((personId, i) => ({ personId, order: i + 1, position: positions[i] ?? 'support' }))
const meeting = (data: Record<string, unknown>) => ({ steps: { meeting: { data } } })
/** A later executive meeting, after the standard approval, that decides to stop the decision. */
const stopMeeting = (statements: ReturnType<typeof say>) => ({
  type: 'CollectiveDiscussionHeld' as const,
  at: '2025-08-01T15:00:00+08:00',
  data: meetingData({ heldAt: '2025-08-01T15:00:00+08:00', outcome: 'terminate', statements }),
})

describe('collective-discussion-missing (Art. 30)', () => {
  it.each<FindingCase>([
    { name: 'passes with an executive meeting', given: {}, codes: [], obligation: ['collective_discussion', 'done'] },
    {
      name: 'fails when published with no meeting at all',
      given: { omit: ['meeting'] },
      codes: ['collective-discussion-missing'],
      severity: 'blocking',
      detail: { actedOnBy: 'DecisionPublished' },
      responsible: { capacity: 'organ_head', orgId: ORG.city, personIds: [PER.mayor] },
      obligation: ['collective_discussion', 'missing'],
    },
    {
      // rules.md §4 "with no CollectiveDiscussionHeld at all"; §3 names no outcome.
      name: 'a deferral before the publication is a discussion held: no finding, the obligation done',
      given: meeting({ outcome: 'defer' }),
      codes: [],
      obligation: ['collective_discussion', 'done'],
    },
    {
      name: 'a deferral in a meeting type not allowed is meeting-type-not-allowed, not this',
      given: meeting({ outcome: 'defer', meetingType: 'topic' }),
      codes: ['meeting-type-not-allowed'],
      obligation: ['collective_discussion', 'missing'],
    },
    {
      name: 'a deferral with nothing acted on yet satisfies it too',
      given: {
        omit: ['party', 'published', 'executing', 'archived'],
        steps: { meeting: { data: { outcome: 'defer' } } },
      },
      codes: [],
      obligation: ['collective_discussion', 'done'],
      status: 'in_progress',
    },
    {
      name: 'pending before any meeting',
      given: { omit: ['meeting', 'party', 'published', 'executing', 'archived'] },
      codes: [],
      obligation: ['collective_discussion', 'pending'],
      status: 'in_progress',
    },
  ])('$name', checkCase)
})

describe('meeting-type-not-allowed (Art. 30)', () => {
  it.each<FindingCase>([
    {
      name: "decided in a mayor's office meeting: this code, not collective-discussion-missing",
      given: meeting({ meetingType: 'mayor_office' }),
      codes: ['meeting-type-not-allowed'],
      severity: 'blocking',
      detail: { meetingType: 'mayor_office', allowed: ['executive', 'plenary'] },
      obligation: ['collective_discussion', 'missing'],
    },
    { name: 'a plenary meeting passes', given: meeting({ meetingType: 'plenary' }), codes: [] },
    {
      name: 'an overlay allowing plenary only refuses executive',
      given: {},
      run: { rulebook: withParams({ allowedMeetingTypes: ['plenary'] }) },
      codes: ['meeting-type-not-allowed'],
    },
  ])('$name', checkCase)
})

describe('head-did-not-speak-last (Art. 30(2))', () => {
  const headFirst = [PER.mayor, PER.vm1, PER.vm2, PER.vm3, PER.secgen].map((personId, i) => ({
    personId,
    order: i + 1,
    position: 'support',
  }))
  it.each<FindingCase>([
    {
      name: 'fails when the head speaks first',
      given: meeting({ statements: headFirst }),
      codes: ['head-did-not-speak-last'],
      detail: { headOrder: 1, lastOrder: 5, lastSpeaker: PER.secgen },
    },
    {
      name: 'fails when the head records no statement (and the position is missing)',
      given: meeting({ statements: say().slice(0, 4) }),
      codes: ['head-did-not-speak-last', 'member-position-not-recorded'],
      detail: { headOrder: null },
    },
    { name: 'passes when the head speaks last', given: {}, codes: [] },
  ])('$name', checkCase)
})

describe('overruled-majority-without-reasons (Art. 30(2))', () => {
  it.each<FindingCase>([
    {
      name: 'fails: approved over a 3-to-1 majority against, no reasons',
      given: meeting({ statements: say('oppose', 'oppose', 'oppose', 'support', 'support') }),
      codes: ['overruled-majority-without-reasons'],
      detail: { support: 1, oppose: 3, outcome: 'approve' },
      severity: 'blocking',
      responsible: { capacity: 'organ_head', personIds: [PER.mayor] },
    },
    {
      name: 'passes when the head states reasons in the meeting',
      given: meeting({
        statements: say('oppose', 'oppose', 'oppose', 'support', 'support'),
        headReasons: '票价长期倒挂，财政补贴不可持续',
        reasonsStatedInMeeting: true,
      }),
      codes: [],
    },
    {
      name: 'fails when the reasons were not stated in the meeting',
      given: meeting({
        statements: say('oppose', 'oppose', 'oppose', 'support', 'support'),
        headReasons: '会后补充说明',
        reasonsStatedInMeeting: false,
      }),
      codes: ['overruled-majority-without-reasons'],
    },
    {
      name: 'a 2-to-2 tie is no majority',
      given: meeting({ statements: say('oppose', 'oppose', 'support', 'support', 'support') }),
      codes: [],
    },
    {
      name: 'abstentions and reservations do not count',
      given: meeting({ statements: say('abstain', 'reserve', 'reserve', 'support', 'support') }),
      codes: [],
    },
    {
      // Before any approval the proposal is the draft: stopping it goes against its supporters.
      name: 'fails: the draft terminated over a 3-to-1 majority for it, no reasons',
      given: {
        ...meeting({ outcome: 'terminate', statements: say('support', 'support', 'support', 'oppose', 'oppose') }),
        omit: ['party', 'published', 'executing', 'archived'],
      },
      codes: ['overruled-majority-without-reasons'],
      only: false,
      detail: { support: 3, oppose: 1, outcome: 'terminate' },
    },
    {
      name: 'the draft terminated with the majority against it passes',
      given: {
        ...meeting({ outcome: 'terminate', statements: say('oppose', 'oppose', 'oppose', 'support', 'oppose') }),
        omit: ['party', 'published', 'executing', 'archived'],
      },
      codes: [],
    },
    {
      // After the approval the proposal is to stop the decision (Art. 37): "support" is for stopping.
      name: 'fails: terminated after approval over a 3-to-1 majority against stopping, no reasons',
      given: { add: [stopMeeting(say('oppose', 'oppose', 'oppose', 'support', 'support'))] },
      codes: ['overruled-majority-without-reasons'],
      only: false,
      detail: { support: 1, oppose: 3, outcome: 'terminate' },
    },
    {
      name: 'terminated after approval with the majority for stopping passes',
      given: { add: [stopMeeting(say('support', 'support', 'support', 'oppose', 'support'))] },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('member-position-not-recorded (Art. 30(3))', () => {
  const withoutVm2 = say().filter((s) => s.personId !== PER.vm2)
  it.each<FindingCase>([
    {
      name: 'fails when an attendee has no recorded position',
      given: meeting({ statements: withoutVm2 }),
      codes: ['member-position-not-recorded'],
      detail: { personIds: [PER.vm2] },
      responsible: { capacity: 'organ_office', orgId: ORG.city, personIds: [PER.office] },
    },
    { name: 'passes when every attendee has one', given: {}, codes: [] },
  ])('$name', checkCase)
})

describe('quorum-not-met (local: more than half)', () => {
  const half = withParams({ quorum: 0.5 })
  it.each<FindingCase>([
    {
      name: 'fails with exactly half present (5 of 10)',
      given: meeting({ membersTotal: 10 }),
      run: { rulebook: half },
      codes: ['quorum-not-met'],
      detail: { attendees: 5, membersTotal: 10, quorum: 0.5 },
    },
    {
      name: 'passes with more than half (5 of 9)',
      given: meeting({ membersTotal: 9 }),
      run: { rulebook: half },
      codes: [],
    },
    { name: 'no quorum under cn-713', given: meeting({ membersTotal: 10 }), codes: [] },
  ])('$name', checkCase)
})

describe('party-report-missing (Art. 31)', () => {
  it.each<FindingCase>([
    { name: 'passes when reported before publication', given: {}, codes: [], obligation: ['party_report', 'done'] },
    {
      name: 'fails when published without a report',
      given: { omit: ['party'] },
      codes: ['party-report-missing'],
      severity: 'major',
      obligation: ['party_report', 'missing'],
    },
    {
      name: 'fails when reported only after publication',
      given: { steps: { party: { at: '2025-05-13T09:00:00+08:00' } } },
      codes: ['party-report-missing'],
      detail: { late: true },
      responsible: { capacity: 'organ_head', orgId: ORG.city, personIds: [PER.mayor] },
    },
    {
      name: 'the organ head on the publication date answers, not the head who chaired the meeting',
      given: {
        omit: ['party'],
        steps: {
          published: {
            at: '2025-07-02T09:00:00+08:00',
            data: { publishedAt: '2025-07-02T09:00:00+08:00' },
          },
        },
      },
      codes: ['party-report-missing', 'publication-late'],
      responsible: { capacity: 'organ_head', orgId: ORG.city, personIds: [PER.newMayor] },
    },
    {
      // rules.md §3 "before publication", §4 "published without a Party committee report": a
      // decision never published leaves the report pending, whatever else is done with it.
      name: 'pending for a non-disclosable decision executed and archived without one',
      given: { flags: { nonDisclosable: true }, omit: ['party'] },
      codes: [],
      obligation: ['party_report', 'pending'],
    },
    {
      name: 'fails for a non-disclosable decision published without a report',
      given: {
        flags: { nonDisclosable: true },
        omit: ['party'],
        add: [
          {
            type: 'DecisionPublished',
            at: '2025-05-12T09:00:00+08:00',
            data: {
              channels: ['gazette', 'gov_website'],
              publishedAt: '2025-05-12T09:00:00+08:00',
              document: doc('决定全文.pdf'),
            },
          },
        ],
      },
      codes: ['party-report-missing'],
      obligation: ['party_report', 'missing'],
    },
    {
      name: 'not applicable when the draft is rejected',
      given: {
        omit: ['party', 'published', 'executing'],
        ...meeting({ outcome: 'reject', statements: say('oppose', 'oppose', 'oppose', 'oppose', 'oppose') }),
      },
      codes: [],
      obligation: ['party_report', 'not_applicable'],
    },
  ])('$name', checkCase)
})

describe('peoples-congress-report-missing (Art. 8)', () => {
  it.each<FindingCase>([
    {
      name: 'passes when reported',
      given: { flags: { npcMatter: true } },
      codes: [],
      obligation: ['peoples_congress_report', 'done'],
    },
    {
      name: 'fails when not reported before publication',
      given: { flags: { npcMatter: true }, omit: ['npc'] },
      codes: ['peoples-congress-report-missing'],
    },
    {
      name: 'pending for a non-disclosable matter never published',
      given: { flags: { npcMatter: true, nonDisclosable: true }, omit: ['npc'] },
      codes: [],
      obligation: ['peoples_congress_report', 'pending'],
    },
    {
      name: 'not applicable for an ordinary matter',
      given: {},
      codes: [],
      obligation: ['peoples_congress_report', 'not_applicable'],
    },
  ])('$name', checkCase)
})

describe('publication (Art. 32)', () => {
  it.each<FindingCase>([
    { name: 'done within 20 working days', given: {}, codes: [], obligation: ['publication', 'done'] },
    {
      name: 'publication-missing once the 20 working days have passed (due 2025-06-06)',
      given: { omit: ['published'] },
      run: { asOf: '2025-06-09T09:00:00+08:00' },
      codes: ['publication-missing'],
      detail: { dueBy: '2025-06-06' },
      responsible: { capacity: 'organ_office', personIds: [PER.office] },
      obligation: ['publication', 'missing'],
    },
    {
      name: 'pending with its due date before then',
      given: { omit: ['published'] },
      run: { asOf: '2025-06-06T20:00:00+08:00' },
      codes: [],
      obligation: ['publication', 'pending'],
      status: 'in_progress',
    },
    {
      name: 'publication-late at 21 working days',
      given: {
        steps: { published: { at: '2025-06-09T09:00:00+08:00', data: { publishedAt: '2025-06-09T09:00:00+08:00' } } },
      },
      codes: ['publication-late'],
      detail: { workingDays: 21, max: 20 },
      severity: 'minor',
    },
    {
      name: 'exactly 20 working days passes',
      given: {
        steps: { published: { at: '2025-06-06T09:00:00+08:00', data: { publishedAt: '2025-06-06T09:00:00+08:00' } } },
      },
      codes: [],
    },
    {
      name: 'not applicable when nonDisclosable',
      given: { flags: { nonDisclosable: true } },
      codes: [],
      obligation: ['publication', 'not_applicable'],
    },
    {
      name: 'publication-channels-incomplete: website only',
      given: { steps: { published: { data: { channels: ['gov_website'] } } } },
      codes: ['publication-channels-incomplete'],
      detail: { missing: ['gazette'] },
    },
    {
      name: 'channels may be spread over two publications',
      given: {
        steps: { published: { data: { channels: ['gov_website'] } } },
        add: [
          {
            type: 'DecisionPublished',
            at: '2025-05-15T09:00:00+08:00',
            data: {
              channels: ['gazette'],
              publishedAt: '2025-05-15T09:00:00+08:00',
              document: doc('决定全文（公报）.pdf'),
            },
          },
        ],
      },
      codes: [],
    },
    {
      name: 'publication-explanation-missing for a matter of wide concern',
      given: {
        flags: { vitalInterestOrMajorDisagreement: true },
        steps: { published: { data: { adoptionExplanation: undefined } } },
      },
      codes: ['publication-explanation-missing'],
      detail: { flags: ['vitalInterestOrMajorDisagreement'] },
    },
    {
      name: 'no explanation needed for an ordinary matter',
      given: { steps: { published: { data: { adoptionExplanation: undefined } } } },
      codes: [],
    },
  ])('$name', checkCase)
})
