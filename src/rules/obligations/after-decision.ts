// What follows the decision: publication, archiving, the executing unit, post-evaluation
// (Arts. 32-36). Deadlines count from the decision's date and are judged at asOf.
import { type Cycle, type EvalContext, isApproving } from '../engine/context'
import { type AnyEv, type Ev, ofType } from '../engine/events'
import { addDays, addYears } from '../time'
import {
  END_OF_STREAM,
  evalOf,
  nonDisclosable,
  type ObligationDef,
  type ObligationEval,
  pastWorkingDayDeadline,
  result,
  type StreamPoint,
} from './types'

const fromDecision = <T extends AnyEv>(events: T[], decided: AnyEv) => events.filter((e) => e.order >= decided.order)

function publicationDueBy(ctx: EvalContext, decidedDate: string): string | undefined {
  const max = ctx.params.publishMaxWorkingDays
  return max === null ? undefined : ctx.cal.addWorkingDays(decidedDate, max)
}

type Decided = Cycle['decided']
type Published = Ev<'DecisionPublished'> | undefined

/**
 * Where the publication's flags are judged (docs/rules.md §8.4): at its moment, the publication or
 * the end of its deadline, whichever came first — before the publication, or before the first
 * event from the first working day after the deadline; until then, on the latest flags. A matter
 * found non-disclosable before the deadline need not be published (Art. 32 "依法不予公开的除外");
 * one found so only after it stays overdue, with classification-weakened-late.
 */
function publicationFlagsAt(ctx: EvalContext, decided: Decided, first: Published, dueBy?: string): StreamPoint {
  if (!decided) return END_OF_STREAM
  const over = dueBy !== undefined && pastWorkingDayDeadline(ctx, dueBy) && ctx.cal.addWorkingDays(dueBy, 1)
  const cut = over ? ctx.events.find((e) => e.order > decided.event.order && ctx.date(e.occurredAt) >= over) : undefined
  if (first && (!cut || first.order < cut.order)) return first
  return cut ?? END_OF_STREAM
}

export const publication: ObligationDef = {
  name: 'publication',
  exemptBy: nonDisclosable,
  evaluate(ctx, cycle) {
    const decided = cycle.decided
    const first = decided && fromDecision(ofType(cycle.events, 'DecisionPublished'), decided.event)[0]
    const dueBy = decided && publicationDueBy(ctx, decided.date)
    const flagsAt = publicationFlagsAt(ctx, decided, first, dueBy)
    return { ...evaluatePublication(ctx, decided, first, dueBy, nonDisclosable(ctx.flagsBefore(flagsAt))), flagsAt }
  },
}

function evaluatePublication(
  ctx: EvalContext,
  decided: Decided,
  first: Published,
  dueBy: string | undefined,
  exempt: string | undefined,
): ObligationEval {
  const name = 'publication'
  if (exempt !== undefined)
    return evalOf(result(name, 'not_applicable', [], { reason: exempt }), { moment: decided?.event })
  if (!decided) return evalOf(result(name, 'pending', [], { reason: 'no decision yet' }))
  if (!isApproving(decided.kind))
    return evalOf(result(name, 'not_applicable', [decided.event], { reason: `outcome is ${decided.kind}` }), {
      moment: decided.event,
    })
  const max = ctx.params.publishMaxWorkingDays
  if (first) {
    const wd = ctx.cal.workingDays(decided.date, first.data.publishedAt) ?? 0
    if (max === null || wd <= max)
      return evalOf(result(name, 'done', [first], { dueBy }), { moment: decided.event, satisfiedBy: [first] })
    return evalOf(
      result(name, 'missing', [decided.event, first], {
        dueBy,
        reason: `published ${wd} working days after the decision, more than ${max}`,
      }),
      {
        moment: decided.event,
        late: [first],
      },
    )
  }
  if (dueBy !== undefined && pastWorkingDayDeadline(ctx, dueBy)) {
    return evalOf(
      result(name, 'missing', [decided.event], {
        dueBy,
        reason: `not published within ${max} working days of the decision`,
      }),
      { moment: decided.event },
    )
  }
  return evalOf(result(name, 'pending', [decided.event], { dueBy }), { moment: decided.event })
}

/** The event that closed the matter for archiving: the decision, or a termination without one. */
function closing(cycle: Cycle, ctx: EvalContext): { event: AnyEv; date: string } | undefined {
  if (cycle.decided) return { event: cycle.decided.event, date: cycle.decided.date }
  const t = ofType(cycle.events, 'DecisionTerminated')[0]
  return t && { event: t, date: ctx.date(t.occurredAt) }
}

