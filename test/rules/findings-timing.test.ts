import { describe, expect, it } from 'vitest'
import { NO_FLAGS, standard } from './standard'
import { findingsOf, ORG, PER, run } from './support'
import { checkCase, type FindingCase } from './table'

const undecided = ['meeting', 'party', 'published', 'executing', 'archived'] as const

describe('decision-delayed (Art. 38(2) 久拖不决)', () => {
  it.each<FindingCase>([
    { name: 'passes when decided on the due date', given: { initiation: { decisionDueBy: '2025-05-08' } }, codes: [] },
    {
      name: 'fails when decided after the due date',
      given: { initiation: { decisionDueBy: '2025-04-30' } },
      codes: ['decision-delayed'],
      detail: { dueBy: '2025-04-30', decidedOn: '2025-05-08', daysLate: 8 },
      severity: 'major',
      responsible: { capacity: 'organ_head', orgId: ORG.city, personIds: [PER.mayor] },
    },
    {
      name: 'fails with no decision once asOf passes the due date; the head is the one in office on that date',
      given: { initiation: { decisionDueBy: '2025-07-31' }, omit: undecided },
      run: { asOf: '2025-08-15T09:00:00+08:00' },
      codes: ['decision-delayed'],
      detail: { decidedOn: null, daysLate: 15 },
      responsible: { personIds: [PER.newMayor] },
      // Past decisionDueBy with no decision the obligation is overdue too (docs/rules.md §8.3).
      obligation: ['collective_discussion', 'missing'],
    },
    {
      name: 'nothing before the due date passes',
      given: { initiation: { decisionDueBy: '2025-07-31' }, omit: undecided },
      run: { asOf: '2025-07-31T20:00:00+08:00' },
      codes: [],
      obligation: ['collective_discussion', 'pending'],
    },
    {
      name: 'a deferral is no decision',
      given: {
        initiation: { decisionDueBy: '2025-05-30' },
        omit: ['party', 'published', 'executing', 'archived'],
        steps: { meeting: { data: { outcome: 'defer' } } },
      },
      codes: ['decision-delayed'],
    },
  ])('$name', checkCase)
})

