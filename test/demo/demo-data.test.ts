// The demo data is product data: a new user's first impression. These checks keep it valid
// (every payload parses, every reference resolves, every recorder may record what it records)
// and realistic (people are in post when they act, meetings are held by the body's actual
// members on working days, nothing happens in the future). No server: the last block replays
// the seeder against an in-memory stand-in built from the real domain functions.
import { isWorkday } from 'chinese-days'
import { describe, expect, it } from 'vitest'
import { demoActors, demoDecisions, demoDirectory, planDemo, seedDemo } from '../../src/demo'
import { recordedAtOf, withDocRefs } from '../../src/demo/plan'
import type { DemoDecision, DemoEvent } from '../../src/demo/types'
import { RECORDABLE } from '../../src/domain/authority'
import { correctedDataSchema, DECISION_EVENT_TYPES, decisionEventSchemas } from '../../src/domain/events'
import { FakeServer, fakeUlid } from './fake-server'

const decisions: readonly DemoDecision[] = demoDecisions
const actors: Readonly<Record<string, { person: string; org: string; role: string }>> = demoActors
const { organizations, people, positions } = demoDirectory

const FIRST = Date.parse('2024-06-01T00:00:00+08:00')
const TODAY = Date.parse('2026-11-21T00:00:00+08:00') // nothing may have happened on or after this
const cstDay = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)
const isRefused = (e: DemoEvent): boolean =>
  e.expectStatus !== undefined && (e.expectStatus < 200 || e.expectStatus > 299)
const accepted = (d: DemoDecision): DemoEvent[] => d.events.filter((e) => !isRefused(e))

/** The payload as the seeder sends it, with each `'@id'` replaced by a well-formed ULID. */
function materialize(data: unknown): unknown {
  const replaceRefs = (v: unknown): unknown =>
    typeof v === 'string' && /^@[A-Za-z0-9_-]+$/.test(v)
      ? fakeUlid(v.length)
      : Array.isArray(v)
        ? v.map(replaceRefs)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceRefs(x)]))
          : v
  return replaceRefs(withDocRefs(data, []))
}

function postsOn(personId: string, orgId: string, day: string) {
  return positions.filter(
    (p) => p.personId === personId && p.orgId === orgId && p.from <= day && (p.to === undefined || day <= p.to),
  )
}

const eachEvent = decisions.flatMap((d) => d.events.map((e, i) => ({ d, e, label: `${d.key} #${i + 1} ${e.type}` })))

describe('demo directory', () => {
  it('has unique ids, known parents and the kinds of body the spec names', () => {
    const orgIds = organizations.map((o) => o.id)
    expect(new Set(orgIds).size).toBe(orgIds.length)
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length)
    for (const o of organizations) if (o.parentId !== undefined) expect(orgIds).toContain(o.parentId)
    const kinds = organizations.map((o) => o.kind)
    expect(kinds.filter((k) => k === 'department').length).toBeGreaterThanOrEqual(10)
    expect(kinds).toEqual(expect.arrayContaining(['legality_review_body', 'market_regulation', 'institution']))
    const districts = organizations.filter((o) => o.kind === 'government' && o.parentId === 'org_jz_gov')
    expect(districts.length).toBeGreaterThanOrEqual(2)
    expect(people.length).toBeGreaterThanOrEqual(40)
  })

  it('has positions for known people and organizations, each ending after it began', () => {
    const personIds = new Set(people.map((p) => p.id))
    const orgIds = new Set(organizations.map((o) => o.id))
    for (const p of positions) {
      expect(personIds.has(p.personId), p.personId).toBe(true)
      expect(orgIds.has(p.orgId), p.orgId).toBe(true)
      if (p.to !== undefined) {
        expect(p.to >= p.from, `${p.personId} ${p.title}`).toBe(true)
        expect(p.endReason.length).toBeGreaterThan(0)
      }
    }
    for (const person of people)
      expect(
        positions.some((p) => p.personId === person.id),
        person.id,
      ).toBe(true)
  })

  it('carries the history accountability reviews need', () => {
    // A mayor replaced mid-way: one head post of the city ends the day before another begins.
    const cityHeads = positions.filter((p) => p.orgId === 'org_jz_gov' && p.capacity === 'head')
    expect(cityHeads.some((a) => a.to !== undefined && cityHeads.some((b) => b.from > a.to!))).toBe(true)
    // A department head who moved to another department.
    const heads = positions.filter((p) => p.capacity === 'head')
    expect(
      heads.some((a) => a.to !== undefined && heads.some((b) => b.personId === a.personId && b.orgId !== a.orgId)),
    ).toBe(true)
    // A retirement, and a handler (staff) who moved units.
    expect(positions.some((p) => p.to !== undefined && p.endReason.includes('退休'))).toBe(true)
    const staff = positions.filter((p) => p.capacity === 'staff')
    expect(
      staff.some((a) => a.to !== undefined && staff.some((b) => b.personId === a.personId && b.orgId !== a.orgId)),
    ).toBe(true)
  })

  it('gives every actor a person who holds (or held) a post in the actor organization', () => {
    for (const [name, a] of Object.entries(actors)) {
      expect(
        positions.some((p) => p.personId === a.person && p.orgId === a.org),
        name,
      ).toBe(true)
    }
  })
})

