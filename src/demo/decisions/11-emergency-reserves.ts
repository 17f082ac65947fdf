// A lawfully non-disclosable decision (the locations of emergency reserve depots): no public
// participation and no publication are required (Arts. 14, 32), but every other step is. Only
// the organ, the units involved and the inspectors can read it; the public pages never list it.
// The executive meeting has six members that day: 韩立群 has retired and his successor is not
// yet appointed.
// Expected: compliant, no findings.
import { at, doc, docsIn, flags, meeting } from '../build'
import { type DemoActorName, O, P } from '../jurisdiction'
import type { DemoDecision, DemoEvent } from '../types'

const D = {
  draft: doc('江州市应急物资储备库布局调整方案（送审稿）.pdf'),
  contingency: doc('应急物资储备库布局调整风险处置预案.pdf'),
  riskReport: doc('应急物资储备库布局调整风险评估报告.pdf'),
  procedures: doc('应急物资储备库布局调整履行程序情况说明.pdf'),
  legality: doc('江司审〔2025〕88号 合法性审查意见书.pdf'),
  minutes: doc('江州市人民政府第2次常务会议纪要（2026年）.pdf'),
  partyReply: doc('市委办公室关于应急物资储备库布局调整的复函.pdf'),
  exec2026h1: doc('应急物资储备库布局调整2026年上半年执行情况报告.pdf'),
}

const steps: DemoEvent<DemoActorName>[] = [
  {
    as: 'ndrc',
    type: 'DraftPrepared',
    occurredAt: at('2025-11-03'),
    data: { draft: D.draft, legalBases: ['《中华人民共和国突发事件应对法》', '《中华人民共和国保守国家秘密法》'] },
  },
  {
    as: 'assessor',
    type: 'RiskAssessmentCompleted',
    occurredAt: at('2025-12-01'),
    data: {
      assessorOrgId: O.riskInstitute,
      riskPoints: ['新址周边居民对仓储安全的顾虑', '搬迁期间储备能力短期下降'],
      preventionMeasures: ['分批搬迁，确保任一时点储备能力不低于80%', '新库区按甲类仓储标准设防'],
      contingencyPlan: D.contingency,
      departmentOpinions: ['市应急管理部门：同意', '市公安局：风险可控', '市财政局：同意'],
      level: 'low',
      controllable: true,
      report: D.riskReport,
    },
  },
  {
    as: 'ndrc',
    type: 'LegalityReviewRequested',
    occurredAt: at('2025-12-08'),
    data: {
      reviewBodyId: O.justice,
      draft: D.draft,
      legalBases: ['《中华人民共和国突发事件应对法》'],
      proceduresStatement: D.procedures,
    },
  },
  {
    as: 'justice',
    type: 'LegalityReviewOpinionIssued',
    occurredAt: at('2025-12-18', '16:00'),
    data: {
      conclusion: 'lawful',
      covers: { authority: true, procedure: true, content: true },
      counselOpinions: ['公职律师：合法；依法不予公开的认定有据'],
      opinion: D.legality,
    },
  },
  {
    as: 'ndrc',
    type: 'SubmittedForDiscussion',
    occurredAt: at('2025-12-22'),
    data: { package: { draft: D.draft, legalityOpinion: D.legality, riskReport: D.riskReport } },
  },
  {
    as: 'office2',
    type: 'CollectiveDiscussionHeld',
    occurredAt: at('2026-01-13', '15:00'),
    data: meeting({
      heldAt: at('2026-01-13', '15:00'),
      membersTotal: 6,
      headId: P.shenJiahe,
      speakers: [
        [P.heQingyuan, 'support', '同意。'],
        [P.xuManlin, 'support', '同意。'],
        [P.chengYiming, 'support', '同意。'],
        [P.shaoWenbo, 'support', '同意，做好搬迁期间保障。'],
        [P.guZhenhua, 'support', '同意。'],
        [P.shenJiahe, 'support', '会议同意方案，按涉密事项管理。'],
      ],
      outcome: 'approve',
      minutes: D.minutes,
    }),
  },
  {
    as: 'office2',
    type: 'PartyCommitteeReported',
    occurredAt: at('2026-01-15'),
    data: { reportedAt: at('2026-01-15'), committee: '中共江州市委员会', reply: D.partyReply },
  },
  { as: 'office2', type: 'ExecutingUnitAssigned', occurredAt: at('2026-01-15', '10:00'), data: { unitId: O.ndrc } },
]

export const emergencyReserves: DemoDecision<DemoActorName> = {
  key: 'emergency-reserves',
  expect: { status: 'compliant', findings: [] },
  decision: {
    as: 'office2',
    occurredAt: at('2025-10-20'),
    data: {
      title: '江州市应急物资储备库布局调整方案',
      summary: '调整市级应急物资储备库布局（具体选址依法不予公开）。',
      organId: O.city,
      undertakingUnitId: O.ndrc,
      category: 'public_construction',
      flags: flags(['nonDisclosable', 'stabilityOrSafetyRisk']),
      rulebook: 'cn-713',
    },
  },
  events: [
    ...steps,
    {
      as: 'office2',
      type: 'DecisionArchived',
      occurredAt: at('2026-02-05'),
      data: { archivedAt: at('2026-02-05'), items: docsIn(steps), archiveRef: '江府档〔2026〕密-002号' },
    },
    {
      as: 'ndrcExec',
      type: 'ExecutionReported',
      occurredAt: at('2026-07-08'),
      data: { period: '2026年上半年', report: D.exec2026h1 },
    },
  ],
}
