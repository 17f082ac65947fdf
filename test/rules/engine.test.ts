import { describe, expect, it, vi } from 'vitest'
import { computedFindingIds, evaluate } from '../../src/rules'
import { CHECKS } from '../../src/rules/checks'
import { FindingIds } from '../../src/rules/engine/findings'
import { type AddedStep, standard } from './standard'
import { ACTORS, CN713, codes, DIRECTORY, doc, findingsOf, ORG, obligation, PER, run, Stream } from './support'

const INSPECTOR = { as: ACTORS.inspector }

describe('procedure cycles (Art. 37, domain.md §1.2)', () => {
  const adjust = (major: boolean): AddedStep => ({
    type: 'DecisionAdjusted',
    at: '2025-09-01T09:00:00+08:00',
    name: 'adjust',
    data: { major, description: major ? '调整票价结构，实行分段计价' : '调整换乘优惠时段' },
  })
  it('a major adjustment opens a second cycle whose obligations apply again', () => {
    const { stream, ids } = standard({ add: [adjust(true)] })
    const r = run(stream)
    expect(r.cycles.map((c) => c.cycle)).toEqual([1, 2])
    expect(r.cycles[1]?.startedBy).toBe(ids.adjust)
    expect(obligation(r, 'legality_review', 1)?.state).toBe('done')
    expect(obligation(r, 'legality_review', 2)?.state).toBe('pending')
    expect(obligation(r, 'public_participation', 2)?.state).toBe('pending')
    expect(r.status).toBe('in_progress')
  })
  it('a minor adjustment does not', () => {
    const r = run(standard({ add: [adjust(false)] }).stream)
    expect(r.cycles).toHaveLength(1)
    expect(r.status).toBe('compliant')
  })
  it("the second cycle's discussion without a legality review is found in cycle 2 only", () => {
    const meeting2: AddedStep = {
      type: 'CollectiveDiscussionHeld',
      at: '2025-10-20T15:00:00+08:00',
      name: 'meeting2',
      data: {
        meetingType: 'executive',
        heldAt: '2025-10-20T15:00:00+08:00',
        membersTotal: 5,
        attendees: [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.newMayor],
        headId: PER.newMayor,
        statements: [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.newMayor].map((personId, i) => ({
          personId,
          order: i + 1,
          position: 'support',
        })),
        outcome: 'approve',
        minutes: doc('第二次常务会议纪要.pdf'),
      },
    }
    const { stream, ids } = standard({ add: [adjust(true), meeting2] })
    const r = run(stream)
    const missing = findingsOf(r, 'legality-review-missing')
    expect(missing.map((f) => f.id)).toEqual([`legality-review-missing/2/${ids.meeting2}`])
    expect(missing[0]?.responsible?.personIds).toEqual([PER.newMayor])
    expect(r.cycles[0]?.findings).toEqual([])
    expect(codes(r)).toEqual(
      expect.arrayContaining(['public-participation-missing', 'submission-missing', 'legality-review-missing']),
    )
  })
})

describe('asOf and knownAt', () => {
  it('a finding appears only once its deadline passes', () => {
    // Due Fri 2025-06-06 (20 working days); the weekend after it still counts 20.
    const { stream } = standard({ omit: ['published'] })
    expect(codes(run(stream, { asOf: '2025-06-06T23:00:00+08:00' }))).toEqual([])
    expect(codes(run(stream, { asOf: '2025-06-08T23:30:00+08:00' }))).toEqual([])
    expect(codes(run(stream, { asOf: '2025-06-09T00:30:00+08:00' }))).toEqual(['publication-missing'])
  })
  it('an event recorded later is invisible at an earlier knownAt', () => {
    const { stream } = standard({ steps: { archived: { opts: { recordedAt: '2025-07-01T02:00:00Z' } } } })
    const before = run(stream, { asOf: '2025-12-31T00:00:00+08:00', knownAt: '2025-06-30T00:00:00+08:00' })
    expect(obligation(before, 'archiving')?.state).toBe('pending')
    expect(before.status).toBe('in_progress')
    const after = run(stream, { asOf: '2025-12-31T00:00:00+08:00', knownAt: '2025-07-02T00:00:00+08:00' })
    expect(obligation(after, 'archiving')?.state).toBe('done')
    expect(codes(after)).toEqual(['late-recording'])
    expect(after.status).toBe('compliant')
  })
  it('events that occur after asOf have not happened yet', () => {
    const r = run(standard().stream, { asOf: '2025-05-01T00:00:00+08:00' })
    expect(obligation(r, 'collective_discussion')?.state).toBe('pending')
    expect(obligation(r, 'legality_review')?.state).toBe('done')
    expect(r.status).toBe('in_progress')
  })
  it('before initiation nothing is known: no cycles, in progress', () => {
    const r = run(standard().stream, { asOf: '2025-03-01T00:00:00+08:00' })
    expect(r.cycles).toEqual([])
    expect(r.status).toBe('in_progress')
  })
})

