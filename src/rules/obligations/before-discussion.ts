// The common shape of the obligations that must be met "before the discussion" (rules.md §3):
// done when satisfied by events before the cycle's moment; missing once the moment has passed
// without them (with any late events named); pending until then.
import type { ObligationName } from '../catalog'
import type { Cycle, EvalContext, Flags } from '../engine/context'
import type { AnyEv } from '../engine/events'
import { evalOf, type ObligationDef, type ObligationEval, result } from './types'

export type Satisfaction = { ok: true; events: AnyEv[] } | { ok: false; events: AnyEv[]; why: string }

/** Satisfied by any of `events`; undefined (nothing towards it) when there are none. */
export const found = (events: AnyEv[]): Satisfaction | undefined => (events.length ? { ok: true, events } : undefined)

export interface BeforeDiscussionSpec {
  name: ObligationName
  exemptBy?(flags: Flags, ctx: EvalContext, before: AnyEv[]): string | undefined
  /** Which of `pool` satisfy the obligation; a partial answer says what is lacking. */
  satisfy(pool: AnyEv[], ctx: EvalContext): Satisfaction | undefined
  /**
   * While no moment has passed: a due date, whether it is already overdue (the reason), and a
   * note on the pending state (in place of what is lacking).
   */
  pending?(
    ctx: EvalContext,
    cycle: Cycle,
    partial: Satisfaction | undefined,
  ): { dueBy?: string; overdue?: string; reason?: string } | undefined
}

function momentLabel(moment: AnyEv): string {
  return moment.type === 'CollectiveDiscussionHeld'
    ? `collective discussion ${moment.eventId}`
    : `${moment.type} ${moment.eventId} (no collective discussion held)`
}

export function beforeDiscussion(spec: BeforeDiscussionSpec): ObligationDef {
  const evaluate = (ctx: EvalContext, cycle: Cycle): ObligationEval => {
    const moment = cycle.moment
    const pool = cycle.beforeMoment
    const exempt = spec.exemptBy?.(ctx.flagsBefore(moment), ctx, pool)
    if (exempt !== undefined) return evalOf(result(spec.name, 'not_applicable', [], { reason: exempt }), { moment })
    const sat = spec.satisfy(pool, ctx)
    if (sat?.ok) return evalOf(result(spec.name, 'done', sat.events), { moment, satisfiedBy: sat.events })
    if (!moment) {
      const p = spec.pending?.(ctx, cycle, sat)
      if (p?.overdue !== undefined)
        return evalOf(result(spec.name, 'missing', sat?.events ?? [], { dueBy: p.dueBy, reason: p.overdue }))
      return evalOf(
        result(spec.name, 'pending', sat?.events ?? [], {
          dueBy: p?.dueBy,
          reason: p?.reason ?? (sat?.ok === false ? sat.why : undefined),
        }),
      )
    }
    const after = spec.satisfy(cycle.events, ctx)
    const late = after?.ok ? after.events.filter((e) => e.order > moment.order) : []
    const reason = late.length
      ? `done only after the ${momentLabel(moment)}`
      : sat?.ok === false
        ? `${sat.why} before the ${momentLabel(moment)}`
        : `not done before the ${momentLabel(moment)}`
    return evalOf(result(spec.name, 'missing', [...(sat?.events ?? []), ...late, moment], { reason }), { moment, late })
  }
  const def: ObligationDef = { name: spec.name, evaluate }
  if (spec.exemptBy) def.exemptBy = spec.exemptBy
  return def
}
