// Seeds the demo jurisdiction over the public HTTP API (api.md §3), exactly as an outside
// client would — the same path shared/tools/run-scenarios.mjs takes — so the demo exercises
// validation, authority, sequencing and the ledger like real traffic does.
import { demoDecisions } from './decisions'
import { demoActors, demoDirectory } from './jurisdiction'
import { type PlannedStep, planDemo } from './plan'
import type { DemoActor, DemoDecision, DemoDirectory } from './types'

export interface DemoClient {
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    opts?: {
      token?: string
      /** RFC 3339: the server clock to use for this request (the simulated `recordedAt`). */
      at?: string
    },
  ): Promise<{ status: number; body: unknown }>
}

export interface SeedOptions {
  onProgress?: (done: number, total: number) => void
}

export interface SeedResult {
  organizations: number
  people: number
  decisions: number
  /** Decision events stored, initiations and public feedback included. */
  events: number
  /** Deliberate refused attempts (they feed the inspectors' refusal log). */
  refused: number
}

/** What to seed; the default is the demo jurisdiction of this folder. */
export interface DemoSet {
  directory: DemoDirectory
  actors: Readonly<Record<string, DemoActor>>
  decisions: readonly DemoDecision[]
}

const DEFAULT_SET: DemoSet = { directory: demoDirectory, actors: demoActors, decisions: demoDecisions }

const REF = /^@([A-Za-z0-9_-]+)$/

const is2xx = (status: number): boolean => status >= 200 && status < 300

const excerpt = (body: unknown): string => {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return (text ?? '').slice(0, 400)
}

/** Reads `obj.a.b…` from an untyped response body, or undefined. */
function pick(body: unknown, ...path: string[]): unknown {
  let v: unknown = body
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[k]
  }
  return v
}

function pickString(body: unknown, what: string, ...path: string[]): string {
  const v = pick(body, ...path)
  if (typeof v !== 'string')
    throw new Error(`demo seed: ${what}: the response has no ${path.join('.')} (${excerpt(body)})`)
  return v
}

/** Replaces every `'@id'` with the eventId the server returned for that local id. */
function resolveRefs(value: unknown, ids: ReadonlyMap<string, string>, where: string): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value)
    if (!m) return value
    const id = ids.get(m[1] ?? '')
    if (id === undefined)
      throw new Error(`demo seed: ${where}: "${value}" names no earlier accepted event of this decision`)
    return id
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids, where))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids, where)]))
  }
  return value
}

const describeStep = (step: PlannedStep): string => {
  switch (step.kind) {
    case 'organization':
    case 'person':
      return `${step.kind} ${step.body.id}`
    case 'position':
      return `position of ${step.personId} in ${step.body.orgId}`
    case 'position-end':
      return `end of position #${step.position}`
    case 'initiate':
      return `decision "${step.decision}", initiation (DecisionInitiated)`
    case 'event':
      return `decision "${step.decision}", event #${step.index} ${step.body.type}`
    case 'feedback':
      return `decision "${step.decision}", event #${step.index} PublicFeedbackReceived`
  }
}

/**
 * Seeds the demo jurisdiction through `client`. Throws on the first step whose status is not the
 * expected one (a 2xx, or the deliberate refusal's `expectStatus`), naming the decision, the
 * event and the server's answer.
 */
