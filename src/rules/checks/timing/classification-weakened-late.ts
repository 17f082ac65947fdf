import type { Flags } from '../../../domain/decision-state'
import { FLAG_NAMES } from '../../../domain/events'
import { OBLIGATION_NAMES, type ObligationName } from '../../catalog'
import type { Cycle } from '../../engine/context'
import { type AnyEv, ofType } from '../../engine/events'
import { OBLIGATION_DEFS, type ObligationMap } from '../../obligations'
import type { StreamPoint } from '../../obligations/types'
import { publicationsOf } from '../publication/published'
import { type Check, type CheckContext, draft, type FindingDraft } from '../support'

interface Weakening {
  /** Flags under which the step must have been mandatory (at its moment, and until the weakening). */
  before(moment: StreamPoint): Flags[]
  /** The flags under which it no longer is. */
  after(moment: StreamPoint): Flags
  /** Whether the weakening came after the moment. */
  laterThan(moment: StreamPoint): boolean
}

/**
 * Policy (Art. 39): a flag that made a step mandatory turned off after the step's moment had
 * passed — by a reclassification, or by a correction of the initiation's flags (which rewrites
 * them from the start, so the step is no longer judged mandatory at all). The steps compared are
 * those of the weakening's own cycle and of every cycle before it (a flag turned off after a major
 * adjustment still turns off what made cycle 1's steps mandatory). A reclassified step stays
 * judged on the flags in force at its moment; this warning says the classification was weakened
 * afterwards. One warning per weakening, in its own cycle.
 *
 * Besides the §3 obligations, the one step a flag makes mandatory inside another is compared too:
 * the explanation of how opinions were adopted that a first publication under
 * `vitalInterestOrMajorDisagreement` or `professionalTechnical` must carry (Art. 32; domain.md §1.1).
 */
export const classificationWeakenedLate: Check = (c) => {
  const { ctx, cycle } = c
  const byReclassification = ofType(cycle.events, 'DecisionReclassified').flatMap((r) => {
    const after = ctx.flagsBefore({ order: r.order + 0.5 })
    const w: Weakening = {
      before: (m) => [ctx.flagsBefore(m), ctx.flagsBefore(r)],
      after: () => after,
      // At or after the point: a point is "before the event of its order", which may be r itself.
      laterThan: (m) => m.order <= r.order,
    }
    return warning(c, w, ctx.flagsBefore(r), after, { anchor: r, events: [r], reason: r.data.reason })
  })
  return [...byReclassification, ...byInitiationCorrection(c)]
}

function byInitiationCorrection(c: CheckContext): FindingDraft[] {
  const { ctx, cycle } = c
  const corr = ctx.initiationCorrection
  if (!corr) return []
  const later = (m: { ms: number; version: number }) =>
    corr.ms > m.ms || (corr.ms === m.ms && corr.version >= m.version)
  // The correction's cycle: the last one started before it.
  const own = ctx.cycles.filter((k) => k.cycle === 1 || (k.startedBy && later(k.startedBy))).at(-1)
  if (own !== cycle) return []
  const start = { order: -1 }
  const w: Weakening = {
    before: (m) => [corr.originalFlagsBefore(m)],
    after: (m) => ctx.flagsBefore(m),
    laterThan: later,
  }
  const initiated = ctx.decision.initiated
  return warning(c, w, corr.originalFlagsBefore(start), ctx.flagsBefore(start), {
    anchor: initiated,
    events: [initiated],
    reason: corr.reason,
    correctedBy: corr.eventId,
  })
}

function warning(
  c: CheckContext,
  w: Weakening,
  from: Flags,
  to: Flags,
  at: { anchor: AnyEv; events: AnyEv[]; reason: string | undefined; correctedBy?: string },
): FindingDraft[] {
  const { ctx } = c
  const cycles = [...(c.earlier ?? []), { cycle: c.cycle, obligations: c.obligations }]
  const weakenedIn = ({ cycle: k, obligations }: { cycle: Cycle; obligations: ObligationMap }) =>
    OBLIGATION_NAMES.flatMap((name): Array<{ name: ObligationName; moment: AnyEv }> => {
      const def = OBLIGATION_DEFS[name]
      const { moment, flagsAt = moment } = obligations[name]
      if (!def.exemptBy || !moment || !flagsAt || !w.laterThan(flagsAt)) return []
      const pool = k.beforeMoment
      const weakened =
        w.before(flagsAt).every((f) => def.exemptBy?.(f, ctx, pool) === undefined) &&
        def.exemptBy(w.after(flagsAt), ctx, pool) !== undefined
      return weakened ? [{ name, moment }] : []
    })
  // Art. 32's explanation: its moment is the cycle's first publication.
  const explanationWeakenedIn = ({ cycle: k }: { cycle: Cycle }): AnyEv[] => {
    const first = publicationsOf(k)[0]
    if (!first || !w.laterThan(first)) return []
    return w.before(first).every(callsForExplanation) && !callsForExplanation(w.after(first)) ? [first] : []
  }
  const weakened = cycles.flatMap(weakenedIn)
  const explanation = cycles.flatMap(explanationWeakenedIn)
  if (!weakened.length && !explanation.length) return []
  const flags = FLAG_NAMES.filter((f) => from[f] !== to[f]).map((f) => ({ flag: f, from: from[f], to: to[f] }))
  return [
    draft(c, 'classification-weakened-late', {
      anchor: at.anchor,
      events: [...weakened.map((x) => x.moment), ...explanation, ...at.events],
      detail: {
        flags,
        obligations: [...new Set(weakened.map((x) => x.name))],
        adoptionExplanation: explanation.length > 0,
        reason: at.reason ?? null,
        ...(at.correctedBy ? { correctedBy: at.correctedBy } : {}),
      },
    }),
  ]
}

const callsForExplanation = (f: Flags) => f.vitalInterestOrMajorDisagreement || f.professionalTechnical
