// Builds AppDeps from a backend, a clock and an id source. Used by the composition roots
// (node.ts, worker.ts) and by tests with a fixed clock and sequential ids.
import { monotonicFactory } from 'ulid'
import { type AppConfig, type AppDeps, CommitSignal } from './app/deps'
import type { Backend } from './store/backend'
import { EventStore } from './store/event-store'

export const SHIPPED_RULEBOOKS = ['cn-713', 'cn-shanghai', 'cn-shenzhen'] as const

export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    jurisdiction: 'main',
    defaultRulebook: 'cn-713',
    rulebookIds: () => SHIPPED_RULEBOOKS,
    maxFutureMs: 5 * 60_000,
    ...overrides,
  }
}

export function ulidIds(clock: () => Date): () => string {
  const next = monotonicFactory()
  return () => next(clock().getTime())
}

export function createDeps(
  backend: Backend,
  opts: { clock?: () => Date; newId?: () => string; config?: Partial<AppConfig> } = {},
): AppDeps {
  const clock = opts.clock ?? (() => new Date())
  return {
    store: new EventStore(backend),
    clock,
    newId: opts.newId ?? ulidIds(clock),
    config: defaultConfig(opts.config),
    commits: new CommitSignal(),
  }
}
