// Pure replay of the shared scenarios and of ours (test/scenarios): no service, only the engine.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRulebookRegistry, evaluate, resolveRulebookForDecision } from '../../src/rules'
import { compare, loadScenarios, replay } from './scenario-replay'

// Our scenarios may name the test overlay of test/scenarios/rulebooks (RULEBOOKS_DIR over HTTP).
const RULEBOOKS_DIR = resolve(process.cwd(), 'test/scenarios/rulebooks')
const REGISTRY = createRulebookRegistry(
  readdirSync(RULEBOOKS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(RULEBOOKS_DIR, f), 'utf8')) as unknown),
)

// After every scenario's events, and later than any deadline they set (the HTTP replay judges "now").
const REPLAY_AT = '2026-11-30T00:00:00+08:00'

const sets = [
  { label: 'shared', dir: resolve(process.cwd(), '../shared/scenarios') },
  { label: 'own', dir: resolve(process.cwd(), 'test/scenarios') },
]

for (const { label, dir } of sets) {
  describe(`${label} scenarios`, () => {
    const scenarios = loadScenarios(dir)
    it('exist', () => expect(scenarios.length).toBeGreaterThan(0))
    it.each(scenarios.map((s) => [s.scenario.name, s] as const))('%s', (_name, { scenario }) => {
      // compare() checks only what `expect` states: a scenario must state at least these.
      expect(scenario.expect?.status).toEqual(expect.any(String))
      expect(scenario.expect?.findings).toEqual(expect.any(Array))
      const r = replay(scenario)
      expect(r.refusals).toEqual([])
      const chosen = resolveRulebookForDecision(REGISTRY, r.events)
      if (!chosen.ok) throw new Error(chosen.reason)
      const at =
        Date.parse(r.lastOccurredAt) < Date.parse(REPLAY_AT)
          ? REPLAY_AT
          : new Date(Date.parse(r.lastOccurredAt) + 86_400_000).toISOString()
      const report = evaluate({
        decisionId: r.decisionId,
        events: r.events,
        rulebook: chosen.rulebook,
        directory: r.directory,
        asOf: at,
        knownAt: at,
      })
      expect(compare(scenario, report)).toEqual([])
    })
  })
}
