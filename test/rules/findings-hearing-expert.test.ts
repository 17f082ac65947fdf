import { describe, expect, it } from 'vitest'
import { standard } from './standard'
import { doc, eid, findingsOf, ORG, PER, run, withParams } from './support'
import { checkCase, type FindingCase } from './table'

const allSay = (position: string) =>
  [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor].map((personId, i) => ({ personId, order: i + 1, position }))
const HEARING = { hearingRequiredByLaw: true }
const EXPERTS = { professionalTechnical: true }

describe('hearing-missing (Art. 16)', () => {
  it.each<FindingCase>([
    {
      name: 'passes when the hearing required by law is held',
      given: { flags: HEARING },
      codes: [],
      obligation: ['hearing', 'done'],
    },
    {
      name: 'fails when a hearing required by law is not held',
      given: { flags: HEARING, omit: ['hearingHeld'] },
      codes: ['hearing-missing'],
      severity: 'blocking',
      obligation: ['hearing', 'missing'],
    },
    {
      name: 'fails on vital interests where the rulebook makes hearings mandatory',
      given: { flags: { vitalInterestOrMajorDisagreement: true } },
      run: { rulebook: withParams({ hearingMandatoryOnVitalInterest: true }) },
      codes: ['hearing-missing'],
    },
    {
      name: 'not applicable on vital interests under cn-713 (optional nationally)',
      given: { flags: { vitalInterestOrMajorDisagreement: true } },
      codes: [],
      obligation: ['hearing', 'not_applicable'],
    },
    { name: 'not applicable without a hearing flag', given: {}, codes: [], obligation: ['hearing', 'not_applicable'] },
  ])('$name', checkCase)
})

describe('hearing-materials-late (Art. 16(3))', () => {
  const delivered = (at: string) => ({ flags: HEARING, steps: { hearingMaterials: { at, data: { deliveredAt: at } } } })
  it.each<FindingCase>([
    { name: 'passes with exactly 7 days', given: delivered('2025-04-01T09:00:00+08:00'), codes: [] },
    {
      name: 'fails with 6 days',
      given: delivered('2025-04-02T09:00:00+08:00'),
      codes: ['hearing-materials-late'],
      detail: { days: 6, required: 7 },
      severity: 'major',
    },
    {
      name: 'fails when never delivered',
      given: { flags: HEARING, omit: ['hearingMaterials'] },
      codes: ['hearing-materials-late'],
      detail: { days: null, delivered: false },
    },
    { name: 'not applicable without a hearing', given: {}, codes: [] },
  ])('$name', checkCase)
})

describe('hearing-materials-late: a hearing re-held after a major adjustment (domain.md §1.2)', () => {
  // Cycle 1 is the standard hearing (materials 03-28, hearing 04-08); cycle 2 re-holds it on 06-20.
  const reheld = (delivery?: string) =>
    standard({
      flags: HEARING,
      add: [
        {
          type: 'DecisionAdjusted',
          at: '2025-06-02T09:00:00+08:00',
          data: { major: true, description: '票价方案重大调整，重新履行程序' },
        },
        ...(delivery
          ? [{ type: 'HearingMaterialsDelivered' as const, at: delivery, data: { deliveredAt: delivery } }]
          : []),
        {
          type: 'HearingParticipantsPublished',
          at: '2025-06-05T09:00:00+08:00',
          data: { participants: [{ name: '市民代表甲', constituency: '消费者' }] },
        },
        {
          type: 'HearingHeld',
          at: '2025-06-20T09:30:00+08:00',
          data: {
            heldAt: '2025-06-20T09:30:00+08:00',
            participants: [{ name: '市民代表甲', constituency: '消费者' }],
            record: doc('第二次听证笔录.pdf'),
            recordSignedByAll: true,
          },
        },
      ],
    }).stream
  const late = (delivery?: string) =>
    findingsOf(run(reheld(delivery)), 'hearing-materials-late').map((f) => ({ cycle: f.cycle, detail: f.detail }))
  it.each([
    ["no delivery in cycle 2: cycle 1's delivery does not count", undefined, [{ days: null, delivered: false }]],
    ['a delivery in cycle 2 exactly 7 days before passes', '2025-06-13T09:00:00+08:00', []],
    ['a delivery in cycle 2 only 3 days before is late', '2025-06-17T09:00:00+08:00', [{ days: 3, delivered: true }]],
  ] as const)('%s', (_name, delivery, expected) => {
    expect(late(delivery)).toEqual(expected.map((d) => ({ cycle: 2, detail: { ...d, required: 7 } })))
  })
})

