import { isOversight, ofType } from '../../engine/events'
import type { JsonValue } from '../../types'
import { type Check, draft } from '../support'

/**
 * Art. 33 "完整归档": every document of the stream recorded before the (latest) archiving of the
 * cycle must be among the items archived so far, matched by sha256.
 */
export const archiveIncomplete: Check = (c) => {
  const archives = ofType(c.cycle.events, 'DecisionArchived')
  const last = archives.at(-1)
  const first = archives[0]
  if (!last || !first) return []
  const archived = new Set(
    ofType(c.ctx.events, 'DecisionArchived')
      .filter((a) => a.order <= last.order)
      .flatMap((a) => a.data.items.map((i) => i.sha256)),
  )
  const seen = new Set<string>()
  const missing: JsonValue[] = []
  let expected = 0
  for (const entry of c.ctx.documents) {
    if (entry.ms > last.ms || (entry.ms === last.ms && entry.version >= last.version)) break
    // Inspection and accountability documents (a correction of one's too) belong to the inspection
    // file, not the decision file; the archive's own items are what is archived.
    if (isOversight(entry) || entry.about === 'DecisionArchived') continue
    for (const doc of entry.evidence) {
      if (seen.has(doc.sha256)) continue
      seen.add(doc.sha256)
      expected++
      if (!archived.has(doc.sha256)) missing.push({ name: doc.name, sha256: doc.sha256, eventId: entry.eventId })
    }
  }
  if (!missing.length) return []
  return [
    draft(c, 'archive-incomplete', {
      anchor: first,
      events: archives,
      detail: { missing, expected, archived: expected - missing.length },
    }),
  ]
}
