// Decisions and their streams through the HTTP API: create, list, get, append, read (asOf and
// cursor pagination), ETag / If-Match, Idempotency-Key, the global feed and its SSE form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evidenceFor } from '../fixtures/events'
import { cityBInitiation, createJurisdiction, eventBody, type Jurisdiction, OCCURRED, org, payload } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

type Event = {
  eventId: string
  version: number
  position: number
  type: string
  decisionId: string
  recordedAt: string
}

describe('POST /v1/decisions and GET /v1/decisions/{id}', () => {
  it('initiates a decision: 201 with its id, version 1, the stored event, Location and ETag', async () => {
    const data = payload('DecisionInitiated')
    const res = await j.client.organ.post('/v1/decisions', {
      occurredAt: OCCURRED,
      data,
      evidence: evidenceFor(data),
      correlationId: 'corr-1',
    })
    expect(res.status).toBe(201)
    const id = res.body.decisionId as string
    expect(id).toMatch(/^dec_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(res.body.version).toBe(1)
    expect(res.body.event).toMatchObject({
      decisionId: id,
      version: 1,
      type: 'DecisionInitiated',
      schemaVersion: 1,
      occurredAt: OCCURRED,
      recordedAt: '2026-11-20T02:00:00.000Z',
      actor: { personId: 'per_staff_organ', orgId: org.city, role: 'organ_office' },
      correlationId: 'corr-1',
      prevHash: '0'.repeat(64),
    })
    expect(res.headers.get('location')).toBe(`/v1/decisions/${id}`)
    expect(res.headers.get('etag')).toBe('"1"')

    const got = await j.client.organ.get(`/v1/decisions/${id}`)
    expect(got.status).toBe(200)
    expect(got.headers.get('etag')).toBe('"1"')
    expect(got.body).toMatchObject({
      decisionId: id,
      title: data.title,
      organId: org.city,
      undertakingUnitId: org.transport,
      coUnitIds: [org.finance],
      flags: data.flags,
      phase: 'initiated',
      outcome: null,
      cycle: 1,
      version: 1,
      rulebook: 'cn-713',
    })
  })

  it('shows phase, outcome and cycle as the stream advances', async () => {
    const d = await j.initiate()
    await j.record(j.client.undertaking, d, 'DraftPrepared')
    await j.record(j.client.organ, d, 'CollectiveDiscussionHeld')
    let view = (await j.client.organ.get(`/v1/decisions/${d}`)).body
    expect(view).toMatchObject({ phase: 'decided', outcome: 'amend', cycle: 1, version: 3 })
    await j.record(j.client.organ, d, 'DecisionAdjusted', { major: true })
    view = (await j.client.organ.get(`/v1/decisions/${d}`)).body
    expect(view).toMatchObject({ phase: 'drafting', outcome: null, cycle: 2, version: 4 })
  })

  it('answers 404 for an unknown or malformed decision id', async () => {
    for (const id of ['dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ', 'dec_nope', 'whatever']) {
      const res = await j.admin.get(`/v1/decisions/${id}`)
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('not-found')
    }
    const append = await j.append(
      j.client.undertaking,
      'dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ',
      'DraftPrepared',
      payload('DraftPrepared'),
    )
    expect(append.status).toBe(404)
  })
})

describe('GET /v1/decisions', () => {
  let a1: string
  let a2: string
  let b1: string
  beforeAll(async () => {
    a1 = await j.initiate({ title: '地铁票价联动机制' })
    j.clock.advance(24 * 3600_000)
    a2 = await j.initiate(
      { title: '老旧小区改造', undertakingUnitId: org.housing, coUnitIds: [org.finance] },
      j.client.organ,
    )
    b1 = await j.initiateB()
  })

  it('filters by organ, undertaking unit, text and initiation dates', async () => {
    const ids = async (qs: string) =>
      ((await j.admin.get(`/v1/decisions?${qs}`)).body.items as Array<{ decisionId: string }>).map((i) => i.decisionId)
    expect(await ids(`organId=${org.cityB}`)).toEqual([b1])
    expect(await ids(`undertakingUnitId=${org.housing}`)).toEqual([a2])
    expect(await ids(`q=${encodeURIComponent('票价联动')}`)).toEqual([a1])
    // Decisions are listed newest first; dates are the initiation's civil date (UTC+8).
    const all = await ids('limit=500')
    expect(all.indexOf(b1)).toBeLessThan(all.indexOf(a1))
    expect(await ids('q=%E8%80%81%E6%97%A7&from=2026-11-19&to=2026-11-19')).toEqual([a2])
    expect(await ids('q=%E8%80%81%E6%97%A7&to=2026-11-18')).toEqual([])
  })

  it('items carry the current state and paginate with an opaque cursor', async () => {
    const first = await j.admin.get('/v1/decisions?limit=2')
    expect(first.status).toBe(200)
    const items = first.body.items as Array<Record<string, unknown>>
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ phase: 'initiated', cycle: 1, version: 1, published: false })
    expect(typeof first.body.nextCursor).toBe('string')
    const seen = new Set(items.map((i) => i.decisionId))
    let cursor = first.body.nextCursor as string | null
    let pages = 1
    while (cursor) {
      const next = await j.admin.get(`/v1/decisions?limit=2&cursor=${encodeURIComponent(cursor)}`)
      for (const i of next.body.items as Array<{ decisionId: string }>) {
        expect(seen.has(i.decisionId)).toBe(false)
        seen.add(i.decisionId)
      }
      cursor = next.body.nextCursor as string | null
      pages++
    }
    const all = await j.admin.get('/v1/decisions?limit=500')
    expect(seen.size).toBe((all.body.items as unknown[]).length)
    expect(pages).toBeGreaterThan(1)
    expect(all.body.nextCursor).toBeNull()
  })

  it('pages without loss when an initiation’s UTC date differs from its civil date (UTC+8)', async () => {
    // 20:00Z on the 18th is the 19th in the jurisdiction; the cursor must carry the civil date.
    const made: string[] = []
    for (const at of [
      '2026-11-10T20:00:00Z',
      '2026-11-11T09:00:00+08:00',
      '2026-11-10T21:00:00Z',
      '2026-11-11T10:00:00+08:00',
    ]) {
      const data = payload('DecisionInitiated', { title: `跨日分页 ${at}` })
      const res = await j.client.organ.post('/v1/decisions', { occurredAt: at, data })
      expect(res.status).toBe(201)
      made.push(res.body.decisionId as string)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await j.admin.get(
        `/v1/decisions?limit=1&q=${encodeURIComponent('跨日分页')}${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...(res.body.items as Array<{ decisionId: string }>).map((i) => i.decisionId))
      cursor = res.body.nextCursor as string | null
    } while (cursor)
    expect(seen.sort()).toEqual(made.sort())
    const items = (await j.admin.get(`/v1/decisions?q=${encodeURIComponent('跨日分页')}`)).body.items as Array<{
      initiatedDate: string
    }>
    expect(items.map((i) => i.initiatedDate)).toEqual(['2026-11-11', '2026-11-11', '2026-11-11', '2026-11-11'])
  })

  it('searches `%` and `_` literally', async () => {
    const pct = await j.initiate({ title: '补贴上限 100% 的决策' })
    const und = await j.initiate({ title: '代号 a_b 的决策' })
    const ids = async (q: string) =>
      (
        (await j.admin.get(`/v1/decisions?limit=500&q=${encodeURIComponent(q)}`)).body.items as Array<{
          decisionId: string
        }>
      ).map((i) => i.decisionId)
    expect(await ids('100%')).toEqual([pct])
    expect(await ids('a_b')).toEqual([und])
    expect(await ids('%')).toEqual([pct])
    expect(await ids('_')).toEqual([und])
  })

  it('filters by compliance status (test/http/reports.test.ts has the counts) and refuses unknown ones', async () => {
    expect((await j.admin.get('/v1/decisions?status=compliant')).status).toBe(200)
    const res = await j.admin.get('/v1/decisions?status=late')
    expect(res.status).toBe(400)
    expect(res.body.errors).toMatchObject([{ path: 'status' }])
  })
})

describe('events: append and read', () => {
  it('appends with ETag and reads the stream with asOf and cursor pagination', async () => {
    const d = await j.initiate()
    const t0 = j.clock.now().toISOString()
    j.clock.advance(60_000)
    const draft = await j.append(j.client.undertaking, d, 'DraftPrepared', payload('DraftPrepared'))
    expect(draft.status).toBe(201)
    expect(draft.headers.get('etag')).toBe('"2"')
    expect((draft.body.event as Event).version).toBe(2)
    const t1 = j.clock.now().toISOString()
    j.clock.advance(60_000)
    await j.record(j.client.undertaking, d, 'PublicCommentOpened')
    await j.record(j.client.undertaking, d, 'PublicCommentClosed')

    const all = await j.client.undertaking.get(`/v1/decisions/${d}/events`)
    expect(all.status).toBe(200)
    expect(all.headers.get('etag')).toBe('"4"')
    expect(all.body).toMatchObject({ decisionId: d, version: 4, nextCursor: null })
    expect((all.body.items as Event[]).map((e) => e.type)).toEqual([
      'DecisionInitiated',
      'DraftPrepared',
      'PublicCommentOpened',
      'PublicCommentClosed',
    ])

    const asOf0 = await j.client.undertaking.get(`/v1/decisions/${d}/events?asOf=${encodeURIComponent(t0)}`)
    expect((asOf0.body.items as Event[]).map((e) => e.version)).toEqual([1])
    const asOf1 = await j.client.undertaking.get(`/v1/decisions/${d}/events?asOf=${encodeURIComponent(t1)}`)
    expect((asOf1.body.items as Event[]).map((e) => e.version)).toEqual([1, 2])

    const p1 = await j.client.undertaking.get(`/v1/decisions/${d}/events?limit=3`)
    expect((p1.body.items as Event[]).map((e) => e.version)).toEqual([1, 2, 3])
    const p2 = await j.client.undertaking.get(`/v1/decisions/${d}/events?limit=3&cursor=${p1.body.nextCursor}`)
    expect((p2.body.items as Event[]).map((e) => e.version)).toEqual([4])
    expect(p2.body.nextCursor).toBeNull()
  })

  it('If-Match appends only at that version: 201 when current, 412 when stale, * always', async () => {
    const d = await j.initiate()
    const ok = await j.append(
      j.client.undertaking,
      d,
      'DraftPrepared',
      payload('DraftPrepared'),
      {},
      { 'if-match': '"1"' },
    )
    expect(ok.status).toBe(201)
    expect(ok.headers.get('etag')).toBe('"2"')
    const weak = await j.append(
      j.client.undertaking,
      d,
      'DraftRevised',
      payload('DraftRevised'),
      {},
      { 'if-match': 'W/"2"' },
    )
    expect(weak.status).toBe(201)
    const stale = await j.append(
      j.client.undertaking,
      d,
      'DraftRevised',
      payload('DraftRevised'),
      {},
      { 'if-match': '"2"' },
    )
    expect(stale.status).toBe(412)
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(stale.body).toMatchObject({ code: 'stale-version', status: 412, currentVersion: 3 })
    const unknown = await j.append(
      j.client.undertaking,
      'dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ',
      'DraftRevised',
      payload('DraftRevised'),
      {},
      { 'if-match': '"1"' },
    )
    expect(unknown.status).toBe(404)
    const any = await j.append(
      j.client.undertaking,
      d,
      'DraftRevised',
      payload('DraftRevised'),
      {},
      { 'if-match': '*' },
    )
    expect(any.status).toBe(201)
    expect((await j.admin.get(`/v1/decisions/${d}`)).body.version).toBe(4)
  })
})

describe('Idempotency-Key', () => {
  it('replays POST /v1/decisions with the same key and body, and refuses another body with 422', async () => {
    const before = await j.snapshot()
    const data = payload('DecisionInitiated', { title: '幂等测试决策' })
    const body = { occurredAt: OCCURRED, data, evidence: evidenceFor(data) }
    const first = await j.client.organ.post('/v1/decisions', body, { 'idempotency-key': 'init-1' })
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    j.clock.advance(1000)
    const again = await j.client.organ.post('/v1/decisions', body, { 'idempotency-key': 'init-1' })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    // The original response, headers included: the stream's ETag and the decision's Location.
    expect(first.headers.get('etag')).toBe('"1"')
    expect(again.headers.get('etag')).toBe('"1"')
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    expect(first.headers.get('location')).toBe(`/v1/decisions/${first.body.decisionId}`)
    const other = await j.client.organ.post(
      '/v1/decisions',
      { ...body, occurredAt: '2026-11-19T10:00:00+08:00' },
      { 'idempotency-key': 'init-1' },
    )
    expect(other.status).toBe(422)
    expect(other.body.code).toBe('idempotency-key-reused')
    expect((await j.snapshot()).feed).toBe(before.feed + 1)
    // Keys are scoped per token: another token may use the same key for its own request.
    const b = await j.client.organB.post(
      '/v1/decisions',
      { occurredAt: OCCURRED, data: cityBInitiation() },
      { 'idempotency-key': 'init-1' },
    )
    expect(b.status).toBe(201)
    expect(b.headers.get('idempotent-replayed')).toBeNull()
  })

  it('replays an append and refuses the key on another body', async () => {
    const d = await j.initiate()
    const body = eventBody('DraftPrepared', payload('DraftPrepared'))
    const url = `/v1/decisions/${d}/events`
    const first = await j.client.undertaking.post(url, body, { 'idempotency-key': 'draft-1' })
    expect(first.status).toBe(201)
    const again = await j.client.undertaking.post(url, body, { 'idempotency-key': 'draft-1' })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('etag')).toBe('"2"')
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(again.headers.get('location')).toBeNull()
    const other = await j.client.undertaking.post(url, eventBody('DraftRevised', payload('DraftRevised')), {
      'idempotency-key': 'draft-1',
    })
    expect(other.status).toBe(422)
    expect((await j.admin.get(`/v1/decisions/${d}`)).body.version).toBe(2)
  })
})

describe('concurrent appends', () => {
  it('with one If-Match only one wins (the others 412); without, all land in order; one key, one event', async () => {
    const d = await j.initiate()
    const draft = () =>
      j.append(j.client.undertaking, d, 'DraftPrepared', payload('DraftPrepared'), {}, { 'if-match': '"1"' })
    expect((await Promise.all([draft(), draft(), draft()])).map((r) => r.status).sort()).toEqual([201, 412, 412])
    const free = () => j.append(j.client.undertaking, d, 'DraftRevised', payload('DraftRevised'))
    expect((await Promise.all([free(), free(), free()])).map((r) => r.status)).toEqual([201, 201, 201])
    const keyed = () =>
      j.append(j.client.undertaking, d, 'DraftRevised', payload('DraftRevised'), {}, { 'idempotency-key': 'race' })
    const both = await Promise.all([keyed(), keyed()])
    expect(both.map((r) => r.status)).toEqual([201, 201])
    expect(both.map((r) => r.headers.get('idempotent-replayed')).sort()).toEqual(['true', null].sort())
    expect(both[0]?.body).toEqual(both[1]?.body)
    const events = (await j.admin.get(`/v1/decisions/${d}/events`)).body.items as Event[]
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
