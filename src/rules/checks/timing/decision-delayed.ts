import { type AnyEv, isType } from '../../engine/events'
import { type Check, draft } from '../support'

/** A decided meeting or a termination disposes of the matter; a deferral does not. */
const disposes = (e: AnyEv) =>
  (isType(e, 'CollectiveDiscussionHeld') && e.data.outcome !== 'defer') || e.type === 'DecisionTerminated'

/**
 * Art. 38(2) 久拖不决: asOf is past decisionDueBy and no outcome came by that date. An outcome
 * that came late still leaves the finding, with the date it came.
 */
export const decisionDelayed: Check = (c) => {
  const dueBy = c.ctx.decision.decisionDueBy
  if (c.cycle.cycle !== 1 || dueBy === undefined || c.ctx.asOfDate <= dueBy) return []
  const outcome = c.ctx.events.find(disposes)
  const decidedOn = outcome
    ? c.ctx.date(isType(outcome, 'CollectiveDiscussionHeld') ? outcome.data.heldAt : outcome.occurredAt)
    : null
  if (decidedOn !== null && decidedOn <= dueBy) return []
  const daysLate = c.ctx.cal.days(dueBy, decidedOn ?? c.ctx.asOfDate) ?? null
  return [
    draft(c, 'decision-delayed', {
      events: [c.ctx.decision.initiated, outcome],
      detail: { dueBy, decidedOn, daysLate },
      date: dueBy,
    }),
  ]
}