describe('determinism', () => {
  const { stream } = standard({
    flags: { professionalTechnical: true, hearingRequiredByLaw: true },
    omit: ['party', 'hearingParticipants'],
    steps: { request: { at: '2025-04-25T09:00:00+08:00' } },
  })
  it('evaluating twice gives byte-identical JSON', () => {
    expect(JSON.stringify(run(stream))).toBe(JSON.stringify(run(stream)))
  })
  it('input order does not matter (events are ordered by version)', () => {
    const shuffled = [...stream.events].reverse()
    for (let i = 0; i < shuffled.length; i += 3) {
      const j = (i * 7) % shuffled.length
      const a = shuffled[i]
      const b = shuffled[j]
      if (a && b) [shuffled[i], shuffled[j]] = [b, a]
    }
    expect(JSON.stringify(run(shuffled))).toBe(JSON.stringify(run(stream)))
  })
  it('finding ids are stable as later events arrive', () => {
    const early = run(stream, { asOf: '2025-05-10T00:00:00+08:00' })
    const late = run(stream)
    const earlyIds = computedFindingIds(early)
    expect(earlyIds.length).toBeGreaterThan(0)
    expect(computedFindingIds(late)).toEqual(expect.arrayContaining(earlyIds))
  })
  it('repeats of a code on one anchor get #2, #3', () => {
    const ids = new FindingIds()
    expect(['a', 'a', 'b', 'a'].map((anchor) => ids.next('archive-incomplete', 1, anchor))).toEqual([
      'archive-incomplete/1/a',
      'archive-incomplete/1/a#2',
      'archive-incomplete/1/b',
      'archive-incomplete/1/a#3',
    ])
  })
  it("inspection findings keep the inspector's id", () => {
    const s = new Stream()
    s.add('DecisionInitiated', '2025-03-03T09:00:00+08:00', {
      title: '测试',
      organId: ORG.city,
      undertakingUnitId: ORG.unit,
      category: 'other_major',
      flags: {},
    })
    s.add(
      'InspectionFindingRecorded',
      '2025-03-04T09:00:00+08:00',
      { findingId: 'insp-1', title: '督查', detail: '说明', eventIds: [], severity: 'minor' },
      INSPECTOR,
    )
    const r = run(s)
    expect(r.findings.map((f) => f.id)).toEqual(['insp-1'])
  })
  it('ignores events of other decisions', () => {
    const other = new Stream('dec_01K0000000000000000000000B')
    other.add('DecisionInitiated', '2025-03-03T09:00:00+08:00', {
      title: '其他',
      organId: ORG.city,
      undertakingUnitId: ORG.unit,
      category: 'other_major',
      flags: {},
    })
    const r = evaluate({
      decisionId: stream.decisionId,
      events: [...stream.events, ...other.events],
      rulebook: CN713,
      directory: DIRECTORY,
      asOf: '2025-12-31T00:00:00+08:00',
      knownAt: '2025-12-31T00:00:00+08:00',
    })
    expect(JSON.stringify(r)).toBe(JSON.stringify(run(stream, { asOf: '2025-12-31T00:00:00+08:00' })))
  })
})