describe('late-recording (policy, Art. 39)', () => {
  it.each<FindingCase>([
    {
      name: 'warns when a step is recorded 11 working days after it happened',
      given: { steps: { draft: { opts: { recordedAt: '2025-03-20T02:00:00Z' } } } },
      codes: ['late-recording'],
      detail: { workingDays: 11, max: 5, type: 'DraftPrepared' },
      severity: 'warning',
      responsible: { capacity: 'recorder_organization', orgId: ORG.unit, personIds: [PER.clerk, PER.director] },
      status: 'compliant',
    },
    {
      name: 'passes at exactly 5 working days',
      given: { steps: { draft: { opts: { recordedAt: '2025-03-12T02:00:00Z' } } } },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('classification-weakened-late (policy, Art. 39)', () => {
  const adjusted = {
    type: 'DecisionAdjusted' as const,
    at: '2025-09-01T09:00:00+08:00',
    data: { major: true, description: '调整票价结构，实行分段计价' },
  }
  const reclassify = (at: string, flags: Record<string, boolean>) => ({
    type: 'DecisionReclassified' as const,
    at,
    data: { flags, reason: '重新研判决策事项性质' },
  })
  it.each<FindingCase>([
    {
      name: 'warns when the technical flag is dropped after the discussion; the step stays judged at its moment',
      given: {
        flags: { professionalTechnical: true },
        omit: ['panel', 'expertOpinion', 'expertProcessed'],
        add: [reclassify('2025-05-10T09:00:00+08:00', { professionalTechnical: false })],
      },
      codes: ['classification-weakened-late', 'expert-argumentation-missing'],
      detail: {
        flags: [{ flag: 'professionalTechnical', from: true, to: false }],
        obligations: ['expert_argumentation'],
      },
      severity: 'warning',
      obligation: ['expert_argumentation', 'missing'],
    },
    {
      // Publication's moment is the publication (2025-05-12) or its deadline: made non-disclosable
      // before it, it was published though it need not have been (rules.md §3 "moment").
      name: 'warns when the decision is made non-disclosable after the discussion, for participation only',
      given: { add: [reclassify('2025-05-09T12:00:00+08:00', { nonDisclosable: true })] },
      codes: ['classification-weakened-late'],
      detail: { obligations: ['public_participation'] },
      obligation: ['publication', 'not_applicable'],
    },
    {
      name: 'warns for publication too when the decision is made non-disclosable after it was published',
      given: { add: [reclassify('2025-05-13T12:00:00+08:00', { nonDisclosable: true })] },
      codes: ['classification-weakened-late'],
      detail: { obligations: ['public_participation', 'publication'] },
      obligation: ['publication', 'done'],
    },
    {
      // Decided 2025-05-08; 20 working days end 2025-06-06 (2 June is the Dragon Boat holiday).
      name: 'an unpublished decision found non-disclosable before its publication deadline need not be published',
      given: { omit: ['published'], add: [reclassify('2025-06-05T12:00:00+08:00', { nonDisclosable: true })] },
      codes: ['classification-weakened-late'],
      detail: { obligations: ['public_participation'] },
      obligation: ['publication', 'not_applicable'],
    },
    {
      name: 'the weekend after the publication deadline is still before its moment',
      given: { omit: ['published'], add: [reclassify('2025-06-07T12:00:00+08:00', { nonDisclosable: true })] },
      codes: ['classification-weakened-late'],
      detail: { obligations: ['public_participation'] },
      obligation: ['publication', 'not_applicable'],
    },
    {
      name: 'found non-disclosable only after the publication deadline, the decision stays unpublished',
      given: { omit: ['published'], add: [reclassify('2025-06-09T09:00:00+08:00', { nonDisclosable: true })] },
      codes: ['classification-weakened-late', 'publication-missing'],
      detail: { obligations: ['public_participation', 'publication'] },
      obligation: ['publication', 'missing'],
    },
    {
      name: 'before its moment, an unpublished decision is judged on the latest flags',
      given: { omit: ['published'], add: [reclassify('2025-05-20T12:00:00+08:00', { nonDisclosable: true })] },
      run: { asOf: '2025-05-21T09:00:00+08:00' },
      codes: ['classification-weakened-late'],
      obligation: ['publication', 'not_applicable'],
    },
    {
      // The report's moment is the publication (rules.md §3 "before: publication").
      name: 'the NPC matter flag dropped after the decision but before publication exempts the report',
      given: {
        flags: { npcMatter: true },
        omit: ['npc'],
        add: [reclassify('2025-05-09T12:00:00+08:00', { npcMatter: false })],
      },
      codes: [],
      obligation: ['peoples_congress_report', 'not_applicable'],
    },
    {
      name: 'the NPC matter flag dropped after publication: still missing, and a late weakening',
      given: {
        flags: { npcMatter: true },
        omit: ['npc'],
        add: [reclassify('2025-05-13T12:00:00+08:00', { npcMatter: false })],
      },
      codes: ['classification-weakened-late', 'peoples-congress-report-missing'],
      detail: { obligations: ['peoples_congress_report'] },
      obligation: ['peoples_congress_report', 'missing'],
    },
    {
      name: 'the NPC matter flag set after the decision but before publication makes the report mandatory',
      given: { add: [reclassify('2025-05-09T12:00:00+08:00', { npcMatter: true })] },
      codes: ['peoples-congress-report-missing'],
      obligation: ['peoples_congress_report', 'missing'],
    },
    {
      name: 'the NPC matter flag set before publication, the report not yet due while unpublished',
      given: { omit: ['published'], add: [reclassify('2025-05-09T12:00:00+08:00', { npcMatter: true })] },
      run: { asOf: '2025-05-10T09:00:00+08:00' },
      codes: [],
      obligation: ['peoples_congress_report', 'pending'],
    },
    {
      name: 'a reclassification before the discussion is legitimate: no warning, step not applicable',
      given: {
        flags: { professionalTechnical: true },
        omit: ['panel', 'expertOpinion', 'expertProcessed'],
        add: [reclassify('2025-04-01T09:00:00+08:00', { professionalTechnical: false })],
      },
      codes: [],
      obligation: ['expert_argumentation', 'not_applicable'],
    },
    {
      // domain.md §1.1: the flag makes "an explanation of opinion adoption at publication" mandatory.
      name: 'warns when the wide-concern flag is dropped after the publication that had to explain adoption',
      given: {
        flags: { vitalInterestOrMajorDisagreement: true },
        add: [reclassify('2025-05-13T12:00:00+08:00', { vitalInterestOrMajorDisagreement: false })],
      },
      codes: ['classification-weakened-late'],
      detail: {
        flags: [{ flag: 'vitalInterestOrMajorDisagreement', from: true, to: false }],
        obligations: [],
        adoptionExplanation: true,
      },
      severity: 'warning',
    },
    {
      name: 'the explanation stays judged at the publication: still missing, and a late weakening',
      given: {
        flags: { vitalInterestOrMajorDisagreement: true },
        steps: { published: { data: { adoptionExplanation: undefined } } },
        add: [reclassify('2025-05-13T12:00:00+08:00', { vitalInterestOrMajorDisagreement: false })],
      },
      codes: ['classification-weakened-late', 'publication-explanation-missing'],
      detail: { obligations: [], adoptionExplanation: true },
    },
    {
      name: 'the wide-concern flag dropped before the publication: no explanation due, no warning',
      given: {
        flags: { vitalInterestOrMajorDisagreement: true },
        steps: { published: { data: { adoptionExplanation: undefined } } },
        add: [reclassify('2025-05-10T12:00:00+08:00', { vitalInterestOrMajorDisagreement: false })],
      },
      codes: [],
    },
    {
      name: 'no warning for the explanation while the technical flag still calls for it',
      given: {
        flags: { vitalInterestOrMajorDisagreement: true, professionalTechnical: true },
        add: [reclassify('2025-05-13T12:00:00+08:00', { vitalInterestOrMajorDisagreement: false })],
      },
      codes: [],
    },
    {
      name: 'a weakening of obligations alone says no explanation was weakened',
      given: {
        flags: { professionalTechnical: true, stabilityOrSafetyRisk: true },
        add: [reclassify('2025-05-10T09:00:00+08:00', { stabilityOrSafetyRisk: false })],
      },
      codes: ['classification-weakened-late'],
      detail: { obligations: ['risk_assessment'], adoptionExplanation: false },
    },
    {
      name: 'strengthening after the fact is no weakening',
      given: { add: [reclassify('2025-05-10T09:00:00+08:00', { specialGroupInterest: true })] },
      codes: [],
    },
    {
      name: 'warns when the flag is dropped in cycle 2, after the cycle-1 step it made mandatory',
      given: {
        flags: { professionalTechnical: true },
        add: [adjusted, reclassify('2025-09-02T09:00:00+08:00', { professionalTechnical: false })],
      },
      codes: ['classification-weakened-late'],
      detail: {
        flags: [{ flag: 'professionalTechnical', from: true, to: false }],
        obligations: ['expert_argumentation'],
      },
      severity: 'warning',
    },
    {
      name: 'a flag that was off at the cycle-1 steps is no weakening when dropped again in cycle 2',
      given: {
        add: [
          adjusted,
          reclassify('2025-09-02T09:00:00+08:00', { professionalTechnical: true }),
          reclassify('2025-09-03T09:00:00+08:00', { professionalTechnical: false }),
        ],
      },
      codes: [],
    },
  ])('$name', checkCase)

  // The initiation corrected to drop the stability-risk flag the decision was recorded with.
  const flagsCorrected = (at: string) => ({
    type: 'EventCorrected' as const,
    at,
    data: (ids: Record<string, string | undefined>) => ({
      correctsEventId: ids.initiated,
      reason: '决策事项分类录入有误',
      data: {
        title: '关于调整城市公共交通票价的决策',
        organId: ORG.city,
        undertakingUnitId: ORG.unit,
        category: 'public_policy',
        flags: { ...NO_FLAGS, stabilityOrSafetyRisk: false },
      },
    }),
  })
  it.each<FindingCase>([
    {
      name: 'warns when a correction of the initiation drops a flag after the step it made mandatory',
      given: {
        flags: { stabilityOrSafetyRisk: true },
        omit: ['risk'],
        add: [flagsCorrected('2025-05-10T09:00:00+08:00')],
      },
      codes: ['classification-weakened-late'],
      detail: {
        flags: [{ flag: 'stabilityOrSafetyRisk', from: true, to: false }],
        obligations: ['risk_assessment'],
        reason: '决策事项分类录入有误',
        correctedBy: expect.any(String),
      },
      severity: 'warning',
      // The correction rewrites the record: the step is judged not mandatory, and the warning says when.
      obligation: ['risk_assessment', 'not_applicable'],
      status: 'compliant',
    },
    {
      name: 'warns when a correction drops the wide-concern flag after the publication that had to explain adoption',
      given: { flags: { vitalInterestOrMajorDisagreement: true }, add: [flagsCorrected('2025-05-13T09:00:00+08:00')] },
      codes: ['classification-weakened-late'],
      detail: {
        flags: [{ flag: 'vitalInterestOrMajorDisagreement', from: true, to: false }],
        obligations: [],
        adoptionExplanation: true,
      },
    },
    {
      name: 'a correction of the flags before the discussion is no late weakening',
      given: {
        flags: { stabilityOrSafetyRisk: true },
        omit: ['risk'],
        add: [flagsCorrected('2025-04-01T09:00:00+08:00')],
      },
      codes: [],
      obligation: ['risk_assessment', 'not_applicable'],
    },
  ])('$name', checkCase)

  it('warns in the cycle of the reclassification and cites the cycle-1 meeting as the step passed', () => {
    const { stream, ids } = standard({
      flags: { professionalTechnical: true },
      add: [adjusted, reclassify('2025-09-02T09:00:00+08:00', { professionalTechnical: false })],
    })
    const r = run(stream)
    expect(r.cycles.map((c) => c.findings.map((f) => f.code))).toEqual([[], ['classification-weakened-late']])
    expect(r.cycles[1]?.findings[0]?.eventIds).toContain(ids.meeting)
  })

  it('cites the publication whose explanation the dropped flag had called for', () => {
    const { stream, ids } = standard({
      flags: { vitalInterestOrMajorDisagreement: true },
      add: [reclassify('2025-05-13T12:00:00+08:00', { vitalInterestOrMajorDisagreement: false })],
    })
    const [warning] = findingsOf(run(stream), 'classification-weakened-late')
    expect(warning?.eventIds).toContain(ids.published)
  })
})
