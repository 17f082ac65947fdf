// The global feed in commit order: JSON pages and Server-Sent Events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN } from '../support/app'
import { createJurisdiction, type Jurisdiction, org, payload } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
  // Some decision events besides the directory's.
  const d = await j.initiate()
  await j.record(j.client.undertaking, d, 'DraftPrepared')
})
afterAll(() => j.close())

type Event = { eventId: string; version: number; position: number; type: string; decisionId: string }

describe('the global feed', () => {
  it('pages through every event in commit order', async () => {
    const seen: Event[] = []
    let after = '0'
    for (;;) {
      const res = await j.admin.get(`/v1/events?after=${after}&limit=7`)
      expect(res.status).toBe(200)
      seen.push(...(res.body.items as Event[]))
      if (res.body.nextCursor === null) break
      after = res.body.nextCursor as string
      expect(Number(after)).toBe(seen[seen.length - 1]?.position)
    }
    expect(seen.length).toBeGreaterThan(20)
    for (const [i, e] of seen.entries()) expect(e.position).toBe(i + 1)
    expect(seen.some((e) => e.decisionId.startsWith('dir_'))).toBe(true)
    expect(seen.some((e) => e.decisionId.startsWith('dec_'))).toBe(true)
  })

  it('shows a role only the decisions it may read (plus the directory stream)', async () => {
    const own = await j.initiateB()
    const res = await j.client.undertakingB.get('/v1/events?limit=500')
    const decisions = new Set(
      (res.body.items as Event[]).map((e) => e.decisionId).filter((id) => id.startsWith('dec_')),
    )
    expect(decisions.has(own)).toBe(true)
    for (const id of decisions)
      expect((await j.admin.get(`/v1/decisions/${id}`)).body.undertakingUnitId).toBe(org.worksB)
  })

  it('streams the same events as Server-Sent Events, from ?after=', async () => {
    const feed = (await j.admin.get('/v1/events?limit=3')).body.items as Event[]
    const ac = new AbortController()
    const res = await j.app.request('/v1/events/stream?after=1', {
      headers: { authorization: `Bearer ${ADMIN}` },
      signal: ac.signal,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while ((text.match(/\n\n/g) ?? []).length < 2) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    ac.abort()
    await reader.cancel()
    const messages = text
      .split('\n\n')
      .filter((m) => m.trim() !== '')
      .slice(0, 2)
    const parsed = messages.map((m) =>
      Object.fromEntries(m.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)])),
    )
    expect(parsed.map((m) => m.id)).toEqual(['2', '3'])
    expect(parsed.map((m) => m.event)).toEqual([feed[1]?.type, feed[2]?.type])
    expect(JSON.parse(parsed[0]?.data as string)).toEqual(feed[1])
  })

  it('refuses a bad SSE position and the public', async () => {
    expect((await j.admin.get('/v1/events/stream?after=x')).status).toBe(400)
    expect((await j.admin.get('/v1/events/stream', { 'last-event-id': 'abc' })).status).toBe(400)
    expect((await j.public.get('/v1/events/stream')).status).toBe(403)
  })
})

// api.md §2: "Lists are cursor-paginated: ?limit= and ?cursor=, response { items, nextCursor }".
// The lists in the order of a number give that number as nextCursor and take it back either way.
describe('lists in the order of a number take ?cursor= as well as ?after=', () => {
  const pages = async (path: string, param: 'after' | 'cursor') => {
    const ids: unknown[] = []
    let next: string | null = null
    for (let n = 0; n < 100; n++) {
      const res = await j.admin.get(`${path}?limit=2${next === null ? '' : `&${param}=${next}`}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      ids.push(...(res.body.items as Array<{ id?: unknown; position?: unknown }>).map((e) => e.position ?? e.id))
      next = res.body.nextCursor as string | null
      if (next === null) break
    }
    return ids
  }

  it.each(['/v1/events', '/v1/refusals', '/v1/access-log'])('%s', async (path) => {
    const d = await j.initiate()
    for (let i = 0; i < 3; i++) {
      // A refused write and a logged read each time.
      const refused = await j.append(j.client.undertakingB, d, 'DraftPrepared', payload('DraftPrepared'))
      expect(refused.status).toBe(403)
      expect((await j.admin.get(`/v1/decisions/${d}/dossier`)).status).toBe(200)
    }
    const byAfter = await pages(path, 'after')
    expect(byAfter.length).toBeGreaterThanOrEqual(3)
    expect(new Set(byAfter).size).toBe(byAfter.length)
    expect(await pages(path, 'cursor')).toEqual(byAfter)
  })

  it('refuses an after and a cursor that name different positions', async () => {
    const res = await j.admin.get('/v1/events?after=1&cursor=2')
    expect(res.status).toBe(400)
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['cursor'])
    expect((await j.admin.get('/v1/events?after=2&cursor=2')).status).toBe(200)
  })
})
