// Backtracking (责任倒查, Art. 38(2)): from a SeriousErrorDetermined (serious error or undue
// delay), the chain of steps before it, who did each, and which findings were already known at
// each moment. Pure: the caller supplies a report function evaluated "as known at" a time.
import type { StoredEvent } from '../domain/envelope'
import type { ComplianceReport, DirectoryView } from '../rules'
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
  determination: { eventId: string; kind: string; loss: string; occurredAt: string; recordedAt: string }
  steps: BacktrackStep[]
}

export function backtrack(
  decisionId: string,
  events: readonly StoredEvent[],
  determinationId: string,
  directory: DirectoryView,
  reportKnownAt: (knownAt: string) => ComplianceReport,
): Backtrack | undefined {
  const det = events.find((e) => e.eventId === determinationId && e.type === 'SeriousErrorDetermined')
  if (!det) return undefined
  // The steps recorded before the determination, in the order the record grew.
  const before = events.filter((e) => e.version < det.version)
  let previous = new Set<string>()
  const steps = before.map((e): BacktrackStep => {
    const report = reportKnownAt(e.recordedAt)
    const open = report.findings.filter((f) => f.status === 'open')
    const ids = new Set(open.map((f) => f.id))
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
      newFindings: [...ids].filter((id) => !previous.has(id)),
    }
    previous = ids
    return step
  })
  return {
    decisionId,
    determination: {
      eventId: det.eventId,
      kind: String(det.data.kind),
      loss: String(det.data.loss),
      occurredAt: det.occurredAt,
      recordedAt: det.recordedAt,
    },
    steps,
  }
}
