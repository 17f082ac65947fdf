import { FLAG_NAMES } from '../../../domain/events'
import { OBLIGATION_NAMES, type ObligationName } from '../../catalog'
import type { Cycle } from '../../engine/context'
import { type AnyEv, ofType } from '../../engine/events'
import { OBLIGATION_DEFS, type ObligationMap } from '../../obligations'
import { type Check, draft } from '../support'

/**
 * Policy (Art. 39): a reclassification that, had it come earlier, would have exempted a step
 * whose moment had already passed — in the reclassification's own cycle or in any cycle before
 * it (a flag turned off after a major adjustment still turns off what made cycle 1's steps
 * mandatory). Each step stays judged on the flags in force at its moment; this warning says the
 * classification was weakened afterwards. One warning per reclassification, in its own cycle.
 */
export const classificationWeakenedLate: Check = (c) => {
  const { ctx, cycle } = c
  const cycles = [...(c.earlier ?? []), { cycle, obligations: c.obligations }]
  return ofType(cycle.events, 'DecisionReclassified').flatMap((r) => {
    const before = ctx.flagsBefore(r)
    const after = ctx.flagsBefore({ order: r.order + 0.5 })
    const weakenedIn = ({ cycle: k, obligations }: { cycle: Cycle; obligations: ObligationMap }) =>
      OBLIGATION_NAMES.flatMap((name): Array<{ name: ObligationName; moment: AnyEv }> => {
        const def = OBLIGATION_DEFS[name]
        const moment = obligations[name].moment
        if (!def.exemptBy || !moment || moment.order >= r.order) return []
        const pool = k.beforeMoment
        const weakened =
          def.exemptBy(ctx.flagsBefore(moment), ctx, pool) === undefined &&
          def.exemptBy(before, ctx, pool) === undefined &&
          def.exemptBy(after, ctx, pool) !== undefined
        return weakened ? [{ name, moment }] : []
      })
    const weakened = cycles.flatMap(weakenedIn)
    if (!weakened.length) return []
    const flags = FLAG_NAMES.filter((f) => before[f] !== after[f]).map((f) => ({
      flag: f,
      from: before[f],
      to: after[f],
    }))
    return [
      draft(c, 'classification-weakened-late', {
        anchor: r,
        events: [...weakened.map((w) => w.moment), r],
        detail: { flags, obligations: [...new Set(weakened.map((w) => w.name))], reason: r.data.reason },
      }),
    ]
  })
}
