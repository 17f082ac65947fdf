// Builds StoredEvents for rule tests: fixed ids and times, realistic payloads validated against
// the domain schemas (so a test can never feed the engine an event the service would refuse).
import { createHash } from 'node:crypto'
import type { Actor, EvidenceDoc, StoredEvent } from '../../src/domain/envelope'
import {
  type DecisionEventType,
  type DocRef,
  decisionEventSchemas,
  docRefsIn,
  type EventData,
} from '../../src/domain/events'
import {
  type ComplianceReport,
  createRulebookRegistry,
  type DirectoryView,
  directoryViewFrom,
  evaluate,
  type ObligationName,
  type ParameterValues,
  type ResolvedRulebook,
} from '../../src/rules'

export const DECISION_ID = 'dec_01K0000000000000000000000A'
const HASH = 'ab'.repeat(32)

export const doc = (name: string): DocRef => ({
  name,
  sha256: createHash('sha256').update(`rules-test:${name}`).digest('hex'),
})
/** A ULID-shaped id (digits are valid Crockford base-32). */
export const eid = (n: number): string => `01K${String(n).padStart(23, '0')}`

export const ORG = {
  city: 'org_city',
  unit: 'org_unit',
  unitLegal: 'org_unit_legal',
  justice: 'org_justice',
  samr: 'org_samr',
  assessor: 'org_assessor',
  other: 'org_other',
  evaluator: 'org_evaluator',
  prov: 'org_prov',
} as const

export const PER = {
  mayor: 'per_mayor',
  vm1: 'per_vm1',
  vm2: 'per_vm2',
  vm3: 'per_vm3',
  secgen: 'per_secgen',
  office: 'per_office',
  director: 'per_director',
  clerk: 'per_clerk',
  justiceHead: 'per_justice_head',
  reviewer: 'per_reviewer',
  samr: 'per_samr',
  assessorHead: 'per_assessor_head',
  assessor: 'per_assessor',
  inspector: 'per_inspector',
  newMayor: 'per_new_mayor',
} as const

export const ACTORS = {
  office: { personId: PER.office, orgId: ORG.city, role: 'organ_office' },
  unit: { personId: PER.clerk, orgId: ORG.unit, role: 'undertaking' },
  legal: { personId: PER.reviewer, orgId: ORG.justice, role: 'legality_reviewer' },
  samr: { personId: PER.samr, orgId: ORG.samr, role: 'reviewer' },
  assessor: { personId: PER.assessor, orgId: ORG.assessor, role: 'reviewer' },
  exec: { personId: PER.clerk, orgId: ORG.unit, role: 'executing' },
  inspector: { personId: PER.inspector, orgId: ORG.prov, role: 'inspector' },
} as const satisfies Record<string, Actor>

const DEFAULT_ACTOR: Partial<Record<DecisionEventType, Actor>> = {
  LegalityReviewReturned: ACTORS.legal,
  LegalityReviewOpinionIssued: ACTORS.legal,
  RiskAssessmentCompleted: ACTORS.assessor,
  FairCompetitionReviewCompleted: ACTORS.samr,
  ExecutionReported: ACTORS.exec,
  ExecutionIssueReported: ACTORS.exec,
  InspectionFindingRecorded: ACTORS.inspector,
  FindingAnnotated: ACTORS.inspector,
  FindingResolved: ACTORS.inspector,
  SeriousErrorDetermined: ACTORS.inspector,
  LiabilityDetermined: ACTORS.inspector,
}
const OFFICE_TYPES = new Set([
  'DecisionInitiated',
  'DecisionReclassified',
  'CollectiveDiscussionHeld',
  'PartyCommitteeReported',
  'PeoplesCongressReported',
  'DecisionPublished',
  'DecisionArchived',
  'ExecutingUnitAssigned',
  'DecisionSuspended',
  'DecisionAdjusted',
  'DecisionTerminated',
  'PostEvaluationCompleted',
])
const actorFor = (type: DecisionEventType): Actor =>
  DEFAULT_ACTOR[type] ?? (OFFICE_TYPES.has(type) ? ACTORS.office : ACTORS.unit)

