import type { Cycle } from '../../engine/context'
import { type Ev, ofType } from '../../engine/events'

/** The cycle's publications of its decision (all of them, when no decision is on record). */
export const publicationsOf = (cycle: Cycle): Ev<'DecisionPublished'>[] => {
  const from = cycle.decided?.event.order ?? Number.NEGATIVE_INFINITY
  return ofType(cycle.events, 'DecisionPublished').filter((p) => p.order >= from)
}
