// A person's lifetime trail (终身责任追究): every position they held and every decision they took
// part in, with capacity, stance and the findings attributed to them. Pure over per-decision trails.
import type { DecisionTrail, TrailPerson } from './trail'

export interface PersonTrailEntry {
  decisionId: string
  title: string
  organId: string
  capacities: TrailPerson['capacities']
  stance?: TrailPerson['stance']
  liability?: TrailPerson['liability']
  liabilityDeterminations: TrailPerson['liabilityDeterminations']
  findings: string[]
  positions: TrailPerson['positions']
  steps: number
  firstStep: string | undefined
  lastStep: string | undefined
}

export interface PersonTrail {
  personId: string
  name: string | undefined
  positions: Array<{
    positionId: string
    orgId: string
    orgName: string | undefined
    title: string
    capacity: string
    from: string
    to: string | null
    endReason: string | null
  }>
  decisions: PersonTrailEntry[]
}

export function personEntries(
  personId: string,
  trails: ReadonlyArray<{ trail: DecisionTrail; title: string; organId: string }>,
): PersonTrailEntry[] {
  const out: PersonTrailEntry[] = []
  for (const { trail, title, organId } of trails) {
    const p = trail.people.find((x) => x.personId === personId)
    if (!p) continue
    const dates = p.involvements.map((i) => i.date).sort()
    const entry: PersonTrailEntry = {
      decisionId: trail.decisionId,
      title,
      organId,
      capacities: p.capacities,
      liabilityDeterminations: p.liabilityDeterminations,
      findings: p.findings,
      positions: p.positions,
      steps: new Set(p.involvements.map((i) => i.eventId)).size,
      firstStep: dates[0],
      lastStep: dates[dates.length - 1],
    }
    if (p.stance) entry.stance = p.stance
    if (p.liability) entry.liability = p.liability
    out.push(entry)
  }
  return out.sort(
    (a, b) => (a.firstStep ?? '').localeCompare(b.firstStep ?? '') || a.decisionId.localeCompare(b.decisionId),
  )
}
