// Who answers for a finding (rules.md §4 "responsible", §5), resolved through the directory as of
// the date of the finding's anchor event. Heads come first (by position id), then the persons
// who recorded the proving events for the organization concerned, each once.
import { headsAt } from '../directory-view'
import type { Capacity, Responsible } from '../types'
import type { EvalContext } from './context'
import type { AnyEv } from './events'

export interface ResponsibleHint {
  /** Local date the directory is read at. */
  date: string
  /** The proving events: their recorders from the organization concerned are named. */
  events?: readonly AnyEv[]
  /** The organization concerned when it is not the capacity's default. */
  orgId?: string
  /** A person known to answer (a meeting's head, the head who suspended). */
  headId?: string
  personIds?: readonly string[]
  names?: readonly string[]
}

const unique = (xs: readonly string[]) => [...new Set(xs)]

function recordersFrom(events: readonly AnyEv[] | undefined, orgIds: readonly string[]): string[] {
  return (events ?? []).filter((e) => orgIds.includes(e.actor.orgId)).map((e) => e.actor.personId)
}

export function resolveResponsible(ctx: EvalContext, capacity: Capacity, hint: ResponsibleHint): Responsible {
  const { decision, directory } = ctx
  const heads = (org: string) => headsAt(directory, org, hint.date)
  const out = (orgId: string | null, personIds: readonly string[]): Responsible => {
    const r: Responsible = { capacity, orgId, personIds: unique([...personIds, ...(hint.personIds ?? [])]) }
    if (hint.names?.length) r.names = unique(hint.names)
    return r
  }
  switch (capacity) {
    case 'undertaking_unit': {
      const org = hint.orgId ?? decision.undertakingUnitId
      return out(org, [...heads(org), ...recordersFrom(hint.events, [org, ...decision.coUnitIds])])
    }
    case 'organ_head':
      return out(decision.organId, hint.headId !== undefined ? [hint.headId] : heads(decision.organId))
    case 'organ_office': {
      const recorders = recordersFrom(hint.events, [decision.organId])
      // With no proving event of the office, the office that initiated the decision answers.
      const fallback = recordersFrom([decision.initiated], [decision.organId])
      return out(decision.organId, recorders.length ? recorders : fallback)
    }
    case 'legality_review_body':
    case 'assessor': {
      const org = hint.orgId ?? null
      return out(org, org === null ? [] : [...heads(org), ...recordersFrom(hint.events, [org])])
    }
    case 'expert':
      return out(hint.orgId ?? null, [])
    case 'recorder_organization': {
      const e = hint.events?.[0]
      const org = hint.orgId ?? e?.actor.orgId ?? null
      return out(org, [...(e ? [e.actor.personId] : []), ...(org === null ? [] : heads(org))])
    }
  }
}
