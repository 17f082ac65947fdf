import { describe, it } from 'vitest'
import { ACTORS, doc, ORG, PER, SHENZHEN, withParams } from './support'
import { checkCase, type FindingCase } from './table'

const archivedAt = (at: string) => ({ steps: { archived: { at, data: { archivedAt: at } } } })

/** Every document of the standard decision's steps before its archive. */
const ARCHIVED = [
  '票价调整方案（征求意见稿）.pdf',
  '起草说明.pdf',
  '公众意见采纳情况.pdf',
  '票价调整方案（送审稿）.pdf',
  '履行程序说明.pdf',
  '合法性审查意见书.pdf',
  '常务会议纪要.pdf',
  '决定全文.pdf',
  '意见采纳情况说明.pdf',
]

describe('archiving (Art. 33; Shenzhen 30 days)', () => {
  it.each<FindingCase>([
    {
      name: 'done under cn-713 (no day limit)',
      given: archivedAt('2025-11-20T09:00:00+08:00'),
      codes: [],
      obligation: ['archiving', 'done'],
    },
    {
      name: 'exactly 30 days passes under cn-shenzhen',
      given: archivedAt('2025-06-07T09:00:00+08:00'),
      run: { rulebook: SHENZHEN },
      codes: [],
    },
    {
      name: 'archive-late at 32 days under cn-shenzhen',
      given: archivedAt('2025-06-09T09:00:00+08:00'),
      run: { rulebook: SHENZHEN },
      codes: ['archive-late'],
      detail: { days: 32, max: 30, decidedOn: '2025-05-08' },
      severity: 'minor',
    },
    {
      name: 'archive-missing once 30 days pass with no archive',
      given: { omit: ['archived'] },
      run: { rulebook: SHENZHEN, asOf: '2025-06-08T09:00:00+08:00' },
      codes: ['archive-missing'],
      detail: { dueBy: '2025-06-07' },
      obligation: ['archiving', 'missing'],
    },
    {
      name: 'pending before the 30 days pass',
      given: { omit: ['archived'] },
      run: { rulebook: SHENZHEN, asOf: '2025-06-07T20:00:00+08:00' },
      codes: [],
      obligation: ['archiving', 'pending'],
    },
    {
      name: 'pending without a limit (cn-713)',
      given: { omit: ['archived'] },
      codes: [],
      obligation: ['archiving', 'pending'],
      status: 'in_progress',
    },
    {
      name: 'archive-incomplete when the minutes are not archived',
      given: {
        steps: {
          archived: {
            data: {
              items: ARCHIVED.filter((name) => name !== '常务会议纪要.pdf').map(doc),
            },
          },
        },
      },
      codes: ['archive-incomplete'],
      detail: { missing: [{ name: '常务会议纪要.pdf' }], archived: 8, expected: 9 },
      responsible: { capacity: 'organ_office', orgId: ORG.city, personIds: [PER.office] },
    },
    {
      // Inspection and accountability documents belong to the inspection file: a correction of a
      // determination too, whose new basis is not asked of the decision's archive.
      name: 'no archive-incomplete for an accountability determination corrected before the archive',
      given: {
        steps: { archived: { data: { items: ARCHIVED.map(doc) } } },
        add: [
          {
            type: 'SeriousErrorDetermined',
            at: '2025-05-14T09:00:00+08:00',
            name: 'determination',
            data: { kind: 'undue_delay', loss: '久拖不决', basis: doc('认定依据.pdf') },
          },
          {
            type: 'EventCorrected',
            at: '2025-05-15T09:00:00+08:00',
            opts: { as: ACTORS.inspector },
            data: (ids) => ({
              correctsEventId: ids.determination,
              reason: '认定依据更正',
              data: { kind: 'undue_delay', loss: '久拖不决', basis: doc('认定依据（更正）.pdf') },
            }),
          },
        ],
      },
      codes: [],
      obligation: ['archiving', 'done'],
    },
  ])('$name', checkCase)
})

