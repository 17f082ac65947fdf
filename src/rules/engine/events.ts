// From the raw stream to the events the rules read (rules.md §2, README principles 2 and 3):
// keep what was known at `knownAt` and had happened by `asOf`, apply corrections (the latest
// wins), read each payload with its schema, and order by occurredAt (ties by version).

import type { Actor, EvidenceDoc, StoredEvent } from '../../domain/envelope'
import { type DecisionEventType, decisionEventSchemas, type EventData, isDecisionEventType } from '../../domain/events'
import { instantMs } from '../time'
import type { CorrectionNote, SkippedEvent } from '../types'

export interface Ev<T extends DecisionEventType = DecisionEventType> {
  eventId: string
  version: number
  type: T
  occurredAt: string
  recordedAt: string
  /** Epoch ms of occurredAt. */
  ms: number
  /** Position in the evaluation order (occurredAt, then version); `a.order < b.order` means a came first. */
  order: number
  actor: Actor
  evidence: EvidenceDoc[]
  data: EventData<T>
}

/** Any readable event, narrowed by `type`. */
export type AnyEv = { [T in DecisionEventType]: Ev<T> }[DecisionEventType]

/** The documents of one visible event, corrections included (they carry documents too). */
export interface EvidenceEntry {
  eventId: string
  type: string
  /**
   * The type the event is about: its own; for a correction, the type of the event it corrects (an
   * inspector correcting her finding records oversight, not a step); `EventCorrected` when that
   * event is not visible.
   */
  about: string
  ms: number
  version: number
  evidence: EvidenceDoc[]
}

/** The correction the initiation was read with, and the flags it was first recorded with. */
export interface InitiationCorrection {
  eventId: string
  ms: number
  version: number
  reason: unknown
  originalFlags: unknown
}

export interface PreparedEvents {
  events: AnyEv[]
  documents: EvidenceEntry[]
  corrections: CorrectionNote[]
  skipped: SkippedEvent[]
  initiationCorrection?: InitiationCorrection
}

const byVersion = (a: StoredEvent, b: StoredEvent) =>
  a.version - b.version || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)

function readPayload(
  type: DecisionEventType,
  data: unknown,
): { ok: true; data: unknown } | { ok: false; reason: string } {
  const parsed = decisionEventSchemas[type].safeParse(data)
  if (parsed.success) return { ok: true, data: parsed.data }
  const issue = parsed.error.issues[0]
  return {
    ok: false,
    reason: `payload unreadable as ${type}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`,
  }
}

/** Whether `input` is already in byVersion order (the store reads streams that way). */
function inVersionOrder(input: readonly StoredEvent[]): boolean {
  for (let i = 1; i < input.length; i++)
    if (byVersion(input[i - 1] as StoredEvent, input[i] as StoredEvent) > 0) return false
  return true
}

/** Occurred before (ms, then version): the evaluation order. Stable sorts keep ties as they came. */
const byTime = (a: { ms: number; version: number }, b: { ms: number; version: number }) =>
  a.ms - b.ms || a.version - b.version

