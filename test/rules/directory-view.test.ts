import { describe, expect, it } from 'vitest'
import { directoryViewFrom, headsAt } from '../../src/rules'
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
