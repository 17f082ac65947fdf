// GET /v1/rulebooks (api.md §2, rules.md §1): every loaded version, paged like every list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

type Summary = { id: string; version: number; effectiveFrom: string }

describe('GET /v1/rulebooks', () => {
  it('lists the shipped rulebooks, each version once, and pages through them', async () => {
    const all = await j.public.get('/v1/rulebooks')
    expect(all.status).toBe(200)
    const items = all.body.items as Summary[]
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining(['cn-713', 'cn-shanghai', 'cn-shenzhen']))
    expect(all.body.nextCursor).toBeNull()
    const walked: Summary[] = []
    let cursor: string | null = null
    do {
      const one = await j.public.get(`/v1/rulebooks?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect((one.body.items as Summary[]).length).toBe(1)
      walked.push(...(one.body.items as Summary[]))
      cursor = one.body.nextCursor as string | null
    } while (cursor)
    expect(walked).toEqual(items)
    const bad = await j.public.get('/v1/rulebooks?limit=0')
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid-query'])
  })
})
