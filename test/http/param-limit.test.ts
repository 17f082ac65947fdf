// D1 binds at most 100 parameters per statement. The test app refuses any statement above that
// (test/support/param-limit.ts); these cases push the paths whose lists grow with the data past
// 100 items, so a regression to an id list would fail here on SQLite, not in production on D1.
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSqlite } from '../../src/store/sqlite'
import { TooManyParameters, withParameterLimit } from '../support/param-limit'
import { createJurisdiction, org, payload } from './support'

describe('the 100-parameter limit of D1', () => {
  it('is enforced by the test backend, for reads and for atomic units', async () => {
    const backend = withParameterLimit(openSqlite(':memory:'))
    const many = Array.from({ length: 101 }, (_, i) => i)
    await expect((async () => sql`select ${sql.join(many)}`.execute(backend.db))()).rejects.toBeInstanceOf(
      TooManyParameters,
    )
    await expect(
      (async () => backend.atomic([sql`select ${sql.join(many)}`.compile(backend.db)]))(),
    ).rejects.toBeInstanceOf(TooManyParameters)
    const ok = Array.from({ length: 100 }, (_, i) => i)
    await expect(sql`select ${sql.join(ok)}`.execute(backend.db)).resolves.toBeDefined()
    await backend.close()
  })

  it('holds for an inspector above 120 organizations, a meeting of 120 people and a 120-decision organ report', async () => {
    const j = await createJurisdiction()
    for (let i = 0; i < 120; i++) {
      const res = await j.admin.post('/v1/organizations', {
        id: `org_town_${i}`,
        name: `某镇人民政府${i}`,
        kind: 'government',
        parentId: org.city,
      })
      expect(res.status).toBe(201)
    }
    const attendees: string[] = []
    for (let i = 0; i < 120; i++) {
      const id = `per_member_${i}`
      expect((await j.admin.post('/v1/people', { id, name: `委员${i}` })).status).toBe(201)
      attendees.push(id)
    }
    const decisions: string[] = []
    for (let i = 0; i < 120; i++) decisions.push(await j.initiate({ title: `第${i}号决策` }))

    const list = await j.client.inspector.get('/v1/decisions?limit=500')
    expect(list.status).toBe(200)
    expect((list.body.items as unknown[]).length).toBe(120)

    const meeting = payload('CollectiveDiscussionHeld') as Record<string, unknown>
    const res = await j.append(j.client.organ, decisions[0] as string, 'CollectiveDiscussionHeld', {
      ...meeting,
      membersTotal: 130,
      attendees: [...(meeting.attendees as string[]), ...attendees],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)

    const report = await j.client.inspector.get(`/v1/reports/compliance?organId=${org.city}`)
    expect(report.status).toBe(200)
    expect((report.body.decisions as unknown[]).length).toBe(120)
  })
})
