// Drafts become findings: deterministic ids, catalogue titles and articles; then inspectors'
// own findings join, and annotations and resolutions attach (rules.md §4 end).
import { findingSpec, isFindingCode } from '../catalog'
import type { FindingDraft } from '../checks/support'
import type { Capacity, Finding, RulebookRef } from '../types'
import type { EvalContext } from './context'
import { type AnyEv, ids, ofType } from './events'
import { type ResponsibleHint, resolveResponsible } from './responsible'

/** Gives each finding `<code>/<cycle>/<anchor|decision>`, with `#2`, `#3` for repeats on one anchor. */
export class FindingIds {
  private readonly used = new Map<string, number>()
  next(code: string, cycle: number, anchor: string): string {
    const base = `${code}/${cycle}/${anchor}`
    const n = (this.used.get(base) ?? 0) + 1
    this.used.set(base, n)
    return n === 1 ? base : `${base}#${n}`
  }
}

export function materialize(
  drafts: readonly FindingDraft[],
  cycle: number,
  rulebook: RulebookRef,
  findingIds: FindingIds,
): Finding[] {
  return drafts.map((d) => {
    const spec = findingSpec(d.code)
    return {
      id: findingIds.next(d.code, cycle, d.anchor?.eventId ?? 'decision'),
      code: d.code,
      source: 'computed',
      severity: d.severity ?? spec.severity,
      title: spec.title,
      article: d.article ?? spec.article,
      rulebook,
      eventIds: ids(d.events),
      cycle,
      detail: d.detail,
      responsible: d.responsible,
      status: 'open',
      annotations: [],
    }
  })
}

const by = (e: AnyEv) => ({ personId: e.actor.personId, orgId: e.actor.orgId })

/** Findings recorded by inspectors, each in the cycle of its recording event. */
export function inspectionFindings(
  ctx: EvalContext,
  cycleOf: (e: AnyEv) => number,
  rulebook: RulebookRef,
  taken: ReadonlySet<string>,
): Finding[] {
  const seen = new Set(taken)
  return ofType(ctx.events, 'InspectionFindingRecorded').flatMap((e) => {
    const d = e.data
    if (seen.has(d.findingId)) return []
    seen.add(d.findingId)
    const code = d.code ?? 'inspection'
    const known = isFindingCode(code) ? findingSpec(code) : undefined
    // A code outside the catalogue names no capacity: the decision organ's head answers for what
    // the organ did (Art. 38: 决策机关行政首长 first among those held responsible).
    const capacity: Capacity = known?.responsible ?? 'organ_head'
    const proving = d.eventIds.flatMap((id) => {
      const p = ctx.byId.get(id)
      return p ? [p] : []
    })
    const finding: Finding = {
      id: d.findingId,
      code,
      source: 'inspection',
      severity: d.severity,
      title: { zh: d.title, en: d.title },
      article: known?.article ?? 'inspection',
      rulebook,
      eventIds: [...new Set(d.eventIds)],
      cycle: cycleOf(e),
      detail: { text: d.detail },
      responsible: resolveResponsible(ctx, capacity, inspectedHint(ctx, capacity, e, proving)),
      status: 'open',
      annotations: [],
      recordedIn: e.eventId,
    }
    return [finding]
  })
}

/**
 * Who answers for an inspector's finding with a catalogue code, resolved as a computed one would
 * be (rules.md §4: "through the directory as of the event's date"): on the date of the first event
 * it points at (the inspection's own date when it points at none), with the review body, assessor
 * or head those events name.
 */
function inspectedHint(ctx: EvalContext, capacity: Capacity, inspection: AnyEv, proving: readonly AnyEv[]) {
  const first = proving.reduce<AnyEv | undefined>((a, p) => (a === undefined || p.order < a.order ? p : a), undefined)
  const hint: ResponsibleHint = { date: ctx.date((first ?? inspection).occurredAt), events: proving }
  for (const p of proving) {
    if (capacity === 'legality_review_body') {
      if (p.type === 'LegalityReviewRequested') hint.orgId ??= p.data.reviewBodyId
      else if (p.type === 'LegalityReviewOpinionIssued' || p.type === 'LegalityReviewReturned')
        hint.orgId ??= p.actor.orgId
    } else if (capacity === 'assessor' && p.type === 'RiskAssessmentCompleted') hint.orgId ??= p.data.assessorOrgId
    else if (capacity === 'organ_head') {
      if (p.type === 'CollectiveDiscussionHeld') hint.headId ??= p.data.headId
      else if (p.type === 'DecisionSuspended') hint.headId ??= p.data.byHead
    }
  }
  return hint
}

/**
 * Annotations attach to any finding by id. Resolutions apply to inspection findings only:
 * computed findings restate facts, which a resolution cannot change.
 */
export function attachNotes(ctx: EvalContext, findings: readonly Finding[]): void {
  const index = new Map(findings.map((f) => [f.id, f]))
  for (const e of ofType(ctx.events, 'FindingAnnotated')) {
    index
      .get(e.data.findingId)
      ?.annotations.push({ eventId: e.eventId, note: e.data.note, at: e.occurredAt, by: by(e) })
  }
  for (const e of ofType(ctx.events, 'FindingResolved')) {
    const f = index.get(e.data.findingId)
    if (f?.source !== 'inspection') continue
    f.status = 'resolved'
    f.resolution = { eventId: e.eventId, resolution: e.data.resolution, at: e.occurredAt, by: by(e) }
  }
}
