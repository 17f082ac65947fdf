// Which rulebook governs a decision (rules.md §1): the one named at initiation (else the
// default), in the version in force on DecisionInitiated.occurredAt. The initiation is read as
// the engine reads it (README principle 2): with its latest correction known at `knownAt`, so
// a report never says it used a corrected initiation while judging under the original's rulebook.
import type { StoredEvent } from '../../domain/envelope'
import { ofType, prepareEvents } from '../engine/events'
import { DEFAULT_RULEBOOK_ID, type RulebookRegistry } from './registry'
import type { ResolvedRulebook } from './schema'

export type RulebookChoice = { ok: true; rulebook: ResolvedRulebook } | { ok: false; id: string; reason: string }

/** The moment a report is made for: what had happened by `asOf` and was known at `knownAt`. */
export interface ReportTime {
  asOf: string
  knownAt: string
}

/** Without a report time every recorded correction counts. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z'

/**
 * The initiation as the engine reads it: the DecisionInitiated events and the corrections that
 * target them go through prepareEvents (the same visibility, latest-correction and schema rules),
 * and the first initiation in evaluation order is kept. Undefined when none is visible then.
 */
function initiationAsRead(
  decisionId: string,
  events: readonly StoredEvent[],
  at: ReportTime | undefined,
): { data: Record<string, unknown>; occurredAt: string; correctedBy?: string } | undefined {
  const ids = new Set<string>()
  for (const e of events) if (e.type === 'DecisionInitiated' && e.decisionId === decisionId) ids.add(e.eventId)
  const relevant = events.filter(
    (e) =>
      ids.has(e.eventId) ||
      (e.type === 'EventCorrected' && typeof e.data.correctsEventId === 'string' && ids.has(e.data.correctsEventId)),
  )
  const prepared = prepareEvents(decisionId, relevant, at?.asOf ?? END_OF_TIME, at?.knownAt ?? END_OF_TIME)
  const initiated = ofType(prepared.events, 'DecisionInitiated')[0]
  if (!initiated) return undefined
  const note = prepared.corrections.find((c) => c.eventId === initiated.eventId && c.applied)
  const read = { data: initiated.data as Record<string, unknown>, occurredAt: initiated.occurredAt }
  return note ? { ...read, correctedBy: note.correctedBy } : read
}

export function resolveRulebookForDecision(
  registry: RulebookRegistry,
  events: readonly StoredEvent[],
  defaultId: string = DEFAULT_RULEBOOK_ID,
  at?: ReportTime,
): RulebookChoice {
  // The first DecisionInitiated in version order (the earliest given among equal versions).
  let first: StoredEvent | undefined
  for (const e of events)
    if (e.type === 'DecisionInitiated' && (first === undefined || e.version < first.version)) first = e
  if (!first) return { ok: false, id: defaultId, reason: 'the decision has no DecisionInitiated event' }
  // Before the initiation is visible (asOf earlier), its stored payload still names the rulebook.
  const initiated = initiationAsRead(first.decisionId, events, at) ?? { data: first.data, occurredAt: first.occurredAt }
  const named = initiated.data.rulebook
  const id = typeof named === 'string' ? named : defaultId
  if (!registry.get(id)) {
    const by = 'correctedBy' in initiated ? ` (named by the correction ${initiated.correctedBy})` : ''
    return { ok: false, id, reason: `unknown rulebook ${id}${by}` }
  }
  const rulebook = registry.resolve(id, initiated.occurredAt)
  return rulebook
    ? { ok: true, rulebook }
    : { ok: false, id, reason: `${id} has no version in force on ${initiated.occurredAt}` }
}
