// What a check is, and the helpers most checks share.
import { type FindingCode, findingSpec, type ObligationName } from '../catalog'
import type { Cycle, EvalContext } from '../engine/context'
import type { AnyEv } from '../engine/events'
import { type ResponsibleHint, resolveResponsible } from '../engine/responsible'
import type { ObligationMap } from '../obligations'
import type { Detail, Responsible, Severity } from '../types'

export interface CheckContext {
  ctx: EvalContext
  cycle: Cycle
  obligations: ObligationMap
  /** The cycles before this one with their obligations, oldest first (none for cycle 1). */
  earlier?: ReadonlyArray<{ cycle: Cycle; obligations: ObligationMap }>
}

/** A finding before it gets its id, title and article. */
export interface FindingDraft {
  code: FindingCode
  /** The event the finding hangs on (its id is part of the finding id); none → 'decision'. */
  anchor?: AnyEv
  /** The proving events. */
  events: AnyEv[]
  detail: Detail
  responsible: Responsible
  /** Only where rules.md lowers a finding's severity (legality-review-time-too-short). */
  severity?: Severity
  /** Only where the basis names two articles and the defect found rests on the second alone. */
  article?: string
}

export type Check = (c: CheckContext) => FindingDraft[]

export interface DraftInput {
  anchor?: AnyEv | undefined
  events: ReadonlyArray<AnyEv | undefined>
  detail: Detail
  /** Overrides for the responsible lookup; the date defaults to the anchor's. */
  who?: Partial<ResponsibleHint>
  severity?: Severity
  article?: string
  /** The date to read the directory at when there is no anchor. */
  date?: string
}

export function draft(c: CheckContext, code: FindingCode, input: DraftInput): FindingDraft {
  const events = input.events.filter((e): e is AnyEv => e !== undefined)
  const date =
    input.who?.date ?? input.date ?? c.ctx.date(input.anchor?.occurredAt ?? events[0]?.occurredAt ?? c.ctx.asOf)
  const hint: ResponsibleHint = { events, ...input.who, date }
  const d: FindingDraft = {
    code,
    events,
    detail: input.detail,
    responsible: resolveResponsible(c.ctx, findingSpec(code).responsible, hint),
  }
  if (input.anchor) d.anchor = input.anchor
  if (input.severity) d.severity = input.severity
  if (input.article) d.article = input.article
  return d
}

/** Events named by id, in evaluation order. */
function eventsById(c: CheckContext, ids: readonly string[]): AnyEv[] {
  return ids.flatMap((id) => {
    const e = c.ctx.byId.get(id)
    return e ? [e] : []
  })
}

/**
 * The finding of an obligation found missing: anchored on the event at which it fell due, with
 * the late events (if any) among the proof.
 */
export function whenMissing(
  obligation: ObligationName,
  code: FindingCode,
  options: { only?: (c: CheckContext) => boolean; who?: (c: CheckContext) => Partial<ResponsibleHint> } = {},
): Check {
  return (c) => {
    const ob = c.obligations[obligation]
    if (ob.result.state !== 'missing') return []
    if (options.only && !options.only(c)) return []
    const detail: Detail = { obligation, reason: ob.result.reason ?? null, late: ob.late.length > 0 }
    if (ob.result.dueBy !== undefined) detail.dueBy = ob.result.dueBy
    const input: DraftInput = { anchor: ob.moment, events: eventsById(c, ob.result.eventIds), detail }
    const who = options.who?.(c)
    if (who) input.who = who
    if (!ob.moment) input.date = c.ctx.asOfDate
    return [draft(c, code, input)]
  }
}
