// Collective discussion and the reports due before a decision is issued (Arts. 8, 30, 31).
import type { ObligationName } from '../catalog'
import { type Cycle, type EvalContext, type Flags, isApproving } from '../engine/context'
import { type AnyEv, type Ev, ofType } from '../engine/events'
import { evalOf, flagReason, type ObligationDef, type ObligationEval, result } from './types'

const allowedType = (ctx: EvalContext, m: Ev<'CollectiveDiscussionHeld'>) =>
  (ctx.params.allowedMeetingTypes as readonly string[]).includes(m.data.meetingType)

export const collectiveDiscussion: ObligationDef = {
  name: 'collective_discussion',
  evaluate(ctx, cycle) {
    const name = 'collective_discussion'
    const firstAct = cycle.acts[0]
    // rules.md §3: satisfied by a CollectiveDiscussionHeld in an allowed meeting type, whatever
    // it concluded (a deferral too: the matter was discussed; decision-delayed watches the wait).
    const valid = cycle.discussions.filter((m) => allowedType(ctx, m))
    const first = valid[0]
    if (first && (!firstAct || first.order < firstAct.order))
      return evalOf(result(name, 'done', [first]), { moment: firstAct, satisfiedBy: [first] })
    if (first && firstAct) {
      return evalOf(
        result(name, 'missing', [firstAct, first], {
          reason: `the outcome was acted on (${firstAct.type} ${firstAct.eventId}) before the discussion`,
        }),
        {
          moment: firstAct,
          late: [first],
        },
      )
    }
    const wrongType = cycle.discussions.filter((m) => !allowedType(ctx, m))
    if (wrongType.length) {
      const types = [...new Set(wrongType.map((m) => m.data.meetingType))].join(', ')
      return evalOf(
        result(name, 'missing', wrongType, {
          reason: `discussed only in a meeting of type ${types}, not among allowedMeetingTypes`,
        }),
        { moment: wrongType[0] },
      )
    }
    if (firstAct)
      return evalOf(
        result(name, 'missing', [firstAct], {
          reason: `the outcome was acted on (${firstAct.type}) with no collective discussion`,
        }),
        { moment: firstAct },
      )
    // decisionDueBy (domain.md §1.1) is the date by which the organ must decide: past it, with
    // no decision, the obligation is overdue (rules.md §3 missing), as decision-delayed says.
    const dueBy = cycle.cycle === 1 ? ctx.decision.decisionDueBy : undefined
    if (dueBy !== undefined && ctx.asOfDate > dueBy)
      return evalOf(result(name, 'missing', [], { dueBy, reason: `no decision by decisionDueBy ${dueBy}` }))
    return evalOf(result(name, 'pending', [], { dueBy }))
  },
}

/**
 * The act a report must precede: the first publication after the decision (rules.md §3 "before
 * publication"; §4 "published without a Party committee report before it"). A decision that is
 * never published, as a non-disclosable one is not, leaves the report pending (docs/rules.md §8.15).
 */
function issuance(cycle: Cycle): AnyEv | undefined {
  const after = cycle.events.filter(
    (e) => !cycle.decided || e.order > cycle.decided.event.order || e === cycle.decided.event,
  )
  return ofType(after, 'DecisionPublished')[0]
}

function reportBeforeIssuance(
  name: ObligationName,
  reportType: 'PartyCommitteeReported' | 'PeoplesCongressReported',
  exempt: (flags: Flags) => string | undefined,
): ObligationDef {
  const evaluate = (ctx: EvalContext, cycle: Cycle): ObligationEval => {
    const decided = cycle.decided
    // Judged on the flags in force at its moment, the publication (rules.md §3 "an obligation's
    // moment has passed when the event it must precede has happened"); until then, the latest.
    const moment = decided ? issuance(cycle) : undefined
    const why = exempt(ctx.flagsBefore(moment))
    if (why !== undefined) return evalOf(result(name, 'not_applicable', [], { reason: why }), { moment })
    if (decided && !isApproving(decided.kind)) {
      return evalOf(
        result(name, 'not_applicable', [decided.event], { reason: `outcome is ${decided.kind}: nothing is issued` }),
        { moment: decided.event },
      )
    }
    const reports = cycle.events.filter((e) => e.type === reportType)
    if (!moment) {
      if (reports.length) return evalOf(result(name, 'done', reports), { satisfiedBy: reports })
      return evalOf(
        result(name, 'pending', [], { reason: decided ? 'due before the decision is published' : 'no decision yet' }),
      )
    }
    const onTime = reports.filter((r) => r.order < moment.order)
    if (onTime.length) return evalOf(result(name, 'done', onTime), { moment, satisfiedBy: onTime })
    const late = reports.filter((r) => r.order > moment.order)
    const reason = late.length
      ? `reported only after ${moment.type} ${moment.eventId}`
      : `no ${reportType} before ${moment.type} ${moment.eventId}`
    return evalOf(result(name, 'missing', [...late, moment], { reason }), { moment, late })
  }
  return { name, evaluate, exemptBy: (flags) => exempt(flags) }
}

export const partyReport = reportBeforeIssuance('party_report', 'PartyCommitteeReported', () => undefined)

export const peoplesCongressReport = reportBeforeIssuance(
  'peoples_congress_report',
  'PeoplesCongressReported',
  (flags) => (flags.npcMatter ? undefined : flagReason('npcMatter', false)),
)
