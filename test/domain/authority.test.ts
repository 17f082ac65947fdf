// domain.md §5: a correction records the original's type again, so it is bounded by what the
// correcting role may record directly (review D #3); the direct bounds name the payload field.
import { describe, expect, it } from 'vitest'
import { mayRecord, payloadBound } from '../../src/domain/authority'
import { initialState } from '../../src/domain/decision-state'
import type { Actor, StoredEvent } from '../../src/domain/envelope'

const init: StoredEvent = {
  eventId: '01J00000000000000000000001',
  decisionId: 'dec_01J00000000000000000000000',
  version: 1,
  position: 1,
  type: 'DecisionInitiated',
  schemaVersion: 1,
  occurredAt: '2025-03-01T09:00:00+08:00',
  recordedAt: '2025-03-01T02:00:00.000Z',
  actor: { personId: 'per_x', orgId: 'org_city', role: 'organ_office' },
  data: { title: 't', organId: 'org_city', undertakingUnitId: 'org_unit', category: 'public_policy', flags: {} },
  evidence: [],
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
}
const state = { ...initialState(init), reviewerOrgIds: ['org_samr'], executingUnitIds: ['org_unit'] }
const ctx = { organLineage: ['org_city', 'org_province'] }
const as = (role: Actor['role'], orgId: string): Actor => ({ personId: 'per_x', orgId, role })
const organ = as('organ_office', 'org_city')
const samr = as('reviewer', 'org_samr')
const correction = (data: Record<string, unknown>) => ({ correctsEventId: 'x', reason: 'r', data })

describe('mayRecord(EventCorrected) checks the corrected payload as a direct write', () => {
  it.each<{ name: string; actor: Actor; type: string; data: Record<string, unknown>; ok: boolean; path?: string[] }>([
    {
      name: 'organ office, own organ',
      actor: organ,
      type: 'DecisionInitiated',
      data: { organId: 'org_city' },
      ok: true,
    },
    {
      name: 'organ office, another organ',
      actor: organ,
      type: 'DecisionInitiated',
      data: { organId: 'org_b' },
      ok: false,
      path: ['organId'],
    },
    {
      name: 'reviewer, own review',
      actor: samr,
      type: 'FairCompetitionReviewCompleted',
      data: { reviewerOrgId: 'org_samr' },
      ok: true,
    },
    {
      name: 'reviewer, another reviewer',
      actor: samr,
      type: 'FairCompetitionReviewCompleted',
      data: { reviewerOrgId: 'org_b' },
      ok: false,
      path: ['reviewerOrgId'],
    },
    {
      name: 'reviewer, another assessor',
      actor: samr,
      type: 'RiskAssessmentCompleted',
      data: { assessorOrgId: 'org_b' },
      ok: false,
      path: ['assessorOrgId'],
    },
    {
      name: 'undertaking unit, any reviewer',
      actor: as('undertaking', 'org_unit'),
      type: 'FairCompetitionReviewCompleted',
      data: { reviewerOrgId: 'org_b' },
      ok: true,
    },
    {
      name: 'a type the role may not record',
      actor: as('executing', 'org_unit'),
      type: 'DraftPrepared',
      data: {},
      ok: false,
    },
    {
      name: 'a correction of a correction (left to the 409)',
      actor: organ,
      type: 'EventCorrected',
      data: {},
      ok: true,
    },
  ])('$name', ({ actor, type, data, ok, path }) => {
    const direct = type === 'EventCorrected' ? undefined : mayRecord(actor, type, data, state, ctx)
    const corrected = mayRecord(actor, 'EventCorrected', correction(data), state, ctx, actor.orgId, type)
    expect(corrected.ok).toBe(ok)
    if (!corrected.ok) {
      expect(corrected.path).toEqual(path)
      if (direct && type !== 'DecisionInitiated') expect(corrected.permission).toBe(!direct.ok && direct.permission)
    }
    // Without the original's type (older callers), only the organization and read checks apply.
    expect(mayRecord(actor, 'EventCorrected', correction(data), state, ctx, actor.orgId).ok).toBe(true)
  })

  it('the organization check still comes first', () => {
    const res = mayRecord(
      organ,
      'EventCorrected',
      correction({ organId: 'org_city' }),
      state,
      ctx,
      'org_other',
      'DecisionInitiated',
    )
    expect(res).toMatchObject({ ok: false, permission: 'correct events recorded by another organization' })
  })

  it('payloadBound: an organ office initiates for its own organ only', () => {
    expect(payloadBound(organ, 'DecisionInitiated', { organId: 'org_city' }).ok).toBe(true)
    expect(payloadBound(organ, 'DecisionInitiated', { organId: 'org_b' })).toMatchObject({
      ok: false,
      path: ['organId'],
    })
  })
})
