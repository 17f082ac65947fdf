// An in-memory stand-in for the HTTP API of api.md §3, just deep enough to replay the demo
// without a database: it validates payloads with the real zod schemas, checks authority and
// impossible sequences with the real domain functions, and insists that the simulated server
// clock never goes backwards and that a token's holder is in post when the token is issued.
import type { DemoClient } from '../../src/demo/seed'
import type { DemoDirectory } from '../../src/demo/types'
import { type DecisionContext, isPublic, mayRecord } from '../../src/domain/authority'
import { type DecisionState, evolve, initialState } from '../../src/domain/decision-state'
import type { Actor, Role, StoredEvent } from '../../src/domain/envelope'
import { DomainError } from '../../src/domain/errors'
import {
  correctedDataSchema,
  DECISION_EVENT_TYPES,
  decisionEventSchemas,
  docRefsIn,
  isDecisionEventType,
} from '../../src/domain/events'
import { checkSequence } from '../../src/domain/sequence'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** A valid-looking ULID from a counter. */
export function fakeUlid(n: number): string {
  let s = ''
  let v = n
  for (let i = 0; i < 26; i++) {
    s = CROCKFORD[v % 32] + s
    v = Math.floor(v / 32)
  }
  return s
}

type Reply = { status: number; body: unknown }
const reply = (status: number, body: unknown = {}): Reply => ({ status, body })

interface Stream {
  state: DecisionState
  events: StoredEvent[]
}

export interface RecordedCall {
  method: string
  path: string
  at: string | undefined
  status: number
}

export class FakeServer implements DemoClient {
  readonly calls: RecordedCall[] = []
  readonly streams = new Map<string, Stream>()
  private readonly orgs = new Map<string, string | undefined>()
  private readonly people = new Set<string>()
  private readonly positions = new Map<string, { personId: string; orgId: string; from: string; to?: string }>()
  private readonly tokens = new Map<string, Actor>()
  private clock = 0
  private seq = 0

  constructor(private readonly adminToken: string) {}