describe('execution (Arts. 34-37)', () => {
  const exec = { personId: PER.clerk, orgId: ORG.unit, role: 'executing' } as const
  const issue = {
    type: 'ExecutionIssueReported' as const,
    at: '2025-08-01T09:00:00+08:00',
    name: 'issue',
    opts: { as: exec },
    data: { ground: 'circumstances_changed', description: '燃油价格大幅下降，调价依据发生重大变化' },
  }
  const suspend = (urgent: boolean, grounded: boolean) => ({
    type: 'DecisionSuspended' as const,
    at: '2025-08-02T09:00:00+08:00',
    data: (ids: Record<string, string>) => ({
      byHead: PER.mayor,
      urgent,
      reason: '暂停执行新票价',
      ...(grounded && ids.issue ? { groundEventId: ids.issue } : {}),
    }),
  })
  it.each<FindingCase>([
    {
      name: 'executing-unit-missing after the publication deadline',
      given: { omit: ['executing'] },
      codes: ['executing-unit-missing'],
      severity: 'minor',
      obligation: ['executing_unit', 'missing'],
    },
    {
      name: 'executing unit pending before the deadline',
      given: { omit: ['executing'] },
      run: { asOf: '2025-05-30T09:00:00+08:00' },
      codes: [],
      obligation: ['executing_unit', 'pending'],
    },
    {
      name: 'executing unit not applicable for a rejected draft',
      given: {
        omit: ['party', 'published', 'executing'],
        steps: { meeting: { data: { outcome: 'reject', headReasons: '条件不成熟', reasonsStatedInMeeting: true } } },
      },
      codes: [],
      obligation: ['executing_unit', 'not_applicable'],
    },
    {
      name: 'suspension on a reported issue, urgently: passes',
      given: { add: [issue, suspend(true, true)] },
      codes: [],
    },
    {
      name: 'suspension-without-ground: no issue reported',
      given: { add: [suspend(true, false)] },
      codes: ['suspension-without-ground'],
      detail: { lacking: ['ground'] },
      responsible: { capacity: 'organ_head', personIds: [PER.mayor] },
    },
    {
      name: 'suspension-without-ground: not urgent',
      given: { add: [issue, suspend(false, true)] },
      codes: ['suspension-without-ground'],
      detail: { lacking: ['urgency'] },
    },
    {
      name: 'termination-without-procedure',
      given: {
        add: [{ type: 'DecisionTerminated', at: '2025-09-01T09:00:00+08:00', data: { reason: '停止执行新票价' } }],
      },
      codes: ['termination-without-procedure'],
      severity: 'blocking',
    },
    {
      name: 'termination decided in a meeting: passes',
      given: {
        add: [
          {
            type: 'CollectiveDiscussionHeld',
            at: '2025-08-28T15:00:00+08:00',
            name: 'stop',
            data: {
              meetingType: 'executive',
              heldAt: '2025-08-28T15:00:00+08:00',
              membersTotal: 5,
              attendees: [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor],
              headId: PER.mayor,
              statements: [PER.vm1, PER.vm2, PER.vm3, PER.secgen, PER.mayor].map((personId, i) => ({
                personId,
                order: i + 1,
                position: 'support',
              })),
              outcome: 'terminate',
              minutes: doc('停止执行会议纪要.pdf'),
            },
          },
          {
            type: 'DecisionTerminated',
            at: '2025-09-01T09:00:00+08:00',
            data: (ids) => ({ meetingEventId: ids.stop, reason: '经常务会议决定停止执行' }),
          },
        ],
      },
      codes: [],
    },
  ])('$name', checkCase)
})

describe('post-evaluation (Art. 36; local schedule)', () => {
  const twoYears = withParams({ postEvaluationAfterYears: 2 })
  const evaluation = (org: string, at = '2026-11-01T09:00:00+08:00') => ({
    type: 'PostEvaluationCompleted' as const,
    at,
    data: {
      evaluatorOrgId: org,
      trigger: 'scheduled',
      publicInput: true,
      outcome: 'continue',
      report: doc('后评估报告.pdf'),
    },
  })
  // Art. 19: argumentation by a 专业机构, here 某大学公共政策评估中心 (ORG.evaluator), which evaluates later.
  const institutionOpinion = (data: Record<string, unknown>) => ({
    flags: { professionalTechnical: true },
    steps: {
      expertOpinion: {
        data: { expertName: '某大学公共政策评估中心', opinion: doc('委托论证报告.pdf'), ...data },
      },
    },
    add: [evaluation(ORG.evaluator)],
  })
  it.each<FindingCase>([
    { name: 'not applicable under cn-713', given: {}, codes: [], obligation: ['post_evaluation', 'not_applicable'] },
    {
      name: 'pending with its due date',
      given: {},
      run: { rulebook: twoYears, asOf: '2026-06-01T00:00:00+08:00' },
      codes: [],
      obligation: ['post_evaluation', 'pending'],
      status: 'in_progress',
    },
    {
      name: 'post-evaluation-overdue after two years',
      given: {},
      run: { rulebook: twoYears, asOf: '2027-05-10T00:00:00+08:00' },
      codes: ['post-evaluation-overdue'],
      detail: { dueBy: '2027-05-08' },
      obligation: ['post_evaluation', 'missing'],
    },
    {
      name: 'done by an independent evaluator',
      given: { add: [evaluation(ORG.evaluator)] },
      run: { rulebook: twoYears, asOf: '2027-06-01T00:00:00+08:00' },
      codes: [],
      obligation: ['post_evaluation', 'done'],
    },
    {
      name: 'post-evaluator-not-independent: the risk assessor evaluates',
      given: { flags: { stabilityOrSafetyRisk: true }, add: [evaluation(ORG.assessor)] },
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: ['post-evaluator-not-independent'],
      detail: { evaluatorOrgId: ORG.assessor, roles: ['risk_assessment'] },
    },
    {
      name: "post-evaluator-not-independent: a panel expert's institution evaluates",
      given: {
        flags: { professionalTechnical: true },
        steps: {
          panel: {
            data: {
              experts: [{ name: '公共政策学者戊', affiliation: '某大学公共政策评估中心', directInterest: false }],
            },
          },
        },
        add: [evaluation(ORG.evaluator)],
      },
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: ['post-evaluator-not-independent'],
      detail: { roles: ['expert_argumentation'] },
    },
    {
      name: 'post-evaluator-not-independent: the institution that gave a commissioned argumentation evaluates',
      given: institutionOpinion({ form: 'commissioned', stamped: true }),
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: ['post-evaluator-not-independent'],
      detail: { evaluatorOrgId: ORG.evaluator, roles: ['expert_argumentation'] },
    },
    {
      name: 'post-evaluator-not-independent: a stamped written opinion of the institution counts too',
      given: institutionOpinion({ form: 'written', stamped: true }),
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: ['post-evaluator-not-independent'],
      detail: { roles: ['expert_argumentation'] },
    },
    {
      name: 'passes when a commissioned opinion came from another institution',
      given: institutionOpinion({ form: 'commissioned', stamped: true, expertName: '某交通规划研究院' }),
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: [],
    },
    {
      name: "passes when an opinion under that name is neither commissioned nor stamped (an individual's)",
      given: institutionOpinion({ form: 'written' }),
      run: { asOf: '2027-01-01T00:00:00+08:00' },
      codes: [],
    },
  ])('$name', checkCase)
})