export function prepareEvents(
  decisionId: string,
  input: readonly StoredEvent[],
  asOf: string,
  knownAt: string,
): PreparedEvents {
  const knownMs = instantMs(knownAt) ?? Number.POSITIVE_INFINITY
  const asOfMs = instantMs(asOf) ?? Number.POSITIVE_INFINITY
  const seen = new Set<string>()
  const skipped: SkippedEvent[] = []
  const latestCorrection = new Map<string, StoredEvent>()
  const visible: StoredEvent[] = []
  const visibleMs: number[] = []
  for (const e of inVersionOrder(input) ? input : [...input].sort(byVersion)) {
    if (e.decisionId !== decisionId || seen.has(e.eventId)) continue
    seen.add(e.eventId)
    const recorded = instantMs(e.recordedAt)
    const ms = instantMs(e.occurredAt)
    if (recorded === undefined || ms === undefined) {
      skipped.push({ eventId: e.eventId, reason: 'occurredAt or recordedAt unreadable' })
      continue
    }
    if (recorded > knownMs) continue
    // The latest correction (by version) known at knownAt replaces its target's payload, whenever
    // the correction itself was made: it says what the facts were, and asOf is about which facts
    // had happened by then (a report "as of" a past day reads that day's facts as now known).
    if (e.type === 'EventCorrected') {
      const target = typeof e.data.correctsEventId === 'string' ? e.data.correctsEventId : undefined
      if (target !== undefined) latestCorrection.set(target, e)
    }
    if (ms > asOfMs) continue
    visible.push(e)
    visibleMs.push(ms)
  }

  const corrections: CorrectionNote[] = []
  let initiationCorrection: InitiationCorrection | undefined
  const readable: AnyEv[] = []
  const documents: EvidenceEntry[] = []
  const typeOf = new Map<string, string>()
  for (let i = 0; i < visible.length; i++) {
    const e = visible[i] as StoredEvent
    const ms = visibleMs[i] as number
    // Versions ascend, so a correction comes after the event it corrects.
    typeOf.set(e.eventId, e.type)
    const about = e.type === 'EventCorrected' ? (typeOf.get(String(e.data.correctsEventId)) ?? e.type) : e.type
    documents.push({ eventId: e.eventId, type: e.type, about, ms, version: e.version, evidence: e.evidence })
    if (e.type === 'EventCorrected') continue
    const type = e.type
    if (!isDecisionEventType(type)) {
      skipped.push({ eventId: e.eventId, reason: `unknown event type ${type}` })
      continue
    }
    const correction = latestCorrection.get(e.eventId)
    let read: ReturnType<typeof readPayload> | undefined
    if (correction) {
      const corrected = readPayload(type, correction.data.data)
      corrections.push({ eventId: e.eventId, correctedBy: correction.eventId, applied: corrected.ok })
      // A payload that passed its schema is read as it is (parsing it again would give the same).
      if (corrected.ok) read = corrected
      const correctedMs = instantMs(correction.occurredAt)
      if (corrected.ok && type === 'DecisionInitiated' && correctedMs !== undefined)
        initiationCorrection = {
          eventId: correction.eventId,
          ms: correctedMs,
          version: correction.version,
          reason: correction.data.reason,
          originalFlags: e.data.flags,
        }
    }
    read ??= readPayload(type, e.data)
    if (!read.ok) {
      skipped.push({ eventId: e.eventId, reason: read.reason })
      continue
    }
    readable.push({
      eventId: e.eventId,
      version: e.version,
      type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      ms,
      actor: e.actor,
      evidence: e.evidence,
      data: read.data as EventData<typeof type>,
      order: 0,
    } as AnyEv)
  }
  readable.sort(byTime)
  for (let order = 0; order < readable.length; order++) (readable[order] as AnyEv).order = order
  documents.sort(byTime)
  const prepared: PreparedEvents = { events: readable, documents, corrections, skipped }
  if (initiationCorrection) prepared.initiationCorrection = initiationCorrection
  return prepared
}

/** Inspection and accountability events: recorded about a decision, not steps of its procedure. */
export const OVERSIGHT_TYPES: readonly DecisionEventType[] = [
  'InspectionFindingRecorded',
  'FindingAnnotated',
  'FindingResolved',
  'SeriousErrorDetermined',
  'LiabilityDetermined',
]

/** Whether an entry's event is oversight: one of OVERSIGHT_TYPES, or a correction of one. */
export const isOversight = (entry: Pick<EvidenceEntry, 'about'>): boolean =>
  (OVERSIGHT_TYPES as readonly string[]).includes(entry.about)

/** Narrow a list of events to one type, keeping the payload typed. */
export function ofType<T extends DecisionEventType>(events: readonly AnyEv[], type: T): Ev<T>[] {
  return events.filter((e): e is Extract<AnyEv, { type: T }> => e.type === type) as unknown as Ev<T>[]
}

export const isType = <T extends DecisionEventType>(e: AnyEv, type: T): e is Extract<AnyEv, { type: T }> =>
  e.type === type

/** Event ids in evaluation order, each once. */
export const ids = (events: ReadonlyArray<{ eventId: string; order: number } | undefined>): string[] => {
  const present = events.filter((e): e is { eventId: string; order: number } => e !== undefined)
  return [...new Set([...present].sort((a, b) => a.order - b.order).map((e) => e.eventId))]
}
