// Backtracking (责任倒查, Art. 38(2)): from a SeriousErrorDetermined (serious error or undue
// delay), the chain of steps before it, who did each, and which findings were already known at
// each moment. Pure: the caller supplies a report function evaluated "as known at" a time.
import type { StoredEvent } from '../domain/envelope'
import type { ComplianceReport, DirectoryView } from '../rules'
import { isOversight, prepareEvents } from '../rules/engine/events'
import { dateOf } from './trail'

export interface BacktrackStep {
  eventId: string
  version: number
  type: string
  occurredAt: string
  recordedAt: string
  recordedBy: { personId: string; name: string | undefined; orgId: string; orgName: string | undefined; role: string }
  /** Positions the recorder held in the recording organization on the step's date. */
  recorderPositions: string[]
  /** Open findings known when this step was recorded (knownAt = its recordedAt). */
  knownFindings: Array<{ id: string; code: string; severity: string; article: string }>
  /** Findings that became known with this step. */
  newFindings: string[]
}

export interface Backtrack {
  decisionId: string
  determination: {
    eventId: string
    kind: string
    loss: string
    occurredAt: string
    recordedAt: string
    /** The EventCorrected whose payload was read, when the determination was corrected. */
    correctedBy?: string
  }
  steps: BacktrackStep[]
}

export function backtrack(
  decisionId: string,
  events: readonly StoredEvent[],
  determinationId: string,
  directory: DirectoryView,
  reportKnownAt: (knownAt: string) => ComplianceReport,
  /** The time the record is read at: the determination is read with its latest correction by then. */
  now: string,
): Backtrack | undefined {
  const det = events.find((e) => e.eventId === determinationId && e.type === 'SeriousErrorDetermined')
  if (!det) return undefined
  const prepared = prepareEvents(decisionId, events, now, now)
  const read = prepared.events.find((e) => e.eventId === det.eventId)
  const data = read?.type === 'SeriousErrorDetermined' ? read.data : det.data
  const correctedBy = prepared.corrections.find((c) => c.eventId === det.eventId && c.applied)?.correctedBy
  // The steps recorded before the determination, in the order the record grew. Inspection and
  // accountability events (and corrections of them) are recorded about the decision, not steps of
  // it: they are no step, but the findings they made known count as known from them on (not as
  // new at the next step).
  const before = events.filter((e) => e.version < det.version)
  const oversight = new Set(prepared.documents.filter(isOversight).map((d) => d.eventId))
  let previous = new Set<string>()
  const steps = before.flatMap((e): BacktrackStep[] => {
    const report = reportKnownAt(e.recordedAt)
    const open = report.findings.filter((f) => f.status === 'open')
    const ids = new Set(open.map((f) => f.id))
    const newFindings = [...ids].filter((id) => !previous.has(id))
    previous = ids
    if (oversight.has(e.eventId)) return []
    const step: BacktrackStep = {
      eventId: e.eventId,
      version: e.version,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      recordedBy: {
        personId: e.actor.personId,
        name: directory.personName(e.actor.personId),
        orgId: e.actor.orgId,
        orgName: directory.orgName(e.actor.orgId),
        role: e.actor.role,
      },
      recorderPositions: directory
        .positionsAt(e.actor.orgId, dateOf(e.occurredAt))
        .filter((p) => p.personId === e.actor.personId)
        .map((p) => p.title),
      knownFindings: open.map((f) => ({ id: f.id, code: f.code, severity: f.severity, article: f.article })),
      newFindings,
    }
    return [step]
  })
  return {
    decisionId,
    determination: {
      eventId: det.eventId,
      kind: String(data.kind),
      loss: String(data.loss),
      occurredAt: det.occurredAt,
      recordedAt: det.recordedAt,
      ...(correctedBy ? { correctedBy } : {}),
    },
    steps,
  }
}
