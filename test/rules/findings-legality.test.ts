import { describe, expect, it } from 'vitest'
import type { DirectoryView } from '../../src/rules'
import { meetingData, NO_FLAGS, standard } from './standard'
import { DIRECTORY, doc, findingsOf, ORG, PER, run, SHANGHAI, Stream, withParams } from './support'
import { checkCase, type FindingCase } from './table'

/**
 * A non-disclosable decision (no participation or publication due) reduced to the review window:
 * request → opinion → submission → meeting → Party report → executing unit → archive.
 */
function reviewWindow(requestDay: string, meetingDay: string, opinion: Record<string, unknown> = {}): Stream {
  const s = new Stream()
  const at = (day: string, time: string) => `${day}T${time}:00+08:00`
  s.add('DecisionInitiated', at(requestDay, '08:00'), {
    title: '城市地下管网改造专项规划',
    organId: ORG.city,
    undertakingUnitId: ORG.unit,
    category: 'development_plan',
    flags: { nonDisclosable: true },
  })
  s.add('LegalityReviewRequested', at(requestDay, '09:00'), {
    reviewBodyId: ORG.justice,
    draft: doc('规划草案.pdf'),
    legalBases: ['《城乡规划法》'],
    proceduresStatement: doc('程序说明.pdf'),
  })
  s.add('LegalityReviewOpinionIssued', at(requestDay, '16:00'), {
    conclusion: 'lawful',
    covers: { authority: true, procedure: true, content: true },
    counselOpinions: ['公职律师：合法'],
    opinion: doc('审查意见.pdf'),
    ...opinion,
  } as never)
  s.add('SubmittedForDiscussion', at(requestDay, '17:00'), {
    package: { draft: doc('规划草案.pdf'), legalityOpinion: doc('审查意见.pdf') },
  })
  s.add('CollectiveDiscussionHeld', at(meetingDay, '15:00'), meetingData({ heldAt: at(meetingDay, '15:00') }))
  s.add('PartyCommitteeReported', at(meetingDay, '17:00'), {
    reportedAt: at(meetingDay, '17:00'),
    committee: '中共某市委员会',
  })
  s.add('ExecutingUnitAssigned', at(meetingDay, '18:00'), { unitId: ORG.unit })
  s.add('DecisionArchived', at(meetingDay, '19:00'), {
    archivedAt: at(meetingDay, '19:00'),
    items: s.documents(),
    archiveRef: '档案-001',
  })
  return s
}

/**
 * The standard 2025-05-08 meeting defers; the revised draft is sent for legality review again, its
 * opinion issued, the package re-submitted (`again`) when given, and the draft discussed again.
 */
function afterDeferral(o: { requestAt: string; opinionAt: string; meetingAt: string; resubmitted?: object }) {
  return standard({
    omit: ['party', 'published', 'executing', 'archived'],
    steps: { meeting: { data: { outcome: 'defer' } } },
    add: [
      {
        type: 'LegalityReviewRequested',
        at: o.requestAt,
        data: {
          reviewBodyId: ORG.justice,
          draft: doc('修改稿.pdf'),
          legalBases: ['《价格法》'],
          proceduresStatement: doc('程序说明（修改稿）.pdf'),
        },
      },
      {
        type: 'LegalityReviewOpinionIssued',
        at: o.opinionAt,
        data: {
          conclusion: 'lawful',
          covers: { authority: true, procedure: true, content: true },
          counselOpinions: ['公职律师：合法'],
          opinion: doc('审查意见（修改稿）.pdf'),
        },
      },
      ...(o.resubmitted
        ? [
            {
              type: 'SubmittedForDiscussion' as const,
              at: '2025-05-22T09:00:00+08:00',
              name: 'again',
              data: { package: o.resubmitted },
            },
          ]
        : []),
      { type: 'CollectiveDiscussionHeld', at: o.meetingAt, data: meetingData({ heldAt: o.meetingAt }) },
    ],
  })
}

