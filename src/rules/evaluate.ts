// The compliance engine's entry point (rules.md, api.md compliance response). Pure: the same
// events, rulebook version, directory, asOf and knownAt always give the same report, byte for byte.
import type { StoredEvent } from '../domain/envelope'
import { createCalendar } from './calendar'
import { FINDING_CODES, OBLIGATION_NAMES } from './catalog'
import { CHECKS, type CheckContext } from './checks'
import type { DirectoryView } from './directory-view'
import { buildContext, type Cycle } from './engine/context'
import { type AnyEv, ofType, prepareEvents } from './engine/events'
import { attachNotes, FindingIds, inspectionFindings, materialize } from './engine/findings'
import { evaluateObligations, type ObligationMap } from './obligations'
import type { ResolvedRulebook } from './rulebook/schema'
import { withTimeMemo } from './time'
import type { ComplianceReport, ComplianceStatus, CycleReport, RulebookRef } from './types'

export interface EvaluateInput {
  decisionId: string
  /** The whole stream in version order, including events recorded after knownAt. */
  events: readonly StoredEvent[]
  rulebook: ResolvedRulebook
  directory: DirectoryView
  /** When deadlines are judged (RFC 3339); events that occurred later have not happened yet. */
  asOf: string
  /** Only events recorded by then are known (RFC 3339). */
  knownAt: string
}

const COUNTS_AGAINST = new Set(['blocking', 'major', 'minor'])

export function statusOf(cycles: readonly CycleReport[]): ComplianceStatus {
  const findings = cycles.flatMap((c) => c.findings)
  if (findings.some((f) => f.status === 'open' && COUNTS_AGAINST.has(f.severity))) return 'noncompliant'
  if (cycles.some((c) => c.obligations.some((o) => o.state === 'pending'))) return 'in_progress'
  return 'compliant'
}

function runChecks(c: CheckContext, enabled: ReadonlySet<string>, errors: string[]) {
  return FINDING_CODES.filter((code) => enabled.has(code)).flatMap((code) => {
    try {
      return CHECKS[code](c)
    } catch (err) {
      // A check must never take the whole report down; the report says which check failed.
      errors.push(`${code} (cycle ${c.cycle.cycle}): ${err instanceof Error ? err.message : String(err)}`)
      return []
    }
  })
}

/** The report of one decision; instants and dates parsed once each for the whole evaluation. */
export function evaluate(input: EvaluateInput): ComplianceReport {
  return withTimeMemo(() => evaluateWithin(input))
}

function evaluateWithin(input: EvaluateInput): ComplianceReport {
  const { rulebook } = input
  const ref: RulebookRef = { id: rulebook.id, version: rulebook.version }
  const cal = createCalendar(rulebook.parameters.timeZone)
  const prepared = prepareEvents(input.decisionId, input.events, input.asOf, input.knownAt)
  const head = (status: ComplianceStatus) => ({
    decisionId: input.decisionId,
    status,
    rulebook: ref,
    asOf: input.asOf,
    knownAt: input.knownAt,
  })
  const initiated = ofType(prepared.events, 'DecisionInitiated')[0]
  if (!initiated) {
    // Nothing known yet (or not yet initiated at asOf): no obligations can be stated.
    return {
      ...head('in_progress'),
      calendar: cal.note(),
      cycles: [],
      findings: [],
      corrections: prepared.corrections,
      skipped: prepared.skipped,
    }
  }
  const ctx = buildContext({
    ...input,
    events: prepared.events,
    documents: prepared.documents,
    initiated,
    initiationCorrection: prepared.initiationCorrection,
    cal,
  })
  const enabled = new Set<string>(rulebook.checks)
  const findingIds = new FindingIds()
  const checkErrors: string[] = []
  const cycleOf = (e: AnyEv) => ctx.cycles.find((c: Cycle) => c.events.includes(e))?.cycle ?? 1

  const evaluated: Array<{ cycle: Cycle; obligations: ObligationMap }> = []
  const perCycle = ctx.cycles.map((cycle) => {
    const obligations = evaluateObligations(ctx, cycle)
    const drafts = runChecks({ ctx, cycle, obligations, earlier: [...evaluated] }, enabled, checkErrors)
    evaluated.push({ cycle, obligations })
    return { cycle, obligations, findings: materialize(drafts, cycle.cycle, ref, findingIds) }
  })
  const computed = perCycle.flatMap((p) => p.findings)
  const inspected = inspectionFindings(ctx, cycleOf, ref, new Set(computed.map((f) => f.id)))
  attachNotes(ctx, [...computed, ...inspected])

  const cycles: CycleReport[] = perCycle.map(({ cycle, obligations, findings }) => ({
    cycle: cycle.cycle,
    ...(cycle.startedBy ? { startedBy: cycle.startedBy.eventId } : {}),
    obligations: OBLIGATION_NAMES.map((n) => obligations[n].result),
    findings: [...findings, ...inspected.filter((f) => f.cycle === cycle.cycle)],
  }))
  return {
    ...head(statusOf(cycles)),
    calendar: cal.note(),
    cycles,
    findings: cycles.flatMap((c) => c.findings),
    corrections: prepared.corrections,
    skipped: [
      ...prepared.skipped,
      ...checkErrors.map((reason) => ({ eventId: '', reason: `check failed: ${reason}` })),
    ],
  }
}

/** Ids of the computed findings of a report: the ids an annotation may target besides inspectors' own. */
export function computedFindingIds(report: ComplianceReport): string[] {
  return report.findings.filter((f) => f.source === 'computed').map((f) => f.id)
}