  async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    opts: { token?: string; at?: string } = {},
  ) {
    if (opts.at === undefined) throw new Error(`${method} ${path}: no simulated time given`)
    const at = Date.parse(opts.at)
    if (at < this.clock) throw new Error(`${method} ${path}: the server clock went backwards to ${opts.at}`)
    this.clock = at
    const r = this.route(method, path, body, opts.token)
    this.calls.push({ method, path, at: opts.at, status: r.status })
    return r
  }

  private today(): string {
    return new Date(this.clock + 8 * 3600_000).toISOString().slice(0, 10)
  }

  private inPost(personId: string, orgId: string, day: string): boolean {
    return [...this.positions.values()].some(
      (p) => p.personId === personId && p.orgId === orgId && p.from <= day && (p.to === undefined || day <= p.to),
    )
  }

  private lineage(orgId: string): string[] {
    const out: string[] = []
    for (let o: string | undefined = orgId; o !== undefined && !out.includes(o); o = this.orgs.get(o)) out.push(o)
    return out
  }

  private route(method: string, path: string, body: unknown, token: string | undefined): Reply {
    const b = (body ?? {}) as Record<string, unknown>
    const isAdmin = token === this.adminToken
    /** The decoded path parameter when `path` matches `re`, else undefined. */
    const param = (re: RegExp): string | undefined => {
      const m = re.exec(path)
      return m ? decodeURIComponent(m[1] ?? '') : undefined
    }
    if (method !== 'POST') return reply(405)
    if (path === '/v1/organizations') {
      if (!isAdmin) return reply(403)
      const id = String(b.id)
      if (this.orgs.has(id)) return reply(409)
      const parent = b.parentId as string | undefined
      if (parent !== undefined && !this.orgs.has(parent)) return reply(400, { detail: `unknown parent ${parent}` })
      this.orgs.set(id, parent)
      return reply(201, { id })
    }
    if (path === '/v1/people') {
      if (!isAdmin) return reply(403)
      if (this.people.has(String(b.id))) return reply(409)
      this.people.add(String(b.id))
      return reply(201, { id: b.id })
    }
    const personId = param(/^\/v1\/people\/([^/]+)\/positions$/)
    if (personId !== undefined) {
      if (!isAdmin) return reply(403)
      if (!this.people.has(personId) || !this.orgs.has(String(b.orgId))) return reply(404)
      const created = `pos_${++this.seq}`
      this.positions.set(created, { personId, orgId: String(b.orgId), from: String(b.from) })
      return reply(201, { positionId: created })
    }
    const positionId = param(/^\/v1\/positions\/([^/]+)\/end$/)
    if (positionId !== undefined) {
      const p = this.positions.get(positionId)
      if (!isAdmin) return reply(403)
      if (!p) return reply(404)
      if (p.to !== undefined) return reply(409)
      if (String(b.to) < p.from) return reply(400, { detail: 'ends before it starts' })
      p.to = String(b.to)
      return reply(200, {})
    }
    if (path === '/v1/tokens') {
      if (!isAdmin) return reply(403)
      const actor = { personId: String(b.personId), orgId: String(b.orgId), role: b.role as Role }
      // Stricter than the API: a token for someone not in post that day is a data error here.
      if (!this.inPost(actor.personId, actor.orgId, this.today())) {
        return reply(400, { detail: `${actor.personId} holds no post in ${actor.orgId} on ${this.today()}` })
      }
      const t = `tok_${++this.seq}`
      this.tokens.set(t, actor)
      return reply(201, { token: t })
    }
    if (path === '/v1/decisions') return this.initiate(b, token)
    const eventsOf = param(/^\/v1\/decisions\/([^/]+)\/events$/)
    if (eventsOf !== undefined) return this.append(eventsOf, b, token)
    const feedbackOf = param(/^\/v1\/public\/decisions\/([^/]+)\/feedback$/)
    if (feedbackOf !== undefined) {
      if (token !== undefined) return reply(400, { detail: 'the public endpoint takes no token' })
      const s = this.streams.get(feedbackOf)
      if (!s || !isPublic(s.state)) return reply(404)
      const parsed = decisionEventSchemas.PublicFeedbackReceived.safeParse(b)
      if (!parsed.success) return reply(400, { errors: parsed.error.issues })
      const ev = this.store(s, 'PublicFeedbackReceived', new Date(this.clock).toISOString(), b, [], {
        personId: 'per_public',
        orgId: 'org_public',
        role: 'public',
      })
      return reply(201, { event: ev })
    }
    return reply(404)
  }

  private validate(
    type: string,
    data: unknown,
    evidence: unknown,
    occurredAt: unknown,
    refs: Map<string, StoredEvent>,
  ): Reply | undefined {
    if (!isDecisionEventType(type)) return reply(400, { detail: `unknown type ${type}` })
    const parsed = decisionEventSchemas[type].safeParse(data)
    if (!parsed.success) return reply(400, { detail: `${type} payload`, errors: parsed.error.issues })
    if (typeof occurredAt !== 'string' || Date.parse(occurredAt) > this.clock + 5 * 60_000) {
      return reply(400, {
        detail: `occurredAt ${String(occurredAt)} is in the future of ${new Date(this.clock).toISOString()}`,
      })
    }
    const listed = new Set((evidence as Array<{ sha256: string }>).map((e) => e.sha256))
    const missing = docRefsIn(data).filter((f) => !listed.has(f.ref.sha256))
    if (missing.length > 0) return reply(400, { detail: 'doc-ref-not-in-evidence', missing })
    if (type === 'EventCorrected') {
      const d = data as { correctsEventId: string; data: unknown }
      const target = refs.get(d.correctsEventId)
      const schema = target ? correctedDataSchema(target.type) : undefined
      if (schema && !schema.safeParse(d.data).success) return reply(400, { detail: 'corrected data' })
    }
    return undefined
  }

  private store(
    s: Stream | undefined,
    type: string,
    occurredAt: string,
    data: unknown,
    evidence: unknown,
    actor: Actor,
  ): StoredEvent {
    const ev: StoredEvent = {
      eventId: fakeUlid(++this.seq),
      decisionId: s?.state.decisionId ?? `dec_${fakeUlid(this.seq)}`,
      version: (s?.events.length ?? 0) + 1,
      type,
      schemaVersion: 1,
      occurredAt,
      recordedAt: new Date(this.clock).toISOString(),
      actor,
      data: data as Record<string, unknown>,
      evidence: evidence as StoredEvent['evidence'],
      prevHash: '0'.repeat(64),
      position: this.seq,
      hash: '0'.repeat(64),
    }
    if (s) {
      const corrected =
        type === 'EventCorrected' ? s.events.find((e) => e.eventId === ev.data.correctsEventId)?.type : undefined
      s.state = evolve(s.state, ev, corrected)
      s.events.push(ev)
    }
    return ev
  }

  private initiate(b: Record<string, unknown>, token: string | undefined): Reply {
    const actor = token === undefined ? undefined : this.tokens.get(token)
    if (!actor) return reply(401)
    const invalid = this.validate('DecisionInitiated', b.data, b.evidence ?? [], b.occurredAt, new Map())
    if (invalid) return invalid
    const data = b.data as { organId: string }
    if (actor.role !== 'organ_office' || actor.orgId !== data.organId) return reply(403)
    const ev = this.store(undefined, 'DecisionInitiated', String(b.occurredAt), b.data, b.evidence ?? [], actor)
    this.streams.set(ev.decisionId, { state: initialState(ev), events: [ev] })
    return reply(201, { decisionId: ev.decisionId, version: 1, event: ev })
  }

  private append(decisionId: string, b: Record<string, unknown>, token: string | undefined): Reply {
    const s = this.streams.get(decisionId)
    if (!s) return reply(404)
    const actor = token === undefined ? undefined : this.tokens.get(token)
    if (!actor) return reply(401)
    const type = String(b.type)
    const refs = new Map(s.events.map((e) => [e.eventId, e]))
    const invalid = this.validate(type, b.data, b.evidence ?? [], b.occurredAt, refs)
    if (invalid) return invalid
    const data = b.data as Record<string, unknown>
    const ctx: DecisionContext = { organLineage: this.lineage(s.state.organId) }
    const original = type === 'EventCorrected' ? refs.get(String(data.correctsEventId))?.actor.orgId : undefined
    if (!mayRecord(actor, type, data, s.state, ctx, original).ok) return reply(403)
    try {
      checkSequence(s.state, type, data, refs)
    } catch (e) {
      if (e instanceof DomainError) return reply(409, { code: e.code, detail: e.message })
      throw e
    }
    return reply(201, { event: this.store(s, type, String(b.occurredAt), data, b.evidence ?? [], actor) })
  }

  /** Event types stored across all streams. */
  storedTypes(): Set<string> {
    return new Set([...this.streams.values()].flatMap((s) => s.events.map((e) => e.type)))
  }
}

export const ALL_DECISION_EVENT_TYPES: readonly string[] = DECISION_EVENT_TYPES

/** Every person id and org id the directory knows. */
export function directoryIds(d: DemoDirectory): { people: Set<string>; orgs: Set<string> } {
  return { people: new Set(d.people.map((p) => p.id)), orgs: new Set(d.organizations.map((o) => o.id)) }
}
