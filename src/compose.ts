// Builds AppDeps from a backend, a clock and an id source. Used by the composition roots
// (node.ts, worker.ts) and by tests with a fixed clock and sequential ids.
import { monotonicFactory } from 'ulid'
import { DirectoryCache, findingIdsOf } from './app/compliance'
import { type AppConfig, type AppDeps, CommitSignal } from './app/deps'
import { Ledger, type LedgerOptions } from './app/ledger'
import { generateSigningKey } from './ledger/note'
import { createRulebookRegistry, type RulebookRegistry } from './rules'
import type { Backend } from './store/backend'
import { EventStore } from './store/event-store'

export function defaultConfig(overrides: Partial<AppConfig> = {}, rulebooks?: RulebookRegistry): AppConfig {
  return {
    jurisdiction: 'main',
    defaultRulebook: 'cn-713',
    rulebookIds: () => [...new Set((rulebooks ?? createRulebookRegistry()).list().map((r) => r.id))],
    maxFutureMs: 5 * 60_000,
    ...overrides,
  }
}

/**
 * The library's default source of randomness asks Web Crypto for one byte per character (16 calls
 * per id, ~80 µs on the append path); this one takes the same bytes, a kilobyte per call.
 */
export function pooledRandom(poolBytes = 1024): () => number {
  const pool = new Uint8Array(poolBytes)
  let next = poolBytes
  return () => {
    if (next === poolBytes) {
      crypto.getRandomValues(pool)
      next = 0
    }
    return (pool[next++] as number) / 256
  }
}

export function ulidIds(clock: () => Date): () => string {
  const next = monotonicFactory(pooledRandom())
  return () => next(clock().getTime())
}

export function createDeps(
  backend: Backend,
  opts: {
    clock?: () => Date
    newId?: () => string
    config?: Partial<AppConfig>
    rulebooks?: RulebookRegistry
    /** The ledger's signing key and origin; without, an ephemeral key (tests, :memory:). */
    ledger?: Partial<LedgerOptions> | Ledger
  } = {},
): AppDeps {
  const clock = opts.clock ?? (() => new Date())
  const rulebooks = opts.rulebooks ?? createRulebookRegistry()
  const config = defaultConfig(opts.config, rulebooks)
  const ledger =
    opts.ledger instanceof Ledger
      ? opts.ledger
      : new Ledger(backend, clock, {
          origin: `decision-trail.local/${config.jurisdiction}`,
          signingKey: generateSigningKey(),
          ...opts.ledger,
        })
  const deps: AppDeps = {
    store: new EventStore(backend),
    clock,
    newId: opts.newId ?? ulidIds(clock),
    config,
    commits: new CommitSignal(),
    rulebooks,
    directory: new DirectoryCache(),
    ledger,
    // Resolved at call time: the engine needs the finished deps (rulebooks, directory).
    findings: (events) => findingIdsOf(deps)(events),
  }
  return deps
}
