import { type Check, draft } from '../support'

/**
 * Art. 30: the outcome was acted on (published, executed, archived) with no collective
 * discussion that decided anything before it. A decision taken in a meeting of the wrong type
 * is meeting-type-not-allowed instead (rules.md §4).
 */
export const collectiveDiscussionMissing: Check = (c) => {
  const act = c.cycle.acts[0]
  if (!act) return []
  const decidedBefore = c.cycle.discussions.some((m) => m.order < act.order && m.data.outcome !== 'defer')
  if (decidedBefore) return []
  return [
    draft(c, 'collective-discussion-missing', { anchor: act, events: c.cycle.acts, detail: { actedOnBy: act.type } }),
  ]
}
