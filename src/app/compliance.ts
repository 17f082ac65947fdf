// Compliance reports (rules.md; api.md GET /v1/decisions/{id}/compliance): the pure engine of
// src/rules fed with the decision's stream, its rulebook and the directory as it stood.
import type { Actor, StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import {
  type ComplianceReport,
  computedFindingIds,
  type DirectoryView,
  directoryViewFrom,
  evaluate,
  resolveRulebookForDecision,
} from '../rules'
import { loadReadable } from './decisions'
import { type AppDeps, directoryStream } from './deps'

/** The directory view, rebuilt only when the directory stream has moved on (O(1) check). */
export class DirectoryCache {
  private version = -1
  private view: DirectoryView | undefined

  async get(deps: AppDeps): Promise<DirectoryView> {
    const stream = directoryStream(deps)
    const head = await deps.store.readHead(stream)
    const version = head?.version ?? 0
    if (!this.view || version !== this.version) {
      this.view = directoryViewFrom(version === 0 ? [] : await deps.store.readStream(stream))
      this.version = version
    }
    return this.view
  }
}

/**
 * The directory as known at any instant, from one read of its stream (rules.md §2: "as known at
 * T" uses only events recorded by then; the directory is event-sourced too, domain.md §4): a
 * position back-dated or a person registered after T does not change a report as known at T
 * (README principle 5). The cached current view when nothing was recorded in it after T.
 */
export async function directoryTimeline(deps: AppDeps): Promise<(knownAt: string) => DirectoryView> {
  const current = await deps.directory.get(deps)
  const events = await deps.store.readStream(directoryStream(deps))
  return (knownAt) => {
    const ms = Date.parse(knownAt)
    const known = Number.isFinite(ms) ? events.filter((e) => Date.parse(e.recordedAt) <= ms) : events
    return known.length === events.length ? current : directoryViewFrom(known)
  }
}

/** Kept as a named type for callers; AppDeps carries both since the engine landed. */
export type ComplianceDeps = Pick<AppDeps, 'rulebooks' | 'directory'>

export function evaluateStream(
  deps: AppDeps & ComplianceDeps,
  decisionId: string,
  events: readonly StoredEvent[],
  directory: DirectoryView,
  asOf: string,
  knownAt: string,
): ComplianceReport {
  const choice = resolveRulebookForDecision(deps.rulebooks, events, deps.config.defaultRulebook, { asOf, knownAt })
  if (!choice.ok)
    throw new DomainError('unknown-reference', `The decision's rulebook cannot be used: ${choice.reason}.`)
  return evaluate({ decisionId, events, rulebook: choice.rulebook, directory, asOf, knownAt })
}

/** A readable decision's stream and its report (asOf and knownAt default to now). */
export async function evaluatedStream(
  deps: AppDeps & ComplianceDeps,
  actor: Actor,
  decisionId: string,
  opts: { asOf?: string | undefined; knownAt?: string | undefined } = {},
): Promise<{ events: StoredEvent[]; report: ComplianceReport }> {
  await loadReadable(deps, actor, decisionId)
  const now = deps.clock().toISOString()
  const events = await deps.store.readStream(decisionId)
  const directory =
    opts.knownAt === undefined ? await deps.directory.get(deps) : (await directoryTimeline(deps))(opts.knownAt)
  return { events, report: evaluateStream(deps, decisionId, events, directory, opts.asOf ?? now, opts.knownAt ?? now) }
}

export async function complianceReport(
  deps: AppDeps & ComplianceDeps,
  actor: Actor,
  decisionId: string,
  opts: { asOf?: string | undefined; knownAt?: string | undefined } = {},
): Promise<ComplianceReport> {
  return (await evaluatedStream(deps, actor, decisionId, opts)).report
}

/** The computed finding ids of a stream as of now: what FindingAnnotated may also target. */
export function findingIdsOf(deps: AppDeps & ComplianceDeps) {
  return async (events: StoredEvent[]): Promise<Set<string>> => {
    const first = events[0]
    if (!first) return new Set()
    const now = deps.clock().toISOString()
    return new Set(
      computedFindingIds(evaluateStream(deps, first.decisionId, events, await deps.directory.get(deps), now, now)),
    )
  }
}