describe('legality-review-time-too-short (Art. 26(2), working days)', () => {
  it.each<FindingCase>([
    { name: 'standard: 14 working days pass', given: {}, codes: [] },
    {
      name: 'exactly 7 working days across Labour Day 2025 and the Sunday make-up day 04-27: passes',
      given: { steps: { request: { at: '2025-04-24T09:00:00+08:00' } } },
      codes: [],
    },
    {
      name: '6 working days across Labour Day 2025: fails',
      given: { steps: { request: { at: '2025-04-25T09:00:00+08:00' }, opinion: { at: '2025-04-25T16:00:00+08:00' } } },
      codes: ['legality-review-time-too-short'],
      detail: { workingDays: 6, required: 7, requestedOn: '2025-04-25', endsOn: '2025-05-07', endsBy: 'discussion' },
      severity: 'major',
      responsible: { capacity: 'undertaking_unit', orgId: ORG.unit, personIds: [PER.director, PER.clerk] },
    },
    {
      name: 'National Day 2025 (10-01..08 off, 09-28 and 10-11 on): 6 working days fail',
      given: () => reviewWindow('2025-09-26', '2025-10-13'),
      codes: ['legality-review-time-too-short'],
      detail: { workingDays: 6, endsOn: '2025-10-12' },
    },
    {
      name: 'National Day 2025: one day earlier gives 7 and passes',
      given: () => reviewWindow('2025-09-25', '2025-10-13'),
      codes: [],
    },
    {
      name: 'Spring Festival 2026 (02-15..23 off, 02-14 and 02-28 on): 6 working days fail',
      given: () => reviewWindow('2026-02-11', '2026-02-27'),
      run: { asOf: '2026-06-30T12:00:00+08:00' },
      codes: ['legality-review-time-too-short'],
      detail: { workingDays: 6, endsOn: '2026-02-26' },
    },
    {
      name: 'Spring Festival 2026: one day earlier gives 7 and passes',
      given: () => reviewWindow('2026-02-10', '2026-02-27'),
      run: { asOf: '2026-06-30T12:00:00+08:00' },
      codes: [],
    },
    {
      name: 'a reason in the opinion lowers it to a warning (status stays compliant)',
      given: () => reviewWindow('2025-09-26', '2025-10-13', { shortReviewReason: '防汛工程须在汛期前开工，时间紧迫' }),
      codes: ['legality-review-time-too-short'],
      severity: 'warning',
      status: 'compliant',
    },
    {
      name: 'an earlier neededBy ends the review time',
      given: { steps: { request: { data: { neededBy: '2025-04-18' } } } },
      codes: ['legality-review-time-too-short'],
      detail: { workingDays: 3, endsBy: 'neededBy', endsOn: '2025-04-18' },
    },
    {
      name: 'not judged before a discussion is held or a neededBy is given',
      given: { omit: ['meeting', 'party', 'published', 'executing', 'archived'] },
      codes: [],
      status: 'in_progress',
    },
  ])('$name', checkCase)

  const reReviewed = (requestAt: string, meetingAt: string) =>
    afterDeferral({ requestAt, opinionAt: requestAt.replace('T09', 'T16'), meetingAt }).stream
  it('times a draft sent again after a deferral on its own: 1 working day (Thu 05-15 → Mon 05-19) fails', () => {
    const r = run(reReviewed('2025-05-15T09:00:00+08:00', '2025-05-19T15:00:00+08:00'))
    const found = findingsOf(r, 'legality-review-time-too-short')
    expect(found.map((f) => f.detail)).toEqual([
      expect.objectContaining({
        workingDays: 1,
        requestedOn: '2025-05-15',
        endsOn: '2025-05-18',
        endsBy: 'discussion',
      }),
    ])
  })
  it('a draft sent again with exactly 7 working days (05-16 … 05-26) before the next meeting passes', () => {
    const r = run(reReviewed('2025-05-15T09:00:00+08:00', '2025-05-27T15:00:00+08:00'))
    expect(findingsOf(r, 'legality-review-time-too-short')).toEqual([])
  })

  it('falls back to weekends only for a year chinese-days does not cover, and says so', () => {
    const r = run(reviewWindow('2027-01-29', '2027-02-09'), { asOf: '2027-03-01T00:00:00+08:00' })
    expect(r.findings.find((f) => f.code === 'legality-review-time-too-short')?.detail).toMatchObject({
      workingDays: 6,
    })
    expect(r.calendar.fallbackYears).toContain(2027)
  })
})

