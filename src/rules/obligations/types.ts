import type { ObligationName } from '../catalog'
import type { Cycle, EvalContext, Flags } from '../engine/context'
import { type AnyEv, ids } from '../engine/events'
import type { ObligationResult, ObligationState } from '../types'

export interface ObligationEval {
  result: ObligationResult
  /** The event at which the obligation fell due (a discussion, a publication, the decision). */
  moment?: AnyEv
  /** Events that satisfied it on time. */
  satisfiedBy: AnyEv[]
  /** Satisfying events that came only after its moment or deadline. */
  late: AnyEv[]
  /**
   * Where in the stream its flags were judged, when not at `moment`: the flags before this point
   * (an obligation with a deadline and no event to precede is judged at its deadline).
   */
  flagsAt?: StreamPoint
}

/** A point in the evaluation order: before the event of that order (and instant and version). */
export interface StreamPoint {
  order: number
  ms: number
  version: number
}

/** The point past every event: flags judged there are the latest. */
export const END_OF_STREAM: StreamPoint = {
  order: Number.POSITIVE_INFINITY,
  ms: Number.POSITIVE_INFINITY,
  version: Number.POSITIVE_INFINITY,
}

export interface ObligationDef {
  name: ObligationName
  /**
   * Why the obligation does not apply under `flags` (and the rulebook), or undefined when it
   * does. `before` holds the cycle's events before the obligation's moment. Used both to
   * evaluate and to spot a classification weakened after the moment (classification-weakened-late).
   */
  exemptBy?(flags: Flags, ctx: EvalContext, before: AnyEv[]): string | undefined
  evaluate(ctx: EvalContext, cycle: Cycle): ObligationEval
}

export function result(
  obligation: ObligationName,
  state: ObligationState,
  events: ReadonlyArray<AnyEv | undefined>,
  extra: { dueBy?: string | undefined; reason?: string | undefined } = {},
): ObligationResult {
  const r: ObligationResult = { obligation, state, eventIds: ids(events) }
  if (extra.dueBy !== undefined) r.dueBy = extra.dueBy
  if (extra.reason !== undefined) r.reason = extra.reason
  return r
}

export function evalOf(
  r: ObligationResult,
  parts: { moment?: AnyEv | undefined; satisfiedBy?: AnyEv[]; late?: AnyEv[]; flagsAt?: StreamPoint } = {},
): ObligationEval {
  const e: ObligationEval = { result: r, satisfiedBy: parts.satisfiedBy ?? [], late: parts.late ?? [] }
  if (parts.moment) e.moment = parts.moment
  if (parts.flagsAt) e.flagsAt = parts.flagsAt
  return e
}

export const flagReason = (name: keyof Flags, value: boolean) => `flags.${name} is ${value}`

/** Arts. 14 and 32 exempt a matter that by law is not disclosed (依法不予公开). */
export const nonDisclosable = (flags: Flags): string | undefined =>
  flags.nonDisclosable ? `${flagReason('nonDisclosable', true)} (依法不予公开)` : undefined

/**
 * Whether a working-day deadline whose last working day is `dueBy` is over at asOf: only once a
 * step taken on asOf's date would count more than N working days, i.e. from the first working
 * day after `dueBy`. The weekend or holiday right after `dueBy` still counts N (rules.md §2
 * workingDays), so a step taken then is on time and the obligation is not yet overdue.
 */
export const pastWorkingDayDeadline = (ctx: EvalContext, dueBy: string): boolean =>
  ctx.asOfDate > dueBy && ctx.asOfDate >= ctx.cal.addWorkingDays(dueBy, 1)
