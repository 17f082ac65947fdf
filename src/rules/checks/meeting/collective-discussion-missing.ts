import { type Check, draft } from '../support'

/**
 * Art. 30: the outcome was acted on (published, executed, archived) with no collective
 * discussion at all before it (rules.md §4), whatever a discussion concluded. A discussion in a
 * meeting of the wrong type is meeting-type-not-allowed instead.
 */
export const collectiveDiscussionMissing: Check = (c) => {
  const act = c.cycle.acts[0]
  if (!act) return []
  if (c.cycle.discussions.some((m) => m.order < act.order)) return []
  return [
    draft(c, 'collective-discussion-missing', { anchor: act, events: c.cycle.acts, detail: { actedOnBy: act.type } }),
  ]
}