export async function seedDemo(
  client: DemoClient,
  adminToken: string,
  options: SeedOptions = {},
  set: DemoSet = DEFAULT_SET,
): Promise<SeedResult> {
  const steps = planDemo(set.directory, set.decisions)
  const result: SeedResult = { organizations: 0, people: 0, decisions: 0, events: 0, refused: 0 }
  const positionIds = new Map<number, string>()
  const decisionIds = new Map<string, string>()
  const eventIds = new Map<string, Map<string, string>>()
  const tokens = new Map<string, string>()

  // Tokens are issued on first use, at that step's time: by then the holder is in post.
  const tokenFor = async (as: string, at: string): Promise<string> => {
    const known = tokens.get(as)
    if (known !== undefined) return known
    const actor = set.actors[as]
    if (actor === undefined) throw new Error(`demo seed: unknown actor "${as}"`)
    const body = { personId: actor.person, orgId: actor.org, role: actor.role }
    const r = await client.call('POST', '/v1/tokens', body, { token: adminToken, at })
    if (!is2xx(r.status)) throw new Error(`demo seed: token for actor "${as}": HTTP ${r.status} ${excerpt(r.body)}`)
    const token = pickString(r.body, `token for actor "${as}"`, 'token')
    tokens.set(as, token)
    return token
  }

  const admin = async (step: PlannedStep, path: string, body: unknown): Promise<unknown> => {
    const r = await client.call('POST', path, body, { token: adminToken, at: step.at })
    if (!is2xx(r.status)) throw new Error(`demo seed: ${describeStep(step)}: HTTP ${r.status} ${excerpt(r.body)}`)
    return r.body
  }

  const decisionId = (step: { decision: string }): string => {
    const id = decisionIds.get(step.decision)
    if (id === undefined) throw new Error(`demo seed: decision "${step.decision}" was not initiated before its events`)
    return id
  }

  const check = (step: PlannedStep & { expectStatus?: number }, status: number, body: unknown): boolean => {
    const want = step.expectStatus
    const ok = want === undefined ? is2xx(status) : status === want
    if (!ok) {
      throw new Error(
        `demo seed: ${describeStep(step)}: expected HTTP ${want ?? '2xx'}, got ${status}: ${excerpt(body)}`,
      )
    }
    if (!is2xx(status)) result.refused += 1
    return is2xx(status)
  }

  let done = 0
  for (const step of steps) {
    switch (step.kind) {
      case 'organization':
        await admin(step, '/v1/organizations', step.body)
        result.organizations += 1
        break
      case 'person':
        await admin(step, '/v1/people', step.body)
        result.people += 1
        break
      case 'position': {
        const body = await admin(step, `/v1/people/${encodeURIComponent(step.personId)}/positions`, step.body)
        positionIds.set(step.position, pickString(body, describeStep(step), 'positionId'))
        break
      }
      case 'position-end': {
        const id = positionIds.get(step.position)
        if (id === undefined) throw new Error(`demo seed: ${describeStep(step)}: the position was never assigned`)
        await admin(step, `/v1/positions/${encodeURIComponent(id)}/end`, step.body)
        break
      }
      case 'initiate': {
        const token = await tokenFor(step.as, step.at)
        const r = await client.call('POST', '/v1/decisions', step.body, { token, at: step.at })
        if (!is2xx(r.status)) throw new Error(`demo seed: ${describeStep(step)}: HTTP ${r.status} ${excerpt(r.body)}`)
        decisionIds.set(step.decision, pickString(r.body, describeStep(step), 'decisionId'))
        eventIds.set(step.decision, new Map())
        result.decisions += 1
        result.events += 1
        break
      }
      case 'event': {
        const ids = eventIds.get(step.decision) ?? new Map<string, string>()
        const body = { ...step.body, data: resolveRefs(step.body.data, ids, describeStep(step)) }
        const token = await tokenFor(step.as, step.at)
        const r = await client.call('POST', `/v1/decisions/${decisionId(step)}/events`, body, { token, at: step.at })
        if (check(step, r.status, r.body)) {
          result.events += 1
          if (step.id !== undefined) {
            const eventId = pick(r.body, 'event', 'eventId') ?? pick(r.body, 'eventId')
            if (typeof eventId !== 'string')
              throw new Error(`demo seed: ${describeStep(step)}: the response has no event.eventId`)
            ids.set(step.id, eventId)
          }
        }
        break
      }
      case 'feedback': {
        const path = `/v1/public/decisions/${decisionId(step)}/feedback`
        const r = await client.call('POST', path, step.body, { at: step.at })
        if (check(step, r.status, r.body)) result.events += 1
        break
      }
    }
    done += 1
    options.onProgress?.(done, steps.length)
  }
  return result
}
