// What the use cases need from the outside world. Only the composition roots (node.ts,
// worker.ts, tests) build one: real or fixed clock, real or sequential ids, a backend.
import type { StoredEvent } from '../domain/envelope'
import type { DirectoryView, RulebookRegistry } from '../rules'
import type { EventStore } from '../store/event-store'
import type { Ledger } from './ledger'

export interface AppConfig {
  /** Directory stream id suffix: the directory lives in stream `dir_<jurisdiction>`. */
  jurisdiction: string
  /** Rulebook used when a decision names none at initiation. */
  defaultRulebook: string
  /** Rulebook ids that exist (shipped plus RULEBOOKS_DIR); initiation refuses others. */
  rulebookIds: () => readonly string[]
  /** How far in the future `occurredAt` may be (domain.md §2: 5 minutes). */
  maxFutureMs: number
}

export interface AppDeps {
  store: EventStore
  clock: () => Date
  newId: () => string
  config: AppConfig
  /** Loaded rulebooks (shipped plus RULEBOOKS_DIR). */
  rulebooks: RulebookRegistry
  /** The directory view for compliance and accountability, cached by directory version. */
  directory: { get(deps: AppDeps): Promise<DirectoryView> }
  /** Told after every commit, so Server-Sent Events wake at once instead of polling. */
  commits?: CommitSignal
  /** The global Merkle ledger: sequencer, checkpoints, proofs (ledger.md). */
  ledger: Ledger
  /** Ids of the computed findings of a stream (from the compliance engine), for annotations. */
  findings: (events: StoredEvent[]) => Promise<Set<string>>
}

export const directoryStream = (deps: AppDeps) => `dir_${deps.config.jurisdiction}`

/** In-process "something was committed" signal (other processes are found by polling). */
export class CommitSignal {
  private readonly listeners = new Set<() => void>()
  on(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  emit(): void {
    for (const l of this.listeners) l()
  }
}