describe('hearing-participants-not-published (Art. 16(3))', () => {
  it.each<FindingCase>([
    { name: 'passes when published in advance', given: { flags: HEARING }, codes: [] },
    {
      name: 'fails when never published',
      given: { flags: HEARING, omit: ['hearingParticipants'] },
      codes: ['hearing-participants-not-published'],
      severity: 'minor',
    },
    {
      name: 'fails when published after the hearing',
      given: { flags: HEARING, steps: { hearingParticipants: { at: '2025-04-08T15:00:00+08:00' } } },
      codes: ['hearing-participants-not-published'],
    },
  ])('$name', checkCase)
})

describe('hearing-record-unsigned (Art. 17)', () => {
  it.each<FindingCase>([
    { name: 'passes when signed by all', given: { flags: HEARING }, codes: [] },
    {
      name: 'fails when not signed by all',
      given: { flags: HEARING, steps: { hearingHeld: { data: { recordSignedByAll: false } } } },
      codes: ['hearing-record-unsigned'],
      severity: 'minor',
    },
  ])('$name', checkCase)
})

describe('expert-argumentation-missing (Art. 19)', () => {
  it.each<FindingCase>([
    {
      name: 'passes with opinions studied',
      given: { flags: EXPERTS },
      codes: [],
      obligation: ['expert_argumentation', 'done'],
    },
    {
      // rules.md §3: an opinion and a processing before the discussion; a later opinion does
      // not undo the processing.
      name: 'passes when an opinion comes after the processing',
      given: {
        flags: EXPERTS,
        add: [
          {
            type: 'ExpertOpinionSubmitted',
            at: '2025-04-14T09:00:00+08:00',
            data: {
              expertName: '交通经济学者乙',
              form: 'written',
              conclusion: 'supports',
              signed: true,
              opinion: doc('专家论证意见乙.pdf'),
            },
          },
        ],
      },
      codes: [],
      obligation: ['expert_argumentation', 'done'],
    },
    {
      name: 'fails when processed before any opinion was submitted',
      given: { flags: EXPERTS, steps: { expertProcessed: { at: '2025-03-30T09:00:00+08:00' } } },
      codes: ['expert-argumentation-missing'],
      obligation: ['expert_argumentation', 'missing'],
    },
    {
      name: 'fails with opinions never studied',
      given: { flags: EXPERTS, omit: ['expertProcessed'] },
      codes: ['expert-argumentation-missing'],
      severity: 'blocking',
    },
    {
      name: 'fails with no experts at all',
      given: { flags: EXPERTS, omit: ['panel', 'expertOpinion', 'expertProcessed'] },
      codes: ['expert-argumentation-missing'],
    },
    {
      name: 'not applicable for a non-technical matter',
      given: {},
      codes: [],
      obligation: ['expert_argumentation', 'not_applicable'],
    },
  ])('$name', checkCase)
})

describe('expert-conflict-of-interest (Art. 20)', () => {
  it.each<FindingCase>([
    { name: 'passes with independent experts', given: { flags: EXPERTS }, codes: [] },
    {
      name: 'fails with an expert who has a direct interest',
      given: {
        flags: EXPERTS,
        steps: {
          panel: {
            data: {
              experts: [
                {
                  name: '公交集团总工程师丁',
                  affiliation: '某市公交集团',
                  directInterest: true,
                  conflictNote: '票价调整直接影响其单位收入',
                },
              ],
            },
          },
        },
      },
      codes: ['expert-conflict-of-interest'],
      detail: { experts: [{ name: '公交集团总工程师丁', affiliation: '某市公交集团' }] },
      severity: 'major',
    },
  ])('$name', checkCase)
})

