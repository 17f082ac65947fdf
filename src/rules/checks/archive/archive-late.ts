import { type Check, draft } from '../support'

/** Art. 33 with a local limit: archived, but more than archiveMaxDays after the outcome. */
export const archiveLate: Check = (c) => {
  const ob = c.obligations.archiving
  const archived = ob.late[0]
  const closed = ob.moment
  if (ob.result.state !== 'missing' || !archived || archived.type !== 'DecisionArchived' || !closed) return []
  const decidedOn = c.ctx.date(closed.type === 'CollectiveDiscussionHeld' ? closed.data.heldAt : closed.occurredAt)
  return [
    draft(c, 'archive-late', {
      anchor: archived,
      events: [closed, archived],
      detail: {
        days: c.ctx.cal.days(decidedOn, archived.data.archivedAt) ?? null,
        max: c.ctx.params.archiveMaxDays,
        decidedOn,
        dueBy: ob.result.dueBy ?? null,
      },
    }),
  ]
}
