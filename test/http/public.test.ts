// The public portal's API and the refusal log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction, org, payload } from './support'

let j: Jurisdiction
let published: string
let secret: string
let draft: string
beforeAll(async () => {
  j = await createJurisdiction()
  published = await j.initiate({ title: '公开的票价决策' })
  await j.record(j.client.undertaking, published, 'DraftPrepared')
  await j.record(j.client.undertaking, published, 'PublicCommentOpened')
  await j.record(j.client.organ, published, 'DecisionPublished')
  const flags = { ...(payload('DecisionInitiated').flags as object), nonDisclosable: true }
  secret = await j.initiate({ title: '依法不予公开的决策', flags })
  await j.record(j.client.organ, secret, 'DecisionPublished')
  draft = await j.initiate({ title: '尚未公布的决策' })
})
afterAll(() => j.close())

describe('public decisions', () => {
  it('lists only published, disclosable decisions', async () => {
    const res = await j.public.get('/v1/public/decisions')
    expect(res.status).toBe(200)
    const ids = (res.body.items as Array<{ decisionId: string; published: boolean; nonDisclosable: boolean }>).map(
      (i) => i.decisionId,
    )
    expect(ids).toEqual([published])
    expect(res.body.nextCursor).toBeNull()
    // With its current compliance status (api.md §3 "list with current status"; domain.md §5).
    const status = (await j.admin.get(`/v1/decisions/${published}/compliance`)).body.status
    for (const path of ['/v1/public/decisions', '/v1/decisions']) {
      const items = (await j.public.get(path)).body.items as Array<{ status: string }>
      expect(
        items.map((i) => i.status),
        path,
      ).toEqual([status])
    }
    // Even an admin's token sees the public view here.
    const asAdmin = await j.admin.get('/v1/public/decisions')
    expect((asAdmin.body.items as Array<{ decisionId: string }>).map((i) => i.decisionId)).toEqual([published])
  })

  it('shows a published decision with its public record only; others are 404', async () => {
    const res = await j.public.get(`/v1/public/decisions/${published}`)
    expect(res.status).toBe(200)
    // With its compliance status (domain.md §5), the same as the report's.
    const status = (await j.admin.get(`/v1/decisions/${published}/compliance`)).body.status as string
    expect(['compliant', 'in_progress', 'noncompliant']).toContain(status)
    expect(res.body.decision).toMatchObject({ decisionId: published, published: true, status })
    // DraftPrepared is an internal step: not part of the public record.
    expect((res.body.events as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'DecisionInitiated',
      'PublicCommentOpened',
      'DecisionPublished',
    ])
    for (const id of [secret, draft, 'dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ']) {
      const hidden = await j.public.get(`/v1/public/decisions/${id}`)
      expect(hidden.status).toBe(404)
      expect(hidden.body.code).toBe('not-found')
    }
    // The undisclosed decision exists, but the public is not told so.
    const direct = await j.public.get(`/v1/decisions/${secret}`)
    expect(direct.status).toBe(404)
  })

  it('reads the same public record through /v1/decisions/{id}/events; internal steps only with a token', async () => {
    const types = async (client: typeof j.public) =>
      ((await client.get(`/v1/decisions/${published}/events`)).body.items as Array<{ type: string }>).map((e) => e.type)
    expect(await types(j.public)).toEqual(['DecisionInitiated', 'PublicCommentOpened', 'DecisionPublished'])
    expect(await types(j.admin)).toContain('DraftPrepared')
  })

  it('reads the compliance status, but not who answers for what (trail, backtracking, dossier: 403)', async () => {
    expect((await j.public.get(`/v1/decisions/${published}/compliance`)).status).toBe(200)
    for (const path of ['accountability', 'accountability/backtrack', 'dossier', 'dossier?format=html']) {
      const res = await j.public.get(`/v1/decisions/${published}/${path}`)
      expect(res.status, path).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden' })
    }
    expect((await j.admin.get(`/v1/decisions/${published}/dossier`)).status).toBe(200)
  })
})

