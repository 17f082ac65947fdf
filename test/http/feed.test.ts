// The global feed in commit order: JSON pages and Server-Sent Events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN } from '../support/app'
import { createJurisdiction, type Jurisdiction, org } from './support'

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
