// The organ report lists each decision from the entry stored on its compliance row
// (migrations/0007): the entry follows what later events change, such as a corrected title.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction, org, payload } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

const listed = async (decisionId: string) => {
  const res = await j.admin.get(`/v1/reports/compliance?organId=${org.city}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body.decisions as Array<Record<string, unknown>>).find((d) => d.decisionId === decisionId)
}

describe('the organ report’s entry of a decision', () => {
  it('carries the title as corrected, and the status and open findings of the latest evaluation', async () => {
    const d = await j.initiate({ title: '原标题：某某实施方案' })
    const events = (await j.admin.get(`/v1/decisions/${d}/events`)).body.items as Array<Record<string, unknown>>
    const initiation = events[0] as { eventId: string; data: Record<string, unknown> }
    expect((await listed(d))?.title).toBe('原标题：某某实施方案')

    const res = await j.append(j.client.organ, d, 'EventCorrected', {
      correctsEventId: initiation.eventId,
      reason: '标题有误。',
      data: { ...payload('DecisionInitiated'), ...initiation.data, title: '更正后的标题：某某实施方案' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const entry = await listed(d)
    expect(entry?.title).toBe('更正后的标题：某某实施方案')
    expect((await j.admin.get(`/v1/decisions/${d}`)).body.title).toBe('更正后的标题：某某实施方案')

    // The entry is the row's status and open findings, as the decision's own report has them.
    const own = (await j.admin.get(`/v1/decisions/${d}/compliance`)).body as {
      status: string
      findings: Array<{ code: string; status: string }>
    }
    expect(entry?.status).toBe(own.status)
    expect(entry?.openFindings).toEqual(
      [...new Set(own.findings.filter((f) => f.status === 'open').map((f) => f.code))].sort(),
    )
  })
})