describe('public feedback', () => {
  it('records PublicFeedbackReceived as the public on a published decision', async () => {
    j.clock.advance(61_000)
    const res = await j.public.post(`/v1/public/decisions/${published}/feedback`, { summary: '建议延长学生优惠时段。' })
    expect(res.status).toBe(201)
    expect(res.body.event).toMatchObject({
      type: 'PublicFeedbackReceived',
      data: { channel: 'online', summary: '建议延长学生优惠时段。' },
      actor: { role: 'public', personId: 'per_public', orgId: 'org_public' },
      occurredAt: j.clock.now().toISOString(),
    })
    const withChannel = await j.public.post(`/v1/public/decisions/${published}/feedback`, {
      channel: 'letter',
      summary: '来信意见',
    })
    expect((withChannel.body.event as { data: { channel: string } }).data.channel).toBe('letter')
  })

  it('refuses feedback on an unpublished or non-disclosable decision (404) and a bad body (400)', async () => {
    j.clock.advance(61_000)
    const before = await j.snapshot()
    for (const id of [draft, secret]) {
      const res = await j.public.post(`/v1/public/decisions/${id}/feedback`, { summary: '意见' })
      expect(res.status).toBe(404)
    }
    const bad = await j.public.post(`/v1/public/decisions/${published}/feedback`, { summary: '意见', extra: 1 })
    expect(bad.status).toBe(400)
    expect((bad.body.errors as Array<{ path: string }>)[0]?.path).toBe('extra')
    const blank = await j.public.post(`/v1/public/decisions/${published}/feedback`, { summary: '   ' })
    expect(blank.status).toBe(400)
    expect(await j.snapshot()).toEqual(before)
  })

  it('is rate-limited per address: 429 after the limit, open again in the next window', async () => {
    j.clock.advance(61_000)
    const url = `/v1/public/decisions/${published}/feedback`
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await j.public.post(url, { summary: `第${i}条意见` })).status)
    expect(statuses).toEqual([...Array(10).fill(201), 429, 429])
    const limited = await j.public.post(url, { summary: '再来一条' })
    expect(limited.body).toMatchObject({ code: 'rate-limited', status: 429 })
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    j.clock.advance(60_000)
    expect((await j.public.post(url, { summary: '新窗口' })).status).toBe(201)
  })
})

describe('the refusal log', () => {
  it('is readable by inspectors and the admin only', async () => {
    expect((await j.admin.get('/v1/refusals')).status).toBe(200)
    expect((await j.client.inspector.get('/v1/refusals')).status).toBe(200)
    for (const who of ['organ', 'undertaking', 'legality', 'riskReviewer', 'executing'] as const) {
      const res = await j.client[who].get('/v1/refusals')
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('forbidden')
    }
    expect((await j.public.get('/v1/refusals')).status).toBe(403)
  })

  it('records each refused write: who tried what, when', async () => {
    const d = await j.initiate()
    const start = (await j.admin.get('/v1/refusals?limit=500')).body.items as Array<{ id: number }>
    const after = start[start.length - 1]?.id ?? 0
    j.clock.advance(5_000)
    const at = j.clock.now().toISOString()

    expect((await j.append(j.client.undertaking, d, 'DecisionPublished', payload('DecisionPublished'))).status).toBe(
      403,
    )
    expect((await j.append(j.client.undertaking, d, 'DraftPrepared', { draft: 'nope' })).status).toBe(400)
    expect(
      (await j.append(j.client.undertaking, d, 'PublicCommentClosed', payload('PublicCommentClosed'))).status,
    ).toBe(409)
    expect((await j.append(j.public, d, 'DraftPrepared', payload('DraftPrepared'))).status).toBe(403)
    expect(
      (
        await j
          .as('dt_AAAAAAAAAAAA_notarealsecretnotarealsecret')
          .post('/v1/organizations', { name: 'x', kind: 'other' })
      ).status,
    ).toBe(401)
    expect((await j.client.organB.post('/v1/people', { name: 'x' })).status).toBe(403)
    // Reads are not writes: a refused read is not logged.
    expect((await j.client.organB.get(`/v1/decisions/${d}`)).status).toBe(403)

    const log = await j.admin.get(`/v1/refusals?after=${after}`)
    expect(log.status).toBe(200)
    const items = log.body.items as Array<Record<string, unknown>>
    expect(items).toHaveLength(6)
    // The province's inspector reads the four about its decision, not city B's office's nor the
    // tokenless attempt (domain.md §5: its jurisdiction).
    const inspected = await j.client.inspector.get(`/v1/refusals?after=${after}`)
    expect(inspected.body.items).toEqual(items.slice(0, 4))
    expect(items[0]).toMatchObject({
      at,
      personId: 'per_staff_undertaking',
      orgId: org.transport,
      role: 'undertaking',
      tokenId: j.tokenIds.undertaking,
      method: 'POST',
      path: `/v1/decisions/${d}/events`,
      decisionId: d,
      eventType: 'DecisionPublished',
      status: 403,
      code: 'forbidden',
    })
    expect(items[0]?.detail).toMatch(/Missing permission/)
    expect(items.slice(1).map((i) => [i.role, i.status, i.code, i.eventType])).toEqual([
      ['undertaking', 400, 'validation-failed', 'DraftPrepared'],
      ['undertaking', 409, 'no-open-comment-period', 'PublicCommentClosed'],
      ['public', 403, 'forbidden', 'DraftPrepared'],
      ['unauthenticated', 401, 'token-invalid', null],
      ['organ_office', 403, 'forbidden', null],
    ])
    expect(items[3]).toMatchObject({ personId: null, orgId: null, tokenId: null })
    expect(items[4]).toMatchObject({ personId: null, orgId: null, path: '/v1/organizations' })

    const paged = await j.admin.get(`/v1/refusals?after=${after}&limit=2`)
    expect(paged.body.items).toHaveLength(2)
    expect(paged.body.nextCursor).toBe(String(items[1]?.id))
    expect((await j.admin.get('/v1/refusals?after=-1')).status).toBe(400)
  })
})
