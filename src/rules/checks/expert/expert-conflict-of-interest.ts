import { ofType } from '../../engine/events'
import type { JsonValue } from '../../types'
import { type Check, draft } from '../support'

/** Art. 20: the panel includes an expert with a direct interest in the matter. */
export const expertConflictOfInterest: Check = (c) =>
  ofType(c.cycle.events, 'ExpertPanelFormed').flatMap((panel) => {
    const conflicted = panel.data.experts.filter((x) => x.directInterest)
    if (!conflicted.length) return []
    const experts: JsonValue[] = conflicted.map((x) => ({
      name: x.name,
      affiliation: x.affiliation,
      personId: x.personId ?? null,
      conflictNote: x.conflictNote ?? null,
    }))
    return [draft(c, 'expert-conflict-of-interest', { anchor: panel, events: [panel], detail: { experts } })]
  })
