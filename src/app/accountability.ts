// Accountability use cases (rules.md §5, Decree 713 Art. 38): the decision trail, a person's
// lifetime trail (also as CSV), backtracking from a serious-error determination, and the dossier.
import { type Backtrack, backtrack } from '../accountability/backtrack'
import type { Dossier } from '../accountability/dossier-html'
import { type PersonTrail, personEntries } from '../accountability/person-trail'
import { type DecisionTrail, decisionTrail, type PositionsOf } from '../accountability/trail'
import type { Actor, StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import type { ComplianceReport } from '../rules'
import { rowChunks } from '../store/backend'
import { directoryTimeline, evaluatedStream, evaluateStream } from './compliance'
import { loadReadable } from './decisions'
import type { AppDeps } from './deps'
import { getPerson, listPositions, type PositionView } from './directory'
import { proveEvents } from './ledger-export'
import { markCorrections } from './reads'
import { csvText } from './reports'

/** Every position of the directory, by person (loaded once per request, whoever the trail finds). */
async function positionsOf(deps: AppDeps): Promise<PositionsOf> {
  const byPerson = new Map<string, PositionView[]>()
  for (const p of await listPositions(deps, {})) byPerson.set(p.personId, [...(byPerson.get(p.personId) ?? []), p])
  return (personId) => byPerson.get(personId) ?? []
}

/** The trail of one decision from its events and current report (no authorization here). */
async function trailOf(
  deps: AppDeps,
  decisionId: string,
  events: readonly StoredEvent[],
  report: ComplianceReport,
  positions?: PositionsOf,
): Promise<DecisionTrail> {
  const directory = await deps.directory.get(deps)
  return decisionTrail(decisionId, events, directory, positions ?? (await positionsOf(deps)), report)
}

/** The trail as of now, read from the same events as the report it cites (one read of the stream). */
export async function accountabilityTrail(deps: AppDeps, actor: Actor, decisionId: string): Promise<DecisionTrail> {
  refusePublic(actor, 'read accountability trails')
  const { events, report } = await evaluatedStream(deps, actor, decisionId)
  return trailOf(deps, decisionId, events, report)
}

/**
 * The public reads published decisions and their compliance status (domain.md §5), not who
 * answers for what: trails, backtracking and dossiers are for the offices, inspectors and
 * accountability reviews.
 */
function refusePublic(actor: Actor, permission: string): void {
  if (actor.role === 'public')
    throw new DomainError('forbidden', `Missing permission: ${permission}.`, undefined, { permission })
}

export async function personTrail(deps: AppDeps, actor: Actor, personId: string): Promise<PersonTrail> {
  refusePublic(actor, 'read accountability trails')
  const person = await getPerson(deps, personId)
  if (!person) throw new DomainError('not-found', `No person ${personId}.`)
  const positions = await listPositions(deps, { personId })
  const orgIds = [...new Set(positions.map((p) => p.orgId))]
  // Candidates: decisions whose events the person recorded or is named in, and decisions of the
  // organizations they served in (leaders answer for their unit's steps). The trail decides.
  const named = await deps.store.db
    .selectFrom('events')
    .select('stream_id')
    .distinct()
    .where('stream_id', 'like', 'dec_%')
    .where((eb) => eb.or([eb('actor_person_id', '=', personId), eb('data', 'like', `%"${personId}"%`)]))
    .execute()
  const viaOrgs: Array<{ decision_id: string }> = []
  for (const part of rowChunks(orgIds, 1))
    viaOrgs.push(
      ...(await deps.store.db
        .selectFrom('decision_access')
        .select('decision_id')
        .distinct()
        .where('org_id', 'in', part)
        .execute()),
    )
  const candidates = [...new Set([...named.map((r) => r.stream_id), ...viaOrgs.map((r) => r.decision_id)])].sort()
  const directory = await deps.directory.get(deps)
  const now = deps.clock().toISOString()
  const everyonesPositions = await positionsOf(deps)
  const trails: Array<{ trail: DecisionTrail; title: string; organId: string }> = []
  for (const id of candidates) {
    let state: Awaited<ReturnType<typeof loadReadable>>['state']
    try {
      ;({ state } = await loadReadable(deps, actor, id))
    } catch {
      continue // decisions the reader may not see are left out, not revealed
    }
    const events = await deps.store.readStream(id)
    const report = evaluateStream(deps, id, events, directory, now, now)
    trails.push({
      trail: await trailOf(deps, id, events, report, everyonesPositions),
      title: state.title,
      organId: state.organId,
    })
  }
  return {
    personId,
    name: person.name,
    positions: positions.map((p) => ({
      positionId: p.positionId,
      orgId: p.orgId,
      orgName: directory.orgName(p.orgId),
      title: p.title,
      capacity: p.capacity,
      from: p.from,
      to: p.to,
      endReason: p.endReason,
    })),
    decisions: personEntries(personId, trails),
  }
}

/** The lifetime trail as CSV, one row per decision. */
export function personTrailCsv(trail: PersonTrail): string {
  const header = [
    'personId',
    'name',
    'decisionId',
    'title',
    'organId',
    'capacities',
    'stance',
    'liability',
    'findings',
    'positionsAtTheTime',
    'firstStep',
    'lastStep',
  ]
  const rows = trail.decisions.map((d) => [
    trail.personId,
    trail.name,
    d.decisionId,
    d.title,
    d.organId,
    d.capacities,
    d.stance,
    d.liability,
    d.findings,
    d.positions.map((p) => `${p.orgName ?? p.orgId} ${p.title}`),
    d.firstStep,
    d.lastStep,
  ])
  return csvText([header, ...rows])
}

export async function backtrackFor(
  deps: AppDeps,
  actor: Actor,
  decisionId: string,
  determinationId?: string,
): Promise<Backtrack> {
  refusePublic(actor, 'read accountability trails')
  await loadReadable(deps, actor, decisionId)
  const events = await deps.store.readStream(decisionId)
  const determinations = events.filter((e) => e.type === 'SeriousErrorDetermined')
  const target = determinationId ?? determinations[determinations.length - 1]?.eventId
  if (!target) throw new DomainError('not-found', 'No SeriousErrorDetermined on this decision to trace back from.')
  const directory = await deps.directory.get(deps)
  // Each step's report is as known when it was recorded: the directory too (rules.md §2).
  const known = await directoryTimeline(deps)
  const now = deps.clock().toISOString()
  const result = backtrack(
    decisionId,
    events,
    target,
    directory,
    (knownAt) => evaluateStream(deps, decisionId, events, known(knownAt), knownAt, knownAt),
    now,
  )
  if (!result) throw new DomainError('not-found', `No SeriousErrorDetermined ${target} on this decision.`)
  return result
}

export async function dossier(deps: AppDeps, actor: Actor, decisionId: string): Promise<Dossier> {
  refusePublic(actor, 'read the dossier')
  const { state, version } = await loadReadable(deps, actor, decisionId)
  const events = await deps.store.readStream(decisionId)
  const directory = await deps.directory.get(deps)
  const now = deps.clock().toISOString()
  const report = evaluateStream(deps, decisionId, events, directory, now, now)
  return {
    generatedAt: now,
    decision: {
      decisionId,
      title: state.title,
      organId: state.organId,
      organName: directory.orgName(state.organId),
      undertakingUnitId: state.undertakingUnitId,
      undertakingUnitName: directory.orgName(state.undertakingUnitId),
    },
    report,
    timeline: markCorrections(events),
    trail: await trailOf(deps, decisionId, events, report),
    evidence: events.flatMap((e) => e.evidence.map((d) => ({ eventId: e.eventId, type: e.type, ...d }))),
    streamHead: { version, hash: events[events.length - 1]?.hash },
    ledger: await ledgerPart(deps, events),
  }
}

async function ledgerPart(deps: AppDeps, events: readonly StoredEvent[]): Promise<Dossier['ledger']> {
  try {
    const { checkpoint, proofs } = await proveEvents(deps, events)
    return { checkpoint, proofs }
  } catch (e) {
    return { unavailable: e instanceof Error ? e.message : String(e) }
  }
}

export type { Dossier }