describe('corrections (README principle 2)', () => {
  const correct = (at: string, data: Record<string, unknown>, name?: string): AddedStep => ({
    type: 'EventCorrected',
    at,
    ...(name ? { name } : {}),
    data: (ids) => ({ correctsEventId: ids.commentOpened, reason: '录入错误：截止日期应为4月10日', data }),
  })
  const opened = (closesAt: string) => ({
    channels: ['gov_website', 'newspaper'],
    draft: doc('票价调整方案（征求意见稿）.pdf'),
    explanation: doc('起草说明.pdf'),
    submissionMethod: '电子邮件及信函',
    opensAt: '2025-03-10T09:00:00+08:00',
    closesAt,
  })
  const short = { steps: { commentOpened: { data: { closesAt: '2025-03-31T17:00:00+08:00' } } } }
  it('the corrected payload is evaluated, and the report names the correction', () => {
    const { stream, ids } = standard({
      ...short,
      add: [correct('2025-03-11T09:00:00+08:00', opened('2025-04-10T17:00:00+08:00'), 'fix')],
    })
    const r = run(stream)
    expect(codes(r)).toEqual([])
    expect(r.corrections).toEqual([{ eventId: ids.commentOpened, correctedBy: ids.fix, applied: true }])
  })
  it('the latest correction wins', () => {
    const { stream } = standard({
      ...short,
      add: [
        correct('2025-03-11T09:00:00+08:00', opened('2025-04-10T17:00:00+08:00')),
        correct('2025-03-12T09:00:00+08:00', opened('2025-03-30T17:00:00+08:00')),
      ],
    })
    expect(findingsOf(run(stream), 'comment-period-too-short')[0]?.detail).toMatchObject({ days: 20 })
  })
  it('an unreadable correction is not applied and the original stands', () => {
    const { stream } = standard({ ...short, add: [correct('2025-03-11T09:00:00+08:00', { closesAt: 'soon' })] })
    const r = run(stream)
    expect(codes(r)).toEqual(['comment-period-too-short'])
    expect(r.corrections[0]?.applied).toBe(false)
  })
  it('without the correction known yet, the original is used', () => {
    const { stream } = standard({
      ...short,
      add: [
        {
          ...correct('2025-03-11T09:00:00+08:00', opened('2025-04-10T17:00:00+08:00')),
          opts: { recordedAt: '2025-06-01T00:00:00Z' },
        },
      ],
    })
    expect(codes(run(stream, { knownAt: '2025-05-31T00:00:00Z' }))).toContain('comment-period-too-short')
  })
  it('a correction known at knownAt applies to a report as of a day before it was made', () => {
    const { stream, ids } = standard({
      ...short,
      add: [correct('2025-11-20T09:00:00+08:00', opened('2025-04-10T17:00:00+08:00'), 'fix')],
    })
    const r = run(stream, { asOf: '2025-06-30T00:00:00+08:00', knownAt: '2025-12-01T00:00:00+08:00' })
    expect(codes(r)).not.toContain('comment-period-too-short')
    expect(r.corrections).toEqual([{ eventId: ids.commentOpened, correctedBy: ids.fix, applied: true }])
  })
})

describe('inspection findings, annotations and resolutions', () => {
  const inspection = (severity: string): AddedStep => ({
    type: 'InspectionFindingRecorded',
    at: '2025-06-15T09:00:00+08:00',
    opts: INSPECTOR,
    data: (ids) => ({
      findingId: 'insp-2025-017',
      code: 'archive-incomplete',
      title: '归档材料缺少听证会签到表',
      detail: '现场检查发现纸质档案缺少听证会签到表',
      eventIds: [ids.archived],
      severity,
    }),
  })
  const resolve: AddedStep = {
    type: 'FindingResolved',
    at: '2025-07-01T09:00:00+08:00',
    opts: INSPECTOR,
    data: { findingId: 'insp-2025-017', resolution: '已补充归档签到表' },
  }
  it('an open inspection finding makes the decision noncompliant', () => {
    const r = run(standard({ add: [inspection('major')] }).stream)
    const f = r.findings.find((x) => x.id === 'insp-2025-017')
    expect(f).toMatchObject({
      source: 'inspection',
      code: 'archive-incomplete',
      severity: 'major',
      status: 'open',
      article: '713/33',
      cycle: 1,
      title: { zh: '归档材料缺少听证会签到表' },
    })
    expect(f?.responsible).toMatchObject({ capacity: 'organ_office', orgId: ORG.city })
    expect(r.status).toBe('noncompliant')
  })
  it('with a catalogue code, its responsible are resolved as of the event it points at, with the body it names', () => {
    // Recorded in 2026, after the mayor left office (2025-06-30): the 2025-05-08 meeting's head
    // answers for the meeting, the review body the request named for its opinion.
    const pointing = (findingId: string, code: string, step: 'meeting' | 'opinion'): AddedStep => ({
      type: 'InspectionFindingRecorded',
      at: '2026-03-02T09:00:00+08:00',
      opts: INSPECTOR,
      data: (ids) => ({ findingId, code, title: '督查', detail: '说明', eventIds: [ids[step]], severity: 'major' }),
    })
    const r = run(
      standard({
        add: [
          pointing('insp-m', 'overruled-majority-without-reasons', 'meeting'),
          pointing('insp-o', 'legality-opinion-incomplete', 'opinion'),
        ],
      }).stream,
      { asOf: '2026-03-10T00:00:00+08:00' },
    )
    const responsibleOf = (id: string) => r.findings.find((f) => f.id === id)?.responsible
    expect(responsibleOf('insp-m')).toEqual({ capacity: 'organ_head', orgId: ORG.city, personIds: [PER.mayor] })
    expect(responsibleOf('insp-o')).toMatchObject({
      capacity: 'legality_review_body',
      orgId: ORG.justice,
      personIds: [PER.justiceHead, PER.reviewer],
    })
  })
  it('with a code of its own (or none), the organ head as of the event it points at answers for it', () => {
    const own = (findingId: string, code: string | undefined, at: string, step?: 'meeting'): AddedStep => ({
      type: 'InspectionFindingRecorded',
      at,
      opts: INSPECTOR,
      data: (ids) => ({
        findingId,
        ...(code ? { code } : {}),
        title: '督查发现',
        detail: '说明',
        eventIds: step ? [ids[step]] : [],
        severity: 'minor',
      }),
    })
    const r = run(
      standard({
        add: [
          // The mayor left office on 2025-06-30: the 2025-05-08 meeting was still his.
          own('insp-own', 'local-supervision-rule', '2026-03-02T09:00:00+08:00', 'meeting'),
          // Pointing at nothing: the head on the inspection's own date.
          own('insp-none', undefined, '2026-03-02T09:00:00+08:00'),
        ],
      }).stream,
      { asOf: '2026-03-10T00:00:00+08:00' },
    )
    const responsibleOf = (id: string) => r.findings.find((f) => f.id === id)?.responsible
    expect(responsibleOf('insp-own')).toEqual({ capacity: 'organ_head', orgId: ORG.city, personIds: [PER.mayor] })
    expect(responsibleOf('insp-none')).toEqual({ capacity: 'organ_head', orgId: ORG.city, personIds: [PER.newMayor] })
    expect(r.findings.find((f) => f.id === 'insp-none')?.code).toBe('inspection')
  })
  it('its resolution closes it', () => {
    const r = run(standard({ add: [inspection('major'), resolve] }).stream)
    expect(r.findings.find((x) => x.id === 'insp-2025-017')).toMatchObject({
      status: 'resolved',
      resolution: { resolution: '已补充归档签到表' },
    })
    expect(r.status).toBe('compliant')
  })
  it('computed findings take annotations but cannot be resolved', () => {
    const probe = standard({ omit: ['party'] })
    const id = `party-report-missing/1/${probe.ids.published}`
    const { stream } = standard({
      omit: ['party'],
      add: [
        {
          type: 'FindingAnnotated',
          at: '2025-06-15T09:00:00+08:00',
          opts: INSPECTOR,
          data: { findingId: id, note: '市政府办公室称已口头请示，无书面记录' },
        },
        {
          type: 'FindingResolved',
          at: '2025-06-16T09:00:00+08:00',
          opts: INSPECTOR,
          data: { findingId: id, resolution: '不予认可' },
        },
      ],
    })
    const r = run(stream)
    const f = r.findings.find((x) => x.id === id)
    expect(f?.annotations.map((a) => a.note)).toEqual(['市政府办公室称已口头请示，无书面记录'])
    expect(f?.status).toBe('open')
    expect(r.status).toBe('noncompliant')
  })
})

