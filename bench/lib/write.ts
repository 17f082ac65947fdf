// Writes generated data: the demo directory and decision plans, either through the real use cases
// (validation, authority, sequence checks, projections) or straight into the event store with
// proper hash chains (for the million-event data sets, projected afterwards by a rebuild).
import { initiateDecision, recordEvent } from '../../src/app/decisions'
import type { AppDeps } from '../../src/app/deps'
import { assignPosition, endPosition, registerOrganization, registerPerson } from '../../src/app/directory'
import { chainEvents } from '../../src/app/envelope'
import type { LedgerOptions } from '../../src/app/ledger'
import { replayDecision } from '../../src/app/rebuild-chunk'
import { createDeps } from '../../src/compose'
import { demoDirectory } from '../../src/demo/jurisdiction'
import type { Actor, StoredEvent } from '../../src/domain/envelope'
import type { Backend } from '../../src/store/backend'
import type { PendingEvent } from '../../src/store/event-store'
import { type DecisionPlan, type PlannedEvent, resolveRefs } from './generator'
import { mix, Rng } from './random'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const ADMIN: Actor = { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }
/** When the generated directory is entered: before the first generated decision. */
export const DIRECTORY_AT = '2023-01-02T01:00:00.000Z'

/** ULIDs whose time part is the clock and whose random part comes from a seeded PRNG: repeatable. */
export function seededUlids(seed: number, clock: () => Date): () => string {
  const rng = new Rng(mix(seed, 0x5eed))
  return () => {
    let ms = clock().getTime()
    let time = ''
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[ms % 32] + time
      ms = Math.floor(ms / 32)
    }
    let rand = ''
    for (let i = 0; i < 16; i++) rand += CROCKFORD[Math.floor(rng.float() * 32)]
    return time + rand
  }
}

/** Deps on `backend` with a settable clock and seeded ids (and the given ledger key, if any). */
export function benchDeps(backend: Backend, seed: number, ledger?: Partial<LedgerOptions>) {
  let now = Date.parse(DIRECTORY_AT)
  const clock = () => new Date(now)
  const deps = createDeps(backend, { clock, newId: seededUlids(seed, clock), ...(ledger ? { ledger } : {}) })
  return {
    deps,
    /** Moves the clock to `iso`, never backwards (a server's clock). */
    at(iso: string) {
      now = Math.max(now, Date.parse(iso))
    },
    /** Sets the clock to `iso` exactly (each generated decision has its own timeline). */
    set(iso: string) {
      now = Date.parse(iso)
    },
  }
}

/** The demo jurisdiction's organizations, people and positions, through the directory use cases. */
export async function seedDirectory(deps: AppDeps, at: (iso: string) => void): Promise<void> {
  at(DIRECTORY_AT)
  for (const o of demoDirectory.organizations)
    await registerOrganization(deps, ADMIN, { id: o.id, name: o.name, kind: o.kind, parentId: o.parentId })
  for (const p of demoDirectory.people) await registerPerson(deps, ADMIN, { id: p.id, name: p.name })
  for (const p of demoDirectory.positions) {
    const r = await assignPosition(deps, ADMIN, p.personId, {
      orgId: p.orgId,
      title: p.title,
      capacity: p.capacity,
      from: p.from,
    })
    const positionId = ((r.response as { body: unknown }).body as { positionId: string }).positionId
    if (p.to !== undefined) await endPosition(deps, ADMIN, positionId, { to: p.to, reason: p.endReason })
  }
}

const input = (e: PlannedEvent, ids: readonly string[]) => ({
  occurredAt: e.occurredAt,
  data: resolveRefs(e.data, ids),
  evidence: e.evidence,
})

/** Every event of `plans` in recording order (the server clock never goes backwards). */
export function timeline(
  plans: readonly DecisionPlan[],
): Array<{ plan: DecisionPlan; n: number; event: PlannedEvent }> {
  return plans
    .flatMap((plan) => plan.events.map((event, n) => ({ plan, n, event, ms: Date.parse(event.recordedAt) })))
    .sort((a, b) => a.ms - b.ms || a.plan.index - b.plan.index || a.n - b.n)
}

/**
 * Appends plans through initiateDecision / recordEvent, interleaved in recording order with the
 * clock at each recordedAt, as offices would over the years. Returns the decision ids by plan.
 */
export async function appendThroughApp(
  deps: AppDeps,
  at: (iso: string) => void,
  plans: readonly DecisionPlan[],
): Promise<Map<DecisionPlan, string>> {
  const decisions = new Map<DecisionPlan, string>()
  const ids = new Map<DecisionPlan, string[]>()
  for (const { plan, n, event: e } of timeline(plans)) {
    at(e.recordedAt)
    const known = ids.get(plan) ?? []
    try {
      if (n === 0) {
        const created = await initiateDecision(deps, e.actor, input(e, []))
        decisions.set(plan, created.decisionId as string)
        ids.set(plan, [created.replayed ? '' : (created.events[0]?.eventId ?? '')])
        continue
      }
      const decisionId = decisions.get(plan) as string
      const r = await recordEvent(deps, e.actor, decisionId, { type: e.type, ...input(e, known) })
      known.push(r.replayed ? '' : (r.events[0]?.eventId ?? ''))
    } catch (err) {
      const detail = JSON.stringify((err as { errors?: unknown }).errors ?? [])
      throw new Error(`decision ${plan.index}, event ${n} ${e.type}: ${(err as Error).message} ${detail}`)
    }
  }
  return decisions
}

/**
 * Chains a plan's events (each at its own recordedAt, references resolved to earlier event ids) and
 * the state snapshot an append would leave, ready for EventStore.append. No projections: a data
 * set is projected afterwards by rebuild-projections.
 */
export function chainPlan(
  deps: AppDeps,
  set: (iso: string) => void,
  events: readonly PlannedEvent[],
): { decisionId: string; events: PendingEvent[]; state: unknown } {
  const [first] = events
  if (!first) throw new Error('empty plan')
  set(first.recordedAt)
  const decisionId = `dec_${deps.newId()}`
  const chained: PendingEvent[] = []
  const ids: string[] = []
  for (const e of events) {
    set(e.recordedAt)
    const prev = chained.at(-1)
    const [event] = chainEvents(
      deps,
      decisionId,
      { version: chained.length, headHash: prev?.hash ?? '' },
      e.actor,
      [
        {
          type: e.type,
          occurredAt: e.occurredAt,
          data: resolveRefs(e.data, ids) as Record<string, unknown>,
          evidence: e.evidence,
        },
      ],
      () => 1,
    )
    if (!event) throw new Error('unreachable')
    chained.push(event)
    ids.push(event.eventId)
  }
  const stored: StoredEvent[] = chained.map((e) => ({ ...e, position: 0 }))
  return { decisionId, events: chained, state: replayDecision(deps, stored) }
}

/** Writes a chained plan as one unit (its events and head); positions come from the database. */
export async function appendToStore(deps: AppDeps, chained: ReturnType<typeof chainPlan>): Promise<void> {
  await deps.store.append({
    streamId: chained.decisionId,
    kind: 'decision',
    expectedVersion: 0,
    events: chained.events,
    newState: chained.state,
    also: [],
  })
}
