import { FLAG_NAMES } from '../../../domain/events'
import { OBLIGATION_NAMES } from '../../catalog'
import { ofType } from '../../engine/events'
import { OBLIGATION_DEFS } from '../../obligations'
import { type Check, draft } from '../support'

/**
 * Policy (Art. 39): a reclassification within the cycle that, had it come earlier, would have
 * exempted a step whose moment had already passed. The step stays judged on the flags in force
 * at its moment; this warning says the classification was weakened afterwards.
 */
export const classificationWeakenedLate: Check = (c) => {
  const { ctx, cycle, obligations } = c
  const pool = cycle.beforeMoment
  return ofType(cycle.events, 'DecisionReclassified').flatMap((r) => {
    const before = ctx.flagsBefore(r)
    const after = ctx.flagsBefore({ order: r.order + 0.5 })
    const weakened = OBLIGATION_NAMES.filter((name) => {
      const def = OBLIGATION_DEFS[name]
      const moment = obligations[name].moment
      if (!def.exemptBy || !moment || moment.order >= r.order) return false
      return (
        def.exemptBy(ctx.flagsBefore(moment), ctx, pool) === undefined &&
        def.exemptBy(before, ctx, pool) === undefined &&
        def.exemptBy(after, ctx, pool) !== undefined
      )
    })
    if (!weakened.length) return []
    const flags = FLAG_NAMES.filter((f) => before[f] !== after[f]).map((f) => ({
      flag: f,
      from: before[f],
      to: after[f],
    }))
    const moments = weakened.map((n) => obligations[n].moment)
    return [
      draft(c, 'classification-weakened-late', {
        anchor: r,
        events: [...moments, r],
        detail: { flags, obligations: weakened, reason: r.data.reason },
      }),
    ]
  })
}