function directoryEvents() {
  const orgs: Array<[string, string, string?]> = [
    [ORG.prov, '某省人民政府'],
    [ORG.city, '某市人民政府', ORG.prov],
    [ORG.unit, '某市交通运输局', ORG.city],
    [ORG.unitLegal, '某市交通运输局法制科', ORG.unit],
    [ORG.justice, '某市司法局', ORG.city],
    [ORG.samr, '某市市场监督管理局', ORG.city],
    [ORG.assessor, '某社会稳定风险评估中心'],
    [ORG.other, '某市财政局', ORG.city],
    [ORG.evaluator, '某大学公共政策评估中心'],
  ]
  const people: Array<[string, string, string, string, 'head' | 'deputy_head' | 'member' | 'staff', string, string?]> =
    [
      [PER.mayor, '王市长', ORG.city, '市长', 'head', '2023-01-01', '2025-06-30'],
      [PER.newMayor, '陈市长', ORG.city, '市长', 'head', '2025-07-01'],
      [PER.vm1, '李副市长', ORG.city, '副市长', 'deputy_head', '2023-01-01'],
      [PER.vm2, '张副市长', ORG.city, '副市长', 'deputy_head', '2023-01-01'],
      [PER.vm3, '赵副市长', ORG.city, '副市长', 'deputy_head', '2023-01-01'],
      [PER.secgen, '孙秘书长', ORG.city, '秘书长', 'member', '2023-01-01'],
      [PER.office, '市政府办公室刘科长', ORG.city, '科长', 'staff', '2023-01-01'],
      [PER.director, '交通局周局长', ORG.unit, '局长', 'head', '2023-01-01'],
      [PER.clerk, '交通局吴科员', ORG.unit, '科员', 'staff', '2023-01-01'],
      [PER.justiceHead, '司法局郑局长', ORG.justice, '局长', 'head', '2023-01-01'],
      [PER.reviewer, '司法局钱审查员', ORG.justice, '审查员', 'staff', '2023-01-01'],
      [PER.samr, '市场监管局冯科长', ORG.samr, '科长', 'staff', '2023-01-01'],
      [PER.assessorHead, '评估中心何主任', ORG.assessor, '主任', 'head', '2023-01-01'],
      [PER.assessor, '评估中心何研究员', ORG.assessor, '研究员', 'staff', '2023-01-01'],
      [PER.inspector, '省政府督查室林督查', ORG.prov, '督查员', 'staff', '2023-01-01'],
    ]
  return [
    ...orgs.map(([orgId, name, parentId]) => ({
      type: 'OrganizationRegistered',
      data: parentId ? { orgId, name, kind: 'government', parentId } : { orgId, name, kind: 'government' },
    })),
    ...people.map(([personId, name]) => ({ type: 'PersonRegistered', data: { personId, name } })),
    ...people.map(([personId, , orgId, title, capacity, from], i) => ({
      type: 'PositionAssigned',
      data: { positionId: `pos_${String(i).padStart(3, '0')}`, personId, orgId, title, capacity, from },
    })),
    ...people.flatMap(([, , , , , , to], i) =>
      to
        ? [{ type: 'PositionEnded', data: { positionId: `pos_${String(i).padStart(3, '0')}`, to, reason: '任期届满' } }]
        : [],
    ),
  ]
}

export const DIRECTORY: DirectoryView = directoryViewFrom(directoryEvents())

export const REGISTRY = createRulebookRegistry()
const resolved = (id: string): ResolvedRulebook => {
  const r = REGISTRY.resolve(id, '2025-03-03')
  if (!r) throw new Error(`rulebook ${id} not resolvable`)
  return r
}
export const CN713 = resolved('cn-713')
export const SHANGHAI = resolved('cn-shanghai')
export const SHENZHEN = resolved('cn-shenzhen')

/** cn-713 with some parameters changed, for tests of parameter-driven checks. */
export const withParams = (params: Partial<ParameterValues>, base: ResolvedRulebook = CN713): ResolvedRulebook => ({
  ...base,
  parameters: { ...base.parameters, ...params },
})

export interface AddOptions {
  as?: Actor
  recordedAt?: string
  id?: string
}

/** One decision stream under construction. */
export class Stream {
  readonly events: StoredEvent[] = []
  private next = 1
  constructor(readonly decisionId: string = DECISION_ID) {}

  add<T extends DecisionEventType>(type: T, occurredAt: string, data: EventData<T>, opts: AddOptions = {}): string {
    if (type !== 'EventCorrected') decisionEventSchemas[type].parse(data) // a test must not build an event the service would refuse
    const n = this.next++
    const eventId = opts.id ?? eid(n)
    const refs = docRefsIn(data).map((f) => f.ref)
    const evidence: EvidenceDoc[] = []
    for (const r of refs)
      if (!evidence.some((e) => e.sha256 === r.sha256)) evidence.push({ ...r, mediaType: 'application/pdf' })
    this.events.push({
      eventId,
      decisionId: this.decisionId,
      version: this.events.length + 1,
      position: 1000 + n,
      type,
      schemaVersion: 1,
      occurredAt,
      recordedAt: opts.recordedAt ?? new Date(Date.parse(occurredAt)).toISOString(),
      actor: opts.as ?? actorFor(type),
      data: data as Record<string, unknown>,
      evidence,
      prevHash: HASH,
      hash: HASH,
    })
    return eventId
  }

  /** Every document recorded so far, for an archive that is complete. */
  documents(): DocRef[] {
    const seen = new Map<string, DocRef>()
    for (const e of this.events) for (const d of e.evidence) seen.set(d.sha256, { name: d.name, sha256: d.sha256 })
    return [...seen.values()]
  }
}

export const AS_OF = '2025-12-31T12:00:00+08:00'

export interface RunOptions {
  rulebook?: ResolvedRulebook
  asOf?: string
  knownAt?: string
  directory?: DirectoryView
}

export function run(events: Stream | readonly StoredEvent[], opts: RunOptions = {}): ComplianceReport {
  const list = events instanceof Stream ? events.events : events
  const decisionId = events instanceof Stream ? events.decisionId : (list[0]?.decisionId ?? DECISION_ID)
  return evaluate({
    decisionId,
    events: list,
    rulebook: opts.rulebook ?? CN713,
    directory: opts.directory ?? DIRECTORY,
    asOf: opts.asOf ?? AS_OF,
    knownAt: opts.knownAt ?? opts.asOf ?? AS_OF,
  })
}

export const codes = (r: ComplianceReport): string[] => [...new Set(r.findings.map((f) => f.code))].sort()
export const findingsOf = (r: ComplianceReport, code: string) => r.findings.filter((f) => f.code === code)
export function obligation(r: ComplianceReport, name: ObligationName, cycle?: number) {
  const c = cycle === undefined ? r.cycles.at(-1) : r.cycles.find((x) => x.cycle === cycle)
  return c?.obligations.find((o) => o.obligation === name)
}
