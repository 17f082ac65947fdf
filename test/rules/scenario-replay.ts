// Turns a scenario file (shared/scenarios/README.md format) into StoredEvents and a directory,
// the way the HTTP runner would record them, and compares a report with its `expect` block
// exactly as shared/tools/run-scenarios.mjs does (accountability is left to the HTTP replay).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RECORDABLE } from '../../src/domain/authority'
import type { Actor, EvidenceDoc, Role, StoredEvent } from '../../src/domain/envelope'
import { decisionEventSchemas, isDecisionEventType } from '../../src/domain/events'
import { type ComplianceReport, type DirectoryView, directoryViewFrom } from '../../src/rules'
import { eid } from './support'

export interface ScenarioEvent {
  id?: string
  as: string
  type: string
  occurredAt: string
  recordedAt?: string
  data?: unknown
  expectStatus?: number
}

export interface Scenario {
  name: string
  description?: string
  directory?: {
    organizations?: Array<{ id: string; name: string; kind: string; parentId?: string | null }>
    people?: Array<{ id: string; name: string }>
    positions?: Array<{ personId: string; orgId: string; title: string; capacity: string; from: string; to?: string }>
  }
  actors?: Record<string, { person: string; org: string; role: string }>
  decision: { as: string; occurredAt: string; data: unknown }
  events?: ScenarioEvent[]
  expect?: {
    status?: string
    findings?: string[]
    ignore?: string[]
    obligations?: Record<string, string>
    details?: Array<{ code: string; detail: unknown }>
    accountability?: unknown
  }
}

export function loadScenarios(dir: string): Array<{ file: string; scenario: Scenario }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: join(dir, f), scenario: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario }))
}

const HASH = 'cd'.repeat(32)
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function walker(scenario: Scenario) {
  const sha = (name: string) => createHash('sha256').update(`${scenario.name}:${name}`).digest('hex')
  const walk = (v: unknown, evidence: EvidenceDoc[], ids: Record<string, string>): unknown => {
    if (typeof v === 'string') return v.startsWith('@') && ids[v.slice(1)] ? ids[v.slice(1)] : v
    if (Array.isArray(v)) return v.map((x) => walk(x, evidence, ids))
    if (isRecord(v)) {
      if (Object.keys(v).length === 1 && typeof v.doc === 'string') {
        const ref = { name: v.doc, sha256: sha(v.doc) }
        if (!evidence.some((e) => e.sha256 === ref.sha256)) evidence.push({ ...ref, mediaType: 'application/pdf' })
        return ref
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, evidence, ids)]))
    }
    return v
  }
  return walk
}

export interface Replayed {
  decisionId: string
  events: StoredEvent[]
  directory: DirectoryView
  /** Problems a recording service would refuse (bad payload, role not allowed to record it). */
  refusals: string[]
  lastOccurredAt: string
}

