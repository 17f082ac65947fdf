import { describe, expect, it } from 'vitest'
import { directoryViewFrom, headsAt } from '../../src/rules'
import { orgStanding } from '../../src/rules/directory-view'
import { DIRECTORY, ORG, PER } from './support'

describe('directoryViewFrom', () => {
  it.each([
    ['2025-06-30', [PER.mayor]],
    ['2025-07-01', [PER.newMayor]],
    ['2022-12-31', []],
  ])('the head of the city on %s', (date, heads) => {
    expect(headsAt(DIRECTORY, ORG.city, date)).toEqual(heads)
  })
  it('names people and organizations, and knows parents', () => {
    expect(DIRECTORY.personName(PER.mayor)).toBe('王市长')
    expect(DIRECTORY.orgName(ORG.justice)).toBe('某市司法局')
    expect(DIRECTORY.parentOf?.(ORG.unitLegal)).toBe(ORG.unit)
    expect(DIRECTORY.orgName('org_nowhere')).toBeUndefined()
  })
  it('applies corrections to directory events (latest wins)', () => {
    const view = directoryViewFrom([
      { eventId: 'e1', type: 'PersonRegistered', data: { personId: 'per_a', name: '张三' } },
      {
        eventId: 'e2',
        type: 'EventCorrected',
        data: { correctsEventId: 'e1', reason: '错字', data: { personId: 'per_a', name: '张叁' } },
      },
    ])
    expect(view.personName('per_a')).toBe('张叁')
  })
  it('skips what it cannot read', () => {
    const view = directoryViewFrom([
      { type: 'PositionAssigned', data: { positionId: 'pos_1', personId: 'per_a' } },
      { type: 'PositionEnded', data: null },
    ])
    expect(view.positionsAt('org_x', '2025-01-01')).toEqual([])
  })
})

describe('orgStanding: an organization and a unit', () => {
  const org = (orgId: string, parentId?: string) => ({
    type: 'OrganizationRegistered',
    data: parentId ? { orgId, name: orgId, kind: 'department', parentId } : { orgId, name: orgId, kind: 'department' },
  })
  // A loop a → b → a (a bad directory) and a chain deeper than any directory should be.
  const looped = directoryViewFrom([org('org_a', 'org_b'), org('org_b', 'org_a')])
  const chain = Array.from({ length: 40 }, (_, i) => org(`org_${i + 1}`, `org_${i}`))
  const deep = directoryViewFrom([org('org_0'), ...chain])
  it.each([
    ['the unit itself', DIRECTORY, ORG.unit, ORG.unit, 'self'],
    ['its legal office', DIRECTORY, ORG.unitLegal, ORG.unit, 'within'],
    ['another department of the city', DIRECTORY, ORG.other, ORG.unit, 'outside'],
    ['its own parent government', DIRECTORY, ORG.city, ORG.unit, 'outside'],
    ['an office under a sub-office, two levels down', DIRECTORY, ORG.unitLegal, ORG.city, 'within'],
    ['an office the directory does not know', DIRECTORY, 'org_nowhere', ORG.unit, 'unknown'],
    ['a loop in the directory ends', looped, 'org_a', ORG.unit, 'outside'],
    ['a unit 5 levels up', deep, 'org_5', 'org_0', 'within'],
    ['a unit beyond the depth limit', deep, 'org_40', 'org_0', 'outside'],
  ] as const)('%s', (_name, directory, orgId, unitId, standing) => {
    expect(orgStanding(directory, orgId, unitId)).toBe(standing)
  })
  it('a directory that cannot tell parents does not show an office to be under the unit', () => {
    const { parentOf: _ignored, ...flat } = DIRECTORY
    expect(orgStanding(flat, ORG.unitLegal, ORG.unit)).toBe('unknown')
    expect(orgStanding(flat, ORG.unit, ORG.unit)).toBe('self')
  })
})
