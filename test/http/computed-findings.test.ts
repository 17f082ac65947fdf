// Computed findings can be annotated by inspectors but never resolved (rules.md §4): through HTTP.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { createTestApp } from '../support/app'

const doc = (name: string) => ({ name, sha256: createHash('sha256').update(name).digest('hex') })

it('an inspector annotates a computed finding; resolving it is refused with 409', async () => {
  const t = await createTestApp()
  for (const o of [
    { id: 'org_prov', name: '江南省人民政府', kind: 'government' },
    { id: 'org_city', name: '江州市人民政府', kind: 'government', parentId: 'org_prov' },
    { id: 'org_unit', name: '江州市交通运输局', kind: 'department', parentId: 'org_city' },
  ])
    expect((await t.admin.post('/v1/organizations', o)).status).toBe(201)
  for (const [id, name] of [
    ['per_office', '刘科长'],
    ['per_mayor', '市长'],
    ['per_inspector', '林督查'],
  ])
    expect((await t.admin.post('/v1/people', { id, name })).status).toBe(201)
  const token = async (personId: string, orgId: string, role: string) =>
    t.as((await t.admin.post('/v1/tokens', { personId, orgId, role })).body.token as string)
  const office = await token('per_office', 'org_city', 'organ_office')
  const inspector = await token('per_inspector', 'org_prov', 'inspector')
  const created = await office.post('/v1/decisions', {
    occurredAt: '2025-03-01T09:00:00+08:00',
    data: {
      title: '无合法性审查',
      organId: 'org_city',
      undertakingUnitId: 'org_unit',
      category: 'public_policy',
      flags: {},
    },
  })
  const id = created.body.decisionId as string
  const meeting = await office.post(`/v1/decisions/${id}/events`, {
    type: 'CollectiveDiscussionHeld',
    occurredAt: '2025-03-20T15:00:00+08:00',
    data: {
      meetingType: 'executive',
      heldAt: '2025-03-20T15:00:00+08:00',
      membersTotal: 1,
      attendees: ['per_mayor'],
      headId: 'per_mayor',
      statements: [{ personId: 'per_mayor', order: 1, position: 'support' }],
      outcome: 'approve',
      minutes: doc('minutes'),
    },
    evidence: [doc('minutes')],
  })
  expect(meeting.status).toBe(201)
  const report = await inspector.get(`/v1/decisions/${id}/compliance`)
  const finding = (report.body.findings as Array<{ id: string; code: string }>).find(
    (f) => f.code === 'legality-review-missing',
  )
  expect(finding).toBeDefined()
  const findingId = finding?.id as string

  const note = await inspector.post(`/v1/decisions/${id}/events`, {
    type: 'FindingAnnotated',
    occurredAt: '2025-04-01T09:00:00+08:00',
    data: { findingId, note: '已责令改正' },
  })
  expect(note.status).toBe(201)
  const after = await inspector.get(`/v1/decisions/${id}/compliance`)
  const annotated = (
    after.body.findings as Array<{ id: string; annotations: Array<{ note: string }>; status: string }>
  ).find((f) => f.id === findingId)
  expect(annotated?.annotations.map((a) => a.note)).toEqual(['已责令改正'])
  expect(annotated?.status).toBe('open')

  const resolve = await inspector.post(`/v1/decisions/${id}/events`, {
    type: 'FindingResolved',
    occurredAt: '2025-04-02T09:00:00+08:00',
    data: { findingId, resolution: '已整改' },
  })
  expect(resolve.status).toBe(409)
  expect(resolve.body.code).toBe('finding-not-resolvable')
  const unknown = await inspector.post(`/v1/decisions/${id}/events`, {
    type: 'FindingAnnotated',
    occurredAt: '2025-04-02T09:00:00+08:00',
    data: { findingId: 'no-such-finding/1/decision', note: 'x' },
  })
  expect(unknown.body.code).toBe('finding-unknown')
})