describe('expert-opinion-unsigned (Art. 19(2))', () => {
  it.each<FindingCase>([
    { name: 'passes when a written opinion is signed', given: { flags: EXPERTS }, codes: [] },
    {
      name: 'fails when a written opinion is unsigned',
      given: { flags: EXPERTS, steps: { expertOpinion: { data: { signed: false } } } },
      codes: ['expert-opinion-unsigned'],
      detail: { expertName: '交通经济学者甲', signed: false },
      responsible: { capacity: 'expert', names: ['交通经济学者甲'] },
    },
    {
      name: "fails when an institution's opinion is not stamped",
      given: { flags: EXPERTS, steps: { expertOpinion: { data: { form: 'commissioned', stamped: false } } } },
      codes: ['expert-opinion-unsigned'],
    },
    {
      name: 'passes for an oral opinion given at a meeting',
      given: { flags: EXPERTS, steps: { expertOpinion: { data: { form: 'meeting', signed: false } } } },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('risk findings (Arts. 22-24)', () => {
  const RISK = { stabilityOrSafetyRisk: true }
  it.each<FindingCase>([
    { name: 'risk assessment done', given: { flags: RISK }, codes: [], obligation: ['risk_assessment', 'done'] },
    {
      name: 'risk-assessment-missing',
      given: { flags: RISK, omit: ['risk'] },
      codes: ['risk-assessment-missing'],
      severity: 'blocking',
      obligation: ['risk_assessment', 'missing'],
    },
    {
      name: 'not applicable with a prior assessment reference (Art. 22(2))',
      given: {
        flags: RISK,
        omit: ['risk'],
        initiation: { priorRiskAssessmentRef: '某市轨道交通票制票价社会稳定风险评估报告（2024）' },
      },
      codes: [],
      obligation: ['risk_assessment', 'not_applicable'],
    },
    {
      name: 'risk-report-incomplete',
      given: { flags: RISK, steps: { risk: { data: { riskPoints: [], departmentOpinions: [] } } } },
      codes: ['risk-report-incomplete'],
      detail: { missing: ['riskPoints', 'departmentOpinions'] },
      responsible: { capacity: 'assessor', orgId: ORG.assessor, personIds: [PER.assessorHead, PER.assessor] },
    },
    {
      name: 'decided-despite-uncontrollable-risk',
      given: { flags: RISK, steps: { risk: { data: { controllable: false, level: 'high' } } } },
      codes: ['decided-despite-uncontrollable-risk'],
      severity: 'blocking',
      detail: { controllable: false, level: 'high', outcome: 'approve' },
      responsible: { capacity: 'organ_head', personIds: [PER.mayor] },
    },
    {
      name: 'uncontrollable risk, but the draft is rejected: passes',
      given: {
        flags: RISK,
        omit: ['party', 'published', 'executing'],
        steps: {
          risk: { data: { controllable: false } },
          meeting: { data: { outcome: 'reject', statements: allSay('oppose') } },
        },
      },
      codes: [],
    },
    {
      name: 'uncontrollable, then reassessed as controllable after adjusting the draft: passes',
      given: {
        flags: RISK,
        steps: { risk: { data: { controllable: false } } },
        add: [
          {
            type: 'RiskAssessmentCompleted',
            at: '2025-04-14T15:00:00+08:00',
            data: {
              assessorOrgId: ORG.assessor,
              riskPoints: ['低收入群体出行负担'],
              preventionMeasures: ['扩大补贴范围'],
              contingencyPlan: doc('处置预案（修订）.pdf'),
              departmentOpinions: ['市公安局：风险可控'],
              controllable: true,
              report: doc('风险评估报告（复评）.pdf'),
            },
            opts: { as: { personId: PER.assessor, orgId: ORG.assessor, role: 'reviewer' } },
          },
        ],
      },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('fair-competition-review-missing (Art. 29(1))', () => {
  it.each<FindingCase>([
    {
      name: 'passes when reviewed',
      given: { flags: { marketEntityActivity: true } },
      codes: [],
      obligation: ['fair_competition_review', 'done'],
    },
    {
      name: 'passes with an exception recorded without its ground: a fact, not a missing review',
      given: {
        flags: { marketEntityActivity: true },
        steps: { fcr: { data: { reviewerOrgId: ORG.samr, conclusion: 'exception', report: doc('审查报告.pdf') } } },
      },
      codes: [],
      obligation: ['fair_competition_review', 'done'],
    },
    {
      name: 'fails when not reviewed',
      given: { flags: { marketEntityActivity: true }, omit: ['fcr'] },
      codes: ['fair-competition-review-missing'],
      severity: 'blocking',
    },
    {
      name: 'not applicable when no market entity is touched',
      given: {},
      codes: [],
      obligation: ['fair_competition_review', 'not_applicable'],
    },
  ])('$name', checkCase)
})

describe('inter-unit consultation (Art. 13)', () => {
  const UNITS = { involvesOtherUnits: true }
  it.each<FindingCase>([
    { name: 'passes when agreed', given: { flags: UNITS }, codes: [], obligation: ['inter_unit_consultation', 'done'] },
    {
      name: 'inter-unit-consultation-missing',
      given: { flags: UNITS, omit: ['consultation'] },
      codes: ['inter-unit-consultation-missing'],
      severity: 'major',
      detail: { obligation: 'inter_unit_consultation', cause: 'no-consultation' },
    },
    {
      // rules.md §3: satisfied by a consultation "with a dispute report if not agreed"; §4 raises
      // inter-unit-consultation-missing whenever the obligation is missing, so both rows apply.
      name: 'an unreported dispute: inter-unit-dispute-not-reported and the obligation finding too',
      given: {
        flags: UNITS,
        steps: { consultation: { data: { agreed: false, disputes: ['补贴资金由哪一级财政承担'] } } },
      },
      codes: ['inter-unit-dispute-not-reported', 'inter-unit-consultation-missing'],
      detail: { unitIds: [ORG.other], disputes: ['补贴资金由哪一级财政承担'] },
      obligation: ['inter_unit_consultation', 'missing'],
    },
    {
      name: 'the obligation finding of an unreported dispute says so',
      given: {
        flags: UNITS,
        steps: { consultation: { data: { agreed: false, disputes: ['补贴资金分担'] } } },
      },
      codes: ['inter-unit-consultation-missing', 'inter-unit-dispute-not-reported'],
      detail: {
        obligation: 'inter_unit_consultation',
        cause: 'dispute-not-reported',
        unreportedConsultationIds: [eid(2)],
        late: false,
      },
      severity: 'major',
    },
    {
      name: 'a dispute reported only after the meeting: both findings, the obligation one late',
      given: {
        flags: UNITS,
        steps: { consultation: { data: { agreed: false, disputes: ['补贴资金分担'] } } },
        add: [
          {
            type: 'InterUnitConsultationRecorded',
            at: '2025-05-09T11:00:00+08:00',
            data: {
              unitIds: [ORG.other],
              agreed: false,
              disputes: ['补贴资金分担'],
              disputeReport: doc('争议情况说明.pdf'),
            },
          },
        ],
      },
      codes: ['inter-unit-consultation-missing', 'inter-unit-dispute-not-reported'],
      detail: { cause: 'dispute-not-reported', late: true },
    },
    {
      name: 'passes when the dispute is reported to the organ',
      given: {
        flags: UNITS,
        steps: {
          consultation: { data: { agreed: false, disputes: ['补贴资金分担'], disputeReport: doc('争议情况说明.pdf') } },
        },
      },
      codes: [],
    },
    {
      name: 'passes when a later consultation reaches agreement',
      given: {
        flags: UNITS,
        steps: { consultation: { data: { agreed: false, disputes: ['补贴资金分担'] } } },
        add: [
          {
            type: 'InterUnitConsultationRecorded',
            at: '2025-03-20T10:00:00+08:00',
            data: { unitIds: [ORG.other], agreed: true },
          },
        ],
      },
      codes: [],
    },
    {
      name: 'not applicable when no other unit is involved',
      given: {},
      codes: [],
      obligation: ['inter_unit_consultation', 'not_applicable'],
    },
  ])('$name', checkCase)
})