describe('demo decisions', () => {
  it('has at least 12 decisions with unique keys', () => {
    expect(decisions.length).toBeGreaterThanOrEqual(12)
    expect(new Set(decisions.map((d) => d.key)).size).toBe(decisions.length)
  })

  it.each(decisions.map((d) => [d.key, d] as const))('%s: the initiation parses as DecisionInitiated', (_, d) => {
    const r = decisionEventSchemas.DecisionInitiated.safeParse(materialize(d.decision.data))
    expect(r.success ? [] : r.error.issues).toEqual([])
    expect(actors[d.decision.as]).toMatchObject({ role: 'organ_office', org: d.decision.data.organId })
  })

  it.each(eachEvent.map((x) => [x.label, x] as const))('%s parses against its schema', (_, { d, e }) => {
    const r = decisionEventSchemas[e.type].safeParse(materialize(e.data))
    expect(r.success ? [] : r.error.issues).toEqual([])
    if (e.type === 'EventCorrected') {
      const target = d.events.find((x) => `@${x.id}` === e.data.correctsEventId)
      expect(target, 'the corrected event').toBeDefined()
      const schema = correctedDataSchema(target!.type)
      const inner = schema?.safeParse(materialize(e.data.data))
      expect(inner?.success).toBe(true)
    }
  })

  it('uses every decision event type of domain.md §3 at least once', () => {
    const used = new Set(['DecisionInitiated', ...decisions.flatMap((d) => accepted(d).map((e) => e.type))])
    expect(DECISION_EVENT_TYPES.filter((t) => !used.has(t))).toEqual([])
  })

  it.each(decisions.map((d) => [d.key, d] as const))(
    '%s: local ids are unique and @refs point to earlier accepted events',
    (_, d) => {
      const ids = d.events.flatMap((e) => (e.id === undefined ? [] : [e.id]))
      expect(new Set(ids).size).toBe(ids.length)
      const order = d.events
        .map((e, i) => ({ e, i, at: Date.parse(recordedAtOf(e)) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
      const seen = new Set<string>()
      for (const { e } of order) {
        for (const ref of JSON.stringify(e.data).match(/"@[A-Za-z0-9_-]+"/g) ?? []) {
          expect(seen.has(ref.slice(2, -1)), `${e.type} → ${ref}`).toBe(true)
        }
        if (e.id !== undefined && !isRefused(e)) seen.add(e.id)
      }
    },
  )

  it.each(eachEvent.map((x) => [x.label, x] as const))(
    '%s: the recorder role may record it (or is refused on purpose)',
    (_, { e }) => {
      if (e.as === 'public') {
        expect(e.type).toBe('PublicFeedbackReceived')
        return
      }
      expect(e.type).not.toBe('PublicFeedbackReceived')
      const actor = actors[e.as]
      expect(actor, e.as).toBeDefined()
      const allowed = (RECORDABLE as Record<string, readonly string[]>)[actor!.role] ?? []
      const mayRecord = e.type === 'EventCorrected' || allowed.includes(e.type)
      expect(mayRecord).toBe(e.expectStatus !== 403)
    },
  )

  it('keeps every time in the past and the server clock after the fact', () => {
    for (const d of decisions) {
      let last = 0
      for (const s of [d.decision, ...d.events]) {
        const occurred = Date.parse(s.occurredAt)
        const recorded = Date.parse(recordedAtOf(s))
        const where = `${d.key} ${s.occurredAt}`
        expect(occurred >= FIRST && occurred < TODAY, where).toBe(true)
        expect(recorded >= occurred && recorded < TODAY, where).toBe(true)
        // Written in the order things happened, except a step deliberately recorded late.
        if (s.recordedAt === undefined) {
          expect(occurred >= last, `${where} is out of order`).toBe(true)
          last = occurred
        }
      }
    }
  })

  it('references only people and organizations of the directory', () => {
    const known = new Set([...people.map((p) => p.id), ...organizations.map((o) => o.id)])
    for (const d of decisions) {
      const text = JSON.stringify([d.decision.data, d.events.map((e) => e.data)])
      for (const id of text.match(/"(per|org)_[A-Za-z0-9_-]+"/g) ?? [])
        expect(known.has(id.slice(1, -1)), `${d.key}: ${id}`).toBe(true)
    }
  })

  it('has every recorder in post, in the organization they act for, on the day they record', () => {
    for (const d of decisions) {
      for (const s of [d.decision, ...d.events]) {
        if (s.as === 'public') continue
        const a = actors[s.as]!
        expect(
          postsOn(a.person, a.org, cstDay(recordedAtOf(s))).length,
          `${d.key}: ${s.as} on ${cstDay(recordedAtOf(s))}`,
        ).toBeGreaterThan(0)
      }
    }
  })

  it('holds meetings with the body’s actual members, led by its head, on working days', () => {
    for (const d of decisions) {
      for (const e of accepted(d)) {
        if (e.type !== 'CollectiveDiscussionHeld') continue
        const day = cstDay(e.data.heldAt)
        const organ = d.decision.data.organId
        const where = `${d.key} meeting on ${day}`
        expect(isWorkday(day), where).toBe(true)
        const members = positions.filter(
          (p) =>
            p.orgId === organ &&
            ['head', 'deputy_head', 'member'].includes(p.capacity) &&
            p.from <= day &&
            (p.to === undefined || day <= p.to),
        )
        expect(e.data.membersTotal, where).toBe(members.length)
        for (const person of e.data.attendees)
          expect(
            members.some((p) => p.personId === person),
            `${where}: ${person}`,
          ).toBe(true)
        expect(
          postsOn(e.data.headId, organ, day).some((p) => p.capacity === 'head'),
          where,
        ).toBe(true)
      }
    }
  })

  it('gives each document to one decision only, so its hash identifies it', () => {
    const owner = new Map<string, string>()
    for (const d of decisions) {
      for (const m of JSON.stringify([d.decision.data, d.events.map((e) => e.data)]).matchAll(/"doc":"([^"]+)"/g)) {
        const name = m[1]!
        expect(owner.get(name) ?? d.key, name).toBe(d.key)
        owner.set(name, d.key)
      }
    }
  })

  it('includes decisions still in progress and deliberate refusals', () => {
    const inProgress = decisions.filter(
      (d) =>
        !accepted(d).some((e) => e.type === 'CollectiveDiscussionHeld') &&
        d.events.some((e) => e.occurredAt >= '2026-09-01'),
    )
    expect(inProgress.length).toBeGreaterThanOrEqual(3)
    const refusals = decisions.flatMap((d) => d.events.filter(isRefused).map((e) => e.expectStatus))
    expect(refusals).toEqual(expect.arrayContaining([403, 403, 409]))
  })
})

describe('the seeding plan', () => {
  const plan = planDemo(demoDirectory, decisions)

  it('enters the directory first and never moves the server clock backwards', () => {
    const firstDecision = plan.findIndex((s) => s.kind === 'initiate')
    expect(plan.slice(0, firstDecision).every((s) => s.kind !== 'event' && s.kind !== 'feedback')).toBe(true)
    for (let i = 1; i < plan.length; i++)
      expect(Date.parse(plan[i]!.at)).toBeGreaterThanOrEqual(Date.parse(plan[i - 1]!.at))
  })

  it('lists every document a payload names in that step’s evidence', () => {
    for (const s of plan) {
      if (s.kind !== 'event' && s.kind !== 'initiate') continue
      const names = [...JSON.stringify(s.body.data).matchAll(/"name":"([^"]+)","sha256":"([0-9a-f]{64})"/g)].map(
        (m) => m[2],
      )
      for (const sha of names) expect(s.body.evidence.some((e) => e.sha256 === sha)).toBe(true)
    }
  })
})

describe('seedDemo', () => {
  it('replays the whole demo over the API, with the refusals refused', async () => {
    const server = new FakeServer('admin-secret')
    let last = { done: 0, total: -1 }
    const result = await seedDemo(server, 'admin-secret', { onProgress: (done, total) => (last = { done, total }) })
    const refusals = decisions.flatMap((d) => d.events.filter(isRefused))
    expect(result).toEqual({
      organizations: organizations.length,
      people: people.length,
      decisions: decisions.length,
      events: decisions.reduce((n, d) => n + 1 + accepted(d).length, 0),
      refused: refusals.length,
    })
    expect(last.done).toBe(last.total)
    expect([...server.storedTypes()].sort()).toEqual([...DECISION_EVENT_TYPES].sort())
  })
})