describe('legality-review-missing (Art. 25)', () => {
  it.each<FindingCase>([
    {
      name: 'passes with an opinion before the discussion',
      given: {},
      codes: [],
      obligation: ['legality_review', 'done'],
    },
    {
      name: 'fails when the opinion never came',
      given: { omit: ['opinion'] },
      codes: ['legality-review-missing'],
      severity: 'blocking',
      responsible: { capacity: 'organ_head', personIds: [PER.mayor] },
      obligation: ['legality_review', 'missing'],
    },
    {
      name: 'fails with no request at all',
      given: { omit: ['request', 'opinion'] },
      codes: ['legality-review-missing'],
    },
    {
      name: 'fails when the opinion came only after the discussion',
      given: { steps: { opinion: { at: '2025-05-09T10:00:00+08:00' } } },
      codes: ['legality-review-missing'],
      detail: { late: true },
      only: false,
    },
  ])('$name', checkCase)
})

describe('discussed-despite-unlawful-opinion (Art. 25(2))', () => {
  const unlawful = { conclusion: 'unlawful', requiredChanges: ['收费项目缺乏上位法依据'] }
  it.each<FindingCase>([
    {
      name: 'fails when discussed after an unlawful opinion',
      given: { steps: { opinion: { data: unlawful } } },
      codes: ['discussed-despite-unlawful-opinion'],
      severity: 'blocking',
      detail: { exploratoryReform: false },
    },
    {
      name: 'exploratory reform without a legal-risk disclosure: fails',
      given: { flags: { exploratoryReform: true }, steps: { opinion: { data: unlawful } } },
      codes: ['discussed-despite-unlawful-opinion'],
      detail: { exploratoryReform: true, legalRiskDisclosure: false },
    },
    {
      name: 'exploratory reform with the legal risk disclosed in the package: passes',
      given: {
        flags: { exploratoryReform: true },
        steps: {
          opinion: { data: { ...unlawful, legalRiskDisclosure: doc('法律风险提示.pdf') } },
          submission: {
            data: {
              package: {
                draft: doc('票价调整方案（送审稿）.pdf'),
                legalityOpinion: doc('合法性审查意见书.pdf'),
                publicOpinionAdoption: doc('公众意见采纳情况.pdf'),
                legalRiskDisclosure: doc('法律风险提示.pdf'),
              },
            },
          },
        },
      },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('legality-review-overdue (local cap)', () => {
  const capped = withParams({ legalityReviewMaxWorkingDays: 10 })
  const undecided = ['opinion', 'submission', 'meeting', 'party', 'published', 'executing', 'archived'] as const
  it.each<FindingCase>([
    { name: 'passes within 10 working days (8)', given: {}, run: { rulebook: capped }, codes: [] },
    {
      name: 'fails after 13 working days',
      given: { steps: { opinion: { at: '2025-05-06T16:00:00+08:00' } } },
      run: { rulebook: capped },
      codes: ['legality-review-overdue'],
      detail: { workingDays: 13, max: 10, answered: true },
      severity: 'minor',
      responsible: { capacity: 'legality_review_body', orgId: ORG.justice, personIds: [PER.justiceHead, PER.reviewer] },
    },
    {
      name: 'fails once asOf passes the cap with no opinion yet',
      given: { omit: undecided },
      run: { rulebook: capped, asOf: '2025-05-20T12:00:00+08:00' },
      codes: ['legality-review-overdue'],
      detail: { answered: false, max: 10 },
      obligation: ['legality_review', 'missing'],
    },
    {
      name: 'pending (with its due date) before the cap passes',
      given: { omit: undecided },
      run: { rulebook: capped, asOf: '2025-04-20T12:00:00+08:00' },
      codes: [],
      obligation: ['legality_review', 'pending'],
    },
    { name: 'no cap under cn-713', given: { steps: { opinion: { at: '2025-05-06T16:00:00+08:00' } } }, codes: [] },
  ])('$name', checkCase)
})

describe('legality-opinion-incomplete (Arts. 27, 28)', () => {
  it.each<FindingCase>([
    { name: 'passes with all covers and counsel', given: {}, codes: [] },
    {
      name: 'fails when content was not reviewed',
      given: { steps: { opinion: { data: { covers: { authority: true, procedure: true, content: false } } } } },
      codes: ['legality-opinion-incomplete'],
      detail: { missingCovers: ['content'] },
      article: '713/27',
      responsible: { capacity: 'legality_review_body', orgId: ORG.justice, personIds: [PER.justiceHead, PER.reviewer] },
    },
    {
      // Art. 28 is where counsel opinions are required; Art. 27 lists only what the review covers.
      name: 'fails without counsel opinions, citing Art. 28',
      given: { steps: { opinion: { data: { counselOpinions: [] } } } },
      codes: ['legality-opinion-incomplete'],
      detail: { missingCovers: [], counselOpinions: 0 },
      article: '713/28',
    },
    {
      // Arts. 27-28 bind the body that gave the opinion; re-addressing the request afterwards
      // (a correction to the provincial body) does not make that body answer for it.
      name: 'the body that issued the opinion answers for it, whatever the request later names',
      given: {
        steps: { opinion: { data: { covers: { authority: true, procedure: false, content: true } } } },
        add: [
          {
            type: 'EventCorrected',
            at: '2025-04-26T09:00:00+08:00',
            data: (ids) => ({
              correctsEventId: ids.request,
              reason: '送审机关填写有误',
              data: {
                reviewBodyId: ORG.prov,
                draft: doc('票价调整方案（送审稿）.pdf'),
                legalBases: ['《中华人民共和国价格法》第二十三条'],
                proceduresStatement: doc('履行程序说明.pdf'),
              },
            }),
          },
        ],
      },
      codes: ['legality-opinion-incomplete'],
      responsible: { capacity: 'legality_review_body', orgId: ORG.justice, personIds: [PER.justiceHead, PER.reviewer] },
    },
    {
      name: 'with both defects, cites Art. 27 first',
      given: {
        steps: {
          opinion: { data: { counselOpinions: [], covers: { authority: false, procedure: true, content: true } } },
        },
      },
      codes: ['legality-opinion-incomplete'],
      detail: { missingCovers: ['authority'], counselOpinions: 0 },
      article: '713/27',
    },
  ])('$name', checkCase)
})

describe('legality-changes-not-addressed (Art. 28)', () => {
  const withChanges = { conclusion: 'lawful_with_changes', requiredChanges: ['删除第五条关于强制搭售的规定'] }
  it.each<FindingCase>([
    {
      name: 'fails with no revision answering the opinion',
      given: { steps: { opinion: { data: withChanges } } },
      codes: ['legality-changes-not-addressed'],
      detail: { requiredChanges: ['删除第五条关于强制搭售的规定'] },
    },
    {
      name: 'passes with a DraftRevised that responds to it',
      given: {
        steps: { opinion: { data: withChanges } },
        add: [
          {
            type: 'DraftRevised',
            at: '2025-04-27T10:00:00+08:00',
            data: (ids) => ({
              draft: doc('送审稿（修改）.pdf'),
              reason: '根据合法性审查意见修改',
              respondsTo: [ids.opinion],
            }),
          },
        ],
      },
      codes: [],
    },
    {
      name: 'fails with a revision that does not name the opinion',
      given: {
        steps: { opinion: { data: withChanges } },
        add: [
          {
            type: 'DraftRevised',
            at: '2025-04-27T10:00:00+08:00',
            data: { draft: doc('送审稿（修改）.pdf'), reason: '文字修改' },
          },
        ],
      },
      codes: ['legality-changes-not-addressed'],
    },
  ])('$name', checkCase)
})

describe('legality-prereview-missing (two-tier review, Shanghai)', () => {
  const prereview = (at: string, officeId: string = ORG.unitLegal) => ({
    type: 'LegalityPreReviewCompleted' as const,
    at,
    data: { officeId, opinion: doc('初审意见.pdf') },
  })
  const BEFORE = '2025-04-14T10:00:00+08:00'
  // A section two levels under the unit (法制科 → 交通运输局), known only to this directory.
  const SECTION = 'org_unit_legal_section'
  const deeper: DirectoryView = {
    ...DIRECTORY,
    orgName: (id) => (id === SECTION ? '某市交通运输局法制科审查组' : DIRECTORY.orgName(id)),
    parentOf: (id) => (id === SECTION ? ORG.unitLegal : DIRECTORY.parentOf?.(id)),
  }
  // The initiation corrected to name the finance bureau as the undertaking unit.
  const unitCorrected = {
    type: 'EventCorrected' as const,
    at: '2025-03-04T09:00:00+08:00',
    data: (ids: Record<string, string | undefined>) => ({
      correctsEventId: ids.initiated,
      reason: '承办单位填写有误',
      data: {
        title: '关于调整城市公共交通票价的决策',
        organId: ORG.city,
        undertakingUnitId: ORG.other,
        category: 'public_policy',
        flags: NO_FLAGS,
      },
    }),
  }
  // A major adjustment, then the revised draft sent to the review body (cycle 2, no meeting yet).
  const reopened = [
    {
      type: 'DecisionAdjusted' as const,
      at: '2025-09-01T09:00:00+08:00',
      data: { major: true, description: '调整票价结构，实行分段计价' },
    },
    {
      type: 'LegalityReviewRequested' as const,
      at: '2025-09-15T09:00:00+08:00',
      data: {
        reviewBodyId: ORG.justice,
        draft: doc('调整方案.pdf'),
        legalBases: ['《价格法》'],
        proceduresStatement: doc('程序说明（调整）.pdf'),
      },
    },
  ]
  it.each<FindingCase>([
    {
      name: 'fails under cn-shanghai without a pre-review',
      given: {},
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
      severity: 'major',
    },
    {
      name: 'passes under cn-shanghai with a pre-review before the request',
      given: { add: [prereview('2025-04-14T10:00:00+08:00')] },
      run: { rulebook: SHANGHAI },
      codes: [],
    },
    {
      name: 'fails when the pre-review came after the request',
      given: { add: [prereview('2025-04-16T10:00:00+08:00')] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
    },
    {
      name: 'passes with a pre-review by the undertaking unit itself',
      given: { add: [prereview(BEFORE, ORG.unit)] },
      run: { rulebook: SHANGHAI },
      codes: [],
    },
    {
      name: 'passes with a pre-review by an office two levels under the unit',
      given: { add: [prereview(BEFORE, SECTION)] },
      run: { rulebook: SHANGHAI, directory: deeper },
      codes: [],
    },
    {
      name: "fails with a pre-review by another department (the finance bureau is not the unit's own)",
      given: { add: [prereview(BEFORE, ORG.other)] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
      detail: {
        undertakingUnitId: ORG.unit,
        notCounted: [
          { eventId: expect.any(String), officeId: ORG.other, why: 'not the undertaking unit nor an office under it' },
        ],
      },
    },
    {
      name: "fails with a pre-review by the unit's parent government",
      given: { add: [prereview(BEFORE, ORG.city)] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
    },
    {
      name: 'fails with a pre-review by the review body itself',
      given: { add: [prereview(BEFORE, ORG.justice)] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
      detail: { notCounted: [{ eventId: expect.any(String), officeId: ORG.justice, why: 'the review body itself' }] },
    },
    {
      name: 'fails with a pre-review by an office the directory does not know, and says so',
      given: { add: [prereview(BEFORE, 'org_nowhere')] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
      detail: {
        notCounted: [
          {
            eventId: expect.any(String),
            officeId: 'org_nowhere',
            why: "not in the directory, so not shown to be the unit's own",
          },
        ],
      },
    },
    {
      name: "passes when one of several pre-reviews is by the unit's legal office",
      given: { add: [prereview(BEFORE, ORG.other), prereview('2025-04-14T11:00:00+08:00')] },
      run: { rulebook: SHANGHAI },
      codes: [],
    },
    {
      name: "judges the undertaking unit of the initiation as corrected (fails: not the new unit's own)",
      given: { add: [unitCorrected, prereview(BEFORE)] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
      detail: { undertakingUnitId: ORG.other },
    },
    {
      name: 'judges the undertaking unit of the initiation as corrected (passes: the new unit itself)',
      given: { add: [unitCorrected, prereview(BEFORE, ORG.other)] },
      run: { rulebook: SHANGHAI },
      codes: [],
    },
    {
      name: 'fails in cycle 2 when only cycle 1 had a pre-review (a major adjustment re-opens review)',
      given: { add: [prereview(BEFORE), ...reopened] },
      run: { rulebook: SHANGHAI },
      codes: ['legality-prereview-missing'],
    },
    {
      name: 'passes in cycle 2 with a pre-review of its own before its request',
      given: { add: [prereview(BEFORE), ...reopened, prereview('2025-09-10T10:00:00+08:00')] },
      run: { rulebook: SHANGHAI },
      codes: [],
    },
    { name: 'not required under cn-713', given: {}, codes: [] },
  ])('$name', checkCase)
})

describe('submission (Art. 29)', () => {
  it.each<FindingCase>([
    {
      name: 'submission-missing',
      given: { omit: ['submission'] },
      codes: ['submission-missing'],
      severity: 'major',
      obligation: ['submission', 'missing'],
    },
    {
      name: 'submission-package-incomplete: participation done, adoption account missing',
      given: {
        steps: {
          submission: {
            data: {
              package: { draft: doc('票价调整方案（送审稿）.pdf'), legalityOpinion: doc('合法性审查意见书.pdf') },
            },
          },
        },
      },
      codes: ['submission-package-incomplete'],
      detail: { missing: ['publicOpinionAdoption'] },
    },
    {
      name: 'submission-package-incomplete: risk assessed, report not submitted',
      given: {
        flags: { stabilityOrSafetyRisk: true },
        steps: {
          submission: {
            data: {
              package: {
                draft: doc('票价调整方案（送审稿）.pdf'),
                legalityOpinion: doc('合法性审查意见书.pdf'),
                publicOpinionAdoption: doc('公众意见采纳情况.pdf'),
              },
            },
          },
        },
      },
      codes: ['submission-package-incomplete'],
      detail: { missing: ['riskReport'] },
    },
    {
      name: 'a complete package passes',
      given: { flags: { stabilityOrSafetyRisk: true, professionalTechnical: true, marketEntityActivity: true } },
      codes: [],
    },
  ])('$name', checkCase)

  const resubmitted = (pkg: Record<string, unknown>) =>
    afterDeferral({
      requestAt: '2025-05-12T09:00:00+08:00',
      opinionAt: '2025-05-21T16:00:00+08:00',
      resubmitted: pkg,
      meetingAt: '2025-05-27T15:00:00+08:00',
    })
  it('judges the package re-submitted after a deferral on its own: no legality opinion in it fails', () => {
    const { stream, ids } = resubmitted({
      draft: doc('修改稿.pdf'),
      publicOpinionAdoption: doc('公众意见采纳情况.pdf'),
    })
    const found = findingsOf(run(stream), 'submission-package-incomplete')
    expect(found.map((f) => [f.eventIds, f.detail.missing])).toEqual([[[ids.again], ['legalityOpinion']]])
  })
  it('a complete re-submitted package passes', () => {
    const { stream } = resubmitted({
      draft: doc('修改稿.pdf'),
      legalityOpinion: doc('审查意见（修改稿）.pdf'),
      publicOpinionAdoption: doc('公众意见采纳情况.pdf'),
    })
    expect(findingsOf(run(stream), 'submission-package-incomplete')).toEqual([])
  })
})