export const archiving: ObligationDef = {
  name: 'archiving',
  evaluate(ctx, cycle) {
    const name = 'archiving'
    const closed = closing(cycle, ctx)
    if (!closed) return evalOf(result(name, 'pending', [], { reason: 'no outcome yet' }))
    const max = ctx.params.archiveMaxDays
    const dueBy = max === null ? undefined : addDays(closed.date, max)
    const first = fromDecision(ofType([...cycle.events, ...cycle.later], 'DecisionArchived'), closed.event)[0]
    if (first) {
      const d = ctx.cal.days(closed.date, first.data.archivedAt) ?? 0
      if (max === null || d <= max)
        return evalOf(result(name, 'done', [first], { dueBy }), { moment: closed.event, satisfiedBy: [first] })
      return evalOf(
        result(name, 'missing', [closed.event, first], {
          dueBy,
          reason: `archived ${d} days after the outcome, more than ${max}`,
        }),
        {
          moment: closed.event,
          late: [first],
        },
      )
    }
    if (dueBy !== undefined && ctx.asOfDate > dueBy) {
      return evalOf(
        result(name, 'missing', [closed.event], { dueBy, reason: `not archived within ${max} days of the outcome` }),
        { moment: closed.event },
      )
    }
    return evalOf(result(name, 'pending', [closed.event], { dueBy }), { moment: closed.event })
  },
}

export const executingUnit: ObligationDef = {
  name: 'executing_unit',
  evaluate(ctx, cycle) {
    const name = 'executing_unit'
    const decided = cycle.decided
    if (!decided) return evalOf(result(name, 'pending', [], { reason: 'no decision yet' }))
    if (!isApproving(decided.kind))
      return evalOf(result(name, 'not_applicable', [decided.event], { reason: `outcome is ${decided.kind}` }), {
        moment: decided.event,
      })
    // A unit assigned in an earlier cycle keeps executing an adjusted decision.
    const assigned = ofType(ctx.events, 'ExecutingUnitAssigned').filter(
      (e) => e.order <= (cycle.later[0]?.order ?? Number.POSITIVE_INFINITY),
    )
    if (assigned.length) return evalOf(result(name, 'done', assigned), { moment: decided.event, satisfiedBy: assigned })
    const dueBy = publicationDueBy(ctx, decided.date)
    if (dueBy !== undefined && pastWorkingDayDeadline(ctx, dueBy)) {
      return evalOf(
        result(name, 'missing', [decided.event], {
          dueBy,
          reason: 'no executing unit assigned by the publication deadline',
        }),
        { moment: decided.event },
      )
    }
    return evalOf(result(name, 'pending', [decided.event], { dueBy }), { moment: decided.event })
  },
}

const NO_POST_EVALUATION = 'the rulebook sets no postEvaluationAfterYears'

export const postEvaluation: ObligationDef = {
  name: 'post_evaluation',
  exemptBy: (_flags, ctx) => (ctx.params.postEvaluationAfterYears === null ? NO_POST_EVALUATION : undefined),
  evaluate(ctx, cycle) {
    const name = 'post_evaluation'
    const years = ctx.params.postEvaluationAfterYears
    if (years === null) return evalOf(result(name, 'not_applicable', [], { reason: NO_POST_EVALUATION }))
    const decided = cycle.decided
    if (!decided) return evalOf(result(name, 'pending', [], { reason: 'no decision yet' }))
    if (!isApproving(decided.kind))
      return evalOf(result(name, 'not_applicable', [decided.event], { reason: `outcome is ${decided.kind}` }), {
        moment: decided.event,
      })
    const dueBy = addYears(decided.date, years)
    const ended = [...ofType(ctx.events, 'DecisionTerminated'), ...(cycle.later[0] ? [cycle.later[0]] : [])].find(
      (e) => e.order > decided.event.order && ctx.date(e.occurredAt) <= dueBy,
    )
    const evaluations: Ev<'PostEvaluationCompleted'>[] = fromDecision(
      ofType([...cycle.events, ...cycle.later], 'PostEvaluationCompleted'),
      decided.event,
    )
    const first = evaluations[0]
    if (first && ctx.date(first.occurredAt) <= dueBy)
      return evalOf(result(name, 'done', [first], { dueBy }), { moment: decided.event, satisfiedBy: [first] })
    if (ended && (!first || ended.order < first.order)) {
      const what =
        ended.type === 'DecisionTerminated'
          ? 'the decision was terminated'
          : 'a major adjustment re-opened the procedures'
      return evalOf(
        result(name, 'not_applicable', [ended], {
          reason: `${what} (${ended.eventId}) before the evaluation fell due`,
        }),
        { moment: decided.event },
      )
    }
    if (first) {
      return evalOf(
        result(name, 'missing', [decided.event, first], {
          dueBy,
          reason: `evaluated only after the ${years}-year deadline`,
        }),
        { moment: decided.event, late: [first] },
      )
    }
    if (ctx.asOfDate > dueBy)
      return evalOf(
        result(name, 'missing', [decided.event], {
          dueBy,
          reason: `no evaluation within ${years} years of the decision`,
        }),
        { moment: decided.event },
      )
    return evalOf(result(name, 'pending', [decided.event], { dueBy }), { moment: decided.event })
  },
}
