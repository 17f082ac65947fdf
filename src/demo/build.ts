// Small helpers that keep the decision files readable. Pure: no I/O, no clock.
import { FLAG_NAMES, type FlagName } from '../domain/events'
import type { DemoData, DemoDoc } from './types'

/** Every demo time is in the jurisdiction's zone (Asia/Shanghai, UTC+8, no DST). */
export const at = (date: string, time = '09:00'): string => `${date}T${time}:00+08:00`

export const doc = (name: string): DemoDoc => ({ doc: name })

const isDemoDoc = (v: unknown): v is DemoDoc =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  typeof (v as { doc?: unknown }).doc === 'string'

/** Every `{ doc }` inside `values`, once each, in order of first appearance. */
export function docsIn(...values: unknown[]): DemoDoc[] {
  const seen = new Map<string, DemoDoc>()
  const walk = (v: unknown): void => {
    if (isDemoDoc(v)) {
      if (!seen.has(v.doc)) seen.set(v.doc, { doc: v.doc })
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk)
  }
  values.forEach(walk)
  return [...seen.values()]
}

type Statement = DemoData<'CollectiveDiscussionHeld'>['statements'][number]
type Stance = Statement['position']

/**
 * A collective discussion whose attendees are exactly the speakers, in speaking order, so the
 * two lists can never disagree. Put the head where he actually spoke: last is the rule
 * (Art. 30(2)); anywhere else is a finding.
 */
export function meeting(m: {
  heldAt: string
  membersTotal: number
  headId: string
  speakers: ReadonlyArray<readonly [personId: string, position: Stance, text: string]>
  outcome: DemoData<'CollectiveDiscussionHeld'>['outcome']
  minutes: DemoDoc
  meetingType?: DemoData<'CollectiveDiscussionHeld'>['meetingType']
  headReasons?: string
}): DemoData<'CollectiveDiscussionHeld'> {
  const statements: Statement[] = m.speakers.map(([personId, position, text], i) => ({
    personId,
    order: i + 1,
    position,
    text,
  }))
  const data: DemoData<'CollectiveDiscussionHeld'> = {
    meetingType: m.meetingType ?? 'executive',
    heldAt: m.heldAt,
    membersTotal: m.membersTotal,
    attendees: statements.map((s) => s.personId),
    headId: m.headId,
    statements,
    outcome: m.outcome,
    minutes: m.minutes,
  }
  if (m.headReasons !== undefined) {
    data.headReasons = m.headReasons
    data.reasonsStatedInMeeting = true
  }
  return data
}

/** The full procedural flags object, so every decision states each classification explicitly. */
export function flags(on: readonly FlagName[]): DemoData<'DecisionInitiated'>['flags'] {
  return Object.fromEntries(FLAG_NAMES.map((f) => [f, on.includes(f)])) as Record<FlagName, boolean>
}