describe('status (rules.md §4 end)', () => {
  it('warnings alone leave a decision compliant', () => {
    expect(run(standard({ steps: { draft: { opts: { recordedAt: '2025-04-30T00:00:00Z' } } } }).stream).status).toBe(
      'compliant',
    )
  })
  it('pending obligations and no faults: in progress', () => {
    expect(run(standard({ omit: ['archived'] }).stream).status).toBe('in_progress')
  })
  it('a fault outweighs pending obligations', () => {
    expect(run(standard({ omit: ['archived', 'party'] }).stream).status).toBe('noncompliant')
  })
  it('a minor inspection finding counts; a warning one does not', () => {
    const at = (severity: string): AddedStep => ({
      type: 'InspectionFindingRecorded',
      at: '2025-06-15T09:00:00+08:00',
      opts: INSPECTOR,
      data: { findingId: `i-${severity}`, title: '督查', detail: '说明', eventIds: [], severity },
    })
    expect(run(standard({ add: [at('minor')] }).stream).status).toBe('noncompliant')
    expect(run(standard({ add: [at('warning')] }).stream).status).toBe('compliant')
  })
})

describe('unreadable input never breaks a report (docs/rules.md §8.24)', () => {
  it('an event whose payload cannot be read is listed in skipped and left out', () => {
    const { stream, ids } = standard()
    const events = stream.events.map((e) =>
      e.eventId === ids.commentOpened ? { ...e, data: { ...e.data, closesAt: 'soon' } } : e,
    )
    const r = run(events)
    expect(r.skipped).toEqual([
      { eventId: ids.commentOpened, reason: expect.stringContaining('payload unreadable as PublicCommentOpened') },
    ])
    expect(obligation(r, 'public_participation')?.eventIds).not.toContain(ids.commentOpened)
  })
  it('a check that throws is listed in skipped and the other checks still run', () => {
    const spy = vi.spyOn(CHECKS, 'party-report-missing').mockImplementation(() => {
      throw new Error('boom')
    })
    try {
      const r = run(
        standard({ omit: ['party'], steps: { draft: { opts: { recordedAt: '2025-04-30T00:00:00Z' } } } }).stream,
      )
      expect(codes(r)).toEqual(['late-recording'])
      expect(r.skipped).toEqual([{ eventId: '', reason: 'check failed: party-report-missing (cycle 1): boom' }])
    } finally {
      spy.mockRestore()
    }
  })
})