export function replay(scenario: Scenario): Replayed {
  const walk = walker(scenario)
  const dir = scenario.directory ?? {}
  const directory = directoryViewFrom([
    ...(dir.organizations ?? []).map((o) => ({
      type: 'OrganizationRegistered',
      data: { orgId: o.id, name: o.name, kind: o.kind, ...(o.parentId ? { parentId: o.parentId } : {}) },
    })),
    ...(dir.people ?? []).map((p) => ({ type: 'PersonRegistered', data: { personId: p.id, name: p.name } })),
    ...(dir.positions ?? []).map((p, i) => ({
      type: 'PositionAssigned',
      data: {
        positionId: `pos_${i}`,
        personId: p.personId,
        orgId: p.orgId,
        title: p.title,
        capacity: p.capacity,
        from: p.from,
      },
    })),
    ...(dir.positions ?? []).flatMap((p, i) =>
      p.to ? [{ type: 'PositionEnded', data: { positionId: `pos_${i}`, to: p.to, reason: '离任' } }] : [],
    ),
  ])
  const actors: Record<string, Actor> = Object.fromEntries(
    Object.entries(scenario.actors ?? {}).map(([k, a]) => [
      k,
      { personId: a.person, orgId: a.org, role: a.role as Role },
    ]),
  )
  const decisionId = `dec_${createHash('sha256').update(scenario.name).digest('hex').slice(0, 26).toUpperCase()}`
  const events: StoredEvent[] = []
  const refusals: string[] = []
  const ids: Record<string, string> = {}
  const executing = new Set<string>()
  const openReviewBodies: string[] = []
  const steps: ScenarioEvent[] = [
    {
      as: scenario.decision.as,
      type: 'DecisionInitiated',
      occurredAt: scenario.decision.occurredAt,
      data: scenario.decision.data,
    },
    ...(scenario.events ?? []),
  ]
  steps.forEach((step, i) => {
    if (step.expectStatus !== undefined && (step.expectStatus < 200 || step.expectStatus > 299)) return
    const actor = actors[step.as]
    const evidence: EvidenceDoc[] = []
    const data = walk(step.data ?? {}, evidence, ids)
    const where = `event #${i} ${step.type}`
    if (!actor) refusals.push(`${where}: unknown actor ${step.as}`)
    else refusals.push(...authority(actor, step.type, data, executing, openReviewBodies).map((m) => `${where}: ${m}`))
    if (!isDecisionEventType(step.type)) refusals.push(`${where}: unknown type`)
    else if (step.type !== 'EventCorrected') {
      const parsed = decisionEventSchemas[step.type].safeParse(data)
      if (!parsed.success)
        refusals.push(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`)
    }
    const eventId = eid(i + 1)
    if (step.id) ids[step.id] = eventId
    if (step.type === 'ExecutingUnitAssigned' && isRecord(data) && typeof data.unitId === 'string')
      executing.add(data.unitId)
    events.push({
      eventId,
      decisionId,
      version: events.length + 1,
      position: events.length + 1,
      type: step.type,
      schemaVersion: 1,
      occurredAt: step.occurredAt,
      recordedAt: step.recordedAt ?? step.occurredAt,
      actor: actor ?? { personId: 'per_unknown', orgId: 'org_unknown', role: 'public' },
      data: isRecord(data) ? data : {},
      evidence,
      prevHash: HASH,
      hash: HASH,
    })
  })
  const lastOccurredAt =
    steps
      .map((s) => s.occurredAt)
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1) ?? scenario.decision.occurredAt
  return { decisionId, events, directory, refusals, lastOccurredAt }
}

/** The role rules of domain.md §5 that a scenario file must respect to replay over HTTP. */
function authority(actor: Actor, type: string, data: unknown, executing: Set<string>, openBodies: string[]): string[] {
  const d = isRecord(data) ? data : {}
  if (type === 'EventCorrected') return []
  if (actor.role === 'admin' || actor.role === 'public') return [`role ${actor.role} may not record`]
  if (!RECORDABLE[actor.role].includes(type)) return [`role ${actor.role} may not record ${type}`]
  if (type === 'LegalityReviewRequested' && typeof d.reviewBodyId === 'string') openBodies.push(d.reviewBodyId)
  if (actor.role === 'legality_reviewer' && !openBodies.includes(actor.orgId))
    return ['no request addressed to this review body']
  if (actor.role === 'reviewer') {
    const own = type === 'RiskAssessmentCompleted' ? d.assessorOrgId : d.reviewerOrgId
    if (own !== actor.orgId) return ['a reviewer records only its own assessments']
  }
  if (actor.role === 'executing' && !executing.has(actor.orgId)) return ['executing unit not assigned']
  return []
}

function subset(actual: unknown, expected: unknown, path = ''): string | null {
  if (isRecord(expected)) {
    for (const [k, v] of Object.entries(expected)) {
      const e = subset(isRecord(actual) ? actual[k] : undefined, v, `${path}.${k}`)
      if (e) return e
    }
    return null
  }
  if (Array.isArray(expected)) {
    const miss = expected.filter((x) => !(Array.isArray(actual) && actual.some((a) => subset(a, x) === null)))
    return miss.length ? `${path}: expected to include ${JSON.stringify(miss)}, got ${JSON.stringify(actual)}` : null
  }
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? null
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
}

/** The same comparison as run-scenarios.mjs, minus accountability. */
export function compare(scenario: Scenario, rep: ComplianceReport): string[] {
  const ex = scenario.expect ?? {}
  const problems: string[] = []
  if (ex.status && rep.status !== ex.status) problems.push(`status: expected ${ex.status}, got ${rep.status}`)
  const ignore = new Set(ex.ignore ?? ['late-recording'])
  const got = [...new Set(rep.findings.map((f) => f.code))].filter((c) => !ignore.has(c)).sort()
  if (ex.findings) {
    const want = [...new Set(ex.findings)].sort()
    const missing = want.filter((c) => !got.includes(c))
    const extra = got.filter((c) => !want.includes(c))
    if (missing.length) problems.push(`findings missing: ${missing.join(', ')}`)
    if (extra.length) problems.push(`unexpected findings: ${extra.join(', ')}`)
  }
  if (ex.obligations) {
    const last = rep.cycles.at(-1)
    const states = Object.fromEntries((last?.obligations ?? []).map((o) => [o.obligation, o.state]))
    for (const [k, v] of Object.entries(ex.obligations))
      if (states[k] !== v) problems.push(`obligation ${k}: expected ${v}, got ${states[k]}`)
  }
  for (const d of ex.details ?? []) {
    const cands = rep.findings.filter((f) => f.code === d.code)
    if (!cands.some((f) => subset(f.detail, d.detail) === null))
      problems.push(
        `no ${d.code} finding with detail ${JSON.stringify(d.detail)} (got ${JSON.stringify(cands.map((f) => f.detail))})`,
      )
  }
  return problems
}
