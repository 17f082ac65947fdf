// Which rulebook governs a decision (rules.md §1): the one named at initiation (else the
// default), in the version in force on DecisionInitiated.occurredAt.
import type { StoredEvent } from '../../domain/envelope'
import { DEFAULT_RULEBOOK_ID, type RulebookRegistry } from './registry'
import type { ResolvedRulebook } from './schema'

export type RulebookChoice = { ok: true; rulebook: ResolvedRulebook } | { ok: false; id: string; reason: string }

export function resolveRulebookForDecision(
  registry: RulebookRegistry,
  events: readonly StoredEvent[],
  defaultId: string = DEFAULT_RULEBOOK_ID,
): RulebookChoice {
  // The first DecisionInitiated in version order (the earliest given among equal versions).
  let initiated: StoredEvent | undefined
  for (const e of events)
    if (e.type === 'DecisionInitiated' && (initiated === undefined || e.version < initiated.version)) initiated = e
  const named = initiated?.data.rulebook
  const id = typeof named === 'string' ? named : defaultId
  if (!initiated) return { ok: false, id, reason: 'the decision has no DecisionInitiated event' }
  if (!registry.get(id)) return { ok: false, id, reason: `unknown rulebook ${id}` }
  const rulebook = registry.resolve(id, initiated.occurredAt)
  return rulebook
    ? { ok: true, rulebook }
    : { ok: false, id, reason: `${id} has no version in force on ${initiated.occurredAt}` }
}
