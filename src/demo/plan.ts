// Turns the demo data into one ordered list of HTTP steps, without doing any I/O, so that the
// order (and everything the seeder sends) can be tested without a server.
//
// Order: the directory as it stood on DIRECTORY_AT first; then every later personnel change and
// every decision step of every decision, merged into one timeline by the simulated server clock
// (`recordedAt`). So the global feed reads like real history, the server clock never goes
// backwards, and a person's post exists before the first step they record in it.
import { createHash } from 'node:crypto'
import type { EvidenceDoc } from '../domain/envelope'
import { DEFAULT_RECORDING_LAG_MS, type DemoDecision, type DemoDirectory } from './types'

/** When the directory is entered: before the first decision (2024-06-17). */
export const DIRECTORY_AT = '2024-05-06T09:00:00+08:00'

/** The SHA-256 the demo gives a document: stable across runs, so hashes and proofs are too. */
export const demoSha256 = (name: string): string => createHash('sha256').update(`demo:${name}`).digest('hex')

/** A plausible PDF size (60 KB – 2.5 MB), derived from the hash so that it is deterministic. */
export const demoSize = (sha256: string): number => 60_000 + (Number.parseInt(sha256.slice(0, 8), 16) % 2_400_000)

export type PlannedStep =
  | { kind: 'organization'; at: string; body: { id: string; name: string; kind: string; parentId?: string } }
  | { kind: 'person'; at: string; body: { id: string; name: string } }
  | {
      kind: 'position'
      at: string
      /** Index in `directory.positions`, so a later `position-end` can find the server's id. */
      position: number
      personId: string
      body: { orgId: string; title: string; capacity: string; from: string }
    }
  | { kind: 'position-end'; at: string; position: number; body: { to: string; reason: string } }
  | {
      kind: 'initiate'
      at: string
      decision: string
      as: string
      body: { occurredAt: string; data: unknown; evidence: EvidenceDoc[] }
    }
  | {
      kind: 'event'
      at: string
      decision: string
      /** 1-based position in the decision's `events`, for error messages. */
      index: number
      as: string
      /** Local id that later steps reference as `'@id'`. */
      id?: string
      expectStatus?: number
      /** `data` may still hold `'@id'` strings; the seeder resolves them when it sends. */
      body: { type: string; occurredAt: string; data: unknown; evidence: EvidenceDoc[] }
    }
  | {
      kind: 'feedback'
      at: string
      decision: string
      index: number
      expectStatus?: number
      body: { channel: string; summary: string }
    }

/** `{ doc }` → DocRef everywhere in `value`, collecting each document once into `evidence`. */
export function withDocRefs(value: unknown, evidence: EvidenceDoc[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withDocRefs(v, evidence))
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value)
  const only = entries[0]
  if (entries.length === 1 && only !== undefined && only[0] === 'doc' && typeof only[1] === 'string') {
    const name = only[1]
    const sha256 = demoSha256(name)
    if (!evidence.some((e) => e.sha256 === sha256)) {
      evidence.push({ name, sha256, mediaType: 'application/pdf', size: demoSize(sha256) })
    }
    return { name, sha256 }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, withDocRefs(v, evidence)]))
}

/** The server clock for a step: explicit, or the occurrence plus the ordinary recording lag. */
export function recordedAtOf(step: { occurredAt: string; recordedAt?: string }): string {
  const ms =
    step.recordedAt !== undefined ? Date.parse(step.recordedAt) : Date.parse(step.occurredAt) + DEFAULT_RECORDING_LAG_MS
  return new Date(ms).toISOString()
}

/** The whole seeding run, in the order it must be sent. */
export function planDemo(directory: DemoDirectory, decisions: readonly DemoDecision[]): PlannedStep[] {
  const base = Date.parse(DIRECTORY_AT)
  const baseAt = new Date(base).toISOString()
  const first: PlannedStep[] = [
    ...directory.organizations.map((o): PlannedStep => ({ kind: 'organization', at: baseAt, body: { ...o } })),
    ...directory.people.map((p): PlannedStep => ({ kind: 'person', at: baseAt, body: { ...p } })),
  ]
  const timeline: PlannedStep[] = []
  directory.positions.forEach((p, position) => {
    const body = { orgId: p.orgId, title: p.title, capacity: p.capacity, from: p.from }
    // A post that began after the directory was entered is entered on its first morning.
    const assignedAt = Math.max(base, Date.parse(`${p.from}T08:30:00+08:00`))
    const step: PlannedStep = {
      kind: 'position',
      at: new Date(assignedAt).toISOString(),
      position,
      personId: p.personId,
      body,
    }
    ;(assignedAt === base ? first : timeline).push(step)
    if (p.to !== undefined) {
      const endedAt = Math.max(assignedAt + 1, Date.parse(`${p.to}T18:00:00+08:00`))
      timeline.push({
        kind: 'position-end',
        at: new Date(endedAt).toISOString(),
        position,
        body: { to: p.to, reason: p.endReason },
      })
    }
  })
  for (const d of decisions) {
    const evidence: EvidenceDoc[] = []
    const data = withDocRefs(d.decision.data, evidence)
    timeline.push({
      kind: 'initiate',
      at: recordedAtOf(d.decision),
      decision: d.key,
      as: d.decision.as,
      body: { occurredAt: d.decision.occurredAt, data, evidence },
    })
    d.events.forEach((e, i) => {
      const at = recordedAtOf(e)
      if (e.type === 'PublicFeedbackReceived') {
        const step: PlannedStep = { kind: 'feedback', at, decision: d.key, index: i + 1, body: { ...e.data } }
        if (e.expectStatus !== undefined) step.expectStatus = e.expectStatus
        timeline.push(step)
        return
      }
      const ev: EvidenceDoc[] = []
      const step: PlannedStep = {
        kind: 'event',
        at,
        decision: d.key,
        index: i + 1,
        as: e.as,
        body: { type: e.type, occurredAt: e.occurredAt, data: withDocRefs(e.data, ev), evidence: ev },
      }
      if (e.id !== undefined) step.id = e.id
      if (e.expectStatus !== undefined) step.expectStatus = e.expectStatus
      timeline.push(step)
    })
  }
  // A stable sort: steps at the same instant keep their written order.
  const ordered = timeline
    .map((step, seq) => ({ step, seq, ms: Date.parse(step.at) }))
    .sort((a, b) => a.ms - b.ms || a.seq - b.seq)
    .map((x) => x.step)
  return [...first, ...ordered]
}
