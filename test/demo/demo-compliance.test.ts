// The demo exists to show real compliance reports: each decision declares what the report must
// say (`expect`, and for backfilled or reclassified records `expectAsKnownAt`), and docs/demo.md
// promises the same. This replays the seeding against the in-memory API and runs the real
// compliance engine on the stored streams, as of the demo's "today".
import { describe, expect, it } from 'vitest'
import { demoDecisions, demoDirectory, seedDemo } from '../../src/demo'
import type { DemoDecision, DemoExpectation } from '../../src/demo/types'
import type { StoredEvent } from '../../src/domain/envelope'
import { createRulebookRegistry, directoryViewFrom, evaluate, resolveRulebookForDecision } from '../../src/rules'
import { FakeServer } from './fake-server'

const TODAY = '2026-11-21T00:00:00+08:00'
const decisions: readonly DemoDecision[] = demoDecisions

/** The directory as the engine sees it, from the same data the seeder registers. */
function demoDirectoryView() {
  const events: Array<{ type: string; data: unknown }> = [
    ...demoDirectory.organizations.map((o) => ({
      type: 'OrganizationRegistered',
      data: { orgId: o.id, name: o.name, kind: o.kind, ...(o.parentId === undefined ? {} : { parentId: o.parentId }) },
    })),
    ...demoDirectory.people.map((p) => ({ type: 'PersonRegistered', data: { personId: p.id, name: p.name } })),
  ]
  demoDirectory.positions.forEach((p, i) => {
    const positionId = `pos_demo${i}`
    const { personId, orgId, title, capacity, from } = p
    events.push({ type: 'PositionAssigned', data: { positionId, personId, orgId, title, capacity, from } })
    if (p.to !== undefined) events.push({ type: 'PositionEnded', data: { positionId, to: p.to, reason: p.endReason } })
  })
  return directoryViewFrom(events)
}

async function seededStreams(): Promise<Map<string, StoredEvent[]>> {
  const server = new FakeServer('admin-secret')
  await seedDemo(server, 'admin-secret')
  const byTitle = new Map([...server.streams.values()].map((s) => [s.state.title, s.events]))
  return new Map(decisions.map((d) => [d.key, byTitle.get(d.decision.data.title) ?? []]))
}

describe('the compliance reports of the demo', async () => {
  const streams = await seededStreams()
  const directory = demoDirectoryView()
  const registry = createRulebookRegistry()

  const report = (key: string, knownAt: string) => {
    const events = streams.get(key) ?? []
    const chosen = resolveRulebookForDecision(registry, events)
    if (!chosen.ok) throw new Error(`${key}: ${chosen.reason}`)
    const decisionId = events[0]?.decisionId ?? key
    const r = evaluate({ decisionId, events, rulebook: chosen.rulebook, directory, asOf: TODAY, knownAt })
    const open = r.findings.filter((f) => f.status === 'open').map((f) => f.code)
    return { status: r.status, findings: [...new Set(open)].sort() }
  }
  const normalized = (e: DemoExpectation) => ({ status: e.status, findings: [...new Set(e.findings)].sort() })

  it('finds every decision among the stored streams (titles are unique)', () => {
    expect(new Set(decisions.map((d) => d.decision.data.title)).size).toBe(decisions.length)
    for (const d of decisions)
      expect(streams.get(d.key)?.length, d.key).toBe(1 + d.events.filter((e) => !e.expectStatus).length)
  })

  it.each(decisions.map((d) => [d.key, d] as const))('%s: the report says what the demo promises', (key, d) => {
    expect(report(key, TODAY)).toEqual(normalized(d.expect))
    if (d.expectAsKnownAt) expect(report(key, d.expectAsKnownAt.knownAt)).toEqual(normalized(d.expectAsKnownAt))
  })

  it('shows every status: compliant, noncompliant and in progress', () => {
    expect(new Set(decisions.map((d) => d.expect.status))).toEqual(
      new Set(['compliant', 'noncompliant', 'in_progress']),
    )
  })
})
