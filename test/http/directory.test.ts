// The directory, tokens, health, the OpenAPI document and its offline rendering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction, org } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

describe('organizations', () => {
  it('registers with a chosen id, a generated id, or parentId null', async () => {
    const chosen = await j.admin.post('/v1/organizations', {
      id: 'org_hr-42_x',
      name: '某市发展和改革委员会',
      kind: 'department',
      parentId: org.city,
    })
    expect(chosen.status).toBe(201)
    expect(chosen.body).toMatchObject({
      id: 'org_hr-42_x',
      name: '某市发展和改革委员会',
      kind: 'department',
      parentId: org.city,
    })
    const generated = await j.admin.post('/v1/organizations', { name: '某县人民政府', kind: 'government' })
    expect(generated.status).toBe(201)
    expect(generated.body.id).toMatch(/^org_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(generated.body.parentId).toBeNull()
    const root = await j.admin.post('/v1/organizations', { name: '某审计厅', kind: 'other', parentId: null })
    expect(root.status).toBe(201)
    expect(root.body.parentId).toBeNull()

    const got = await j.client.organ.get('/v1/organizations/org_hr-42_x')
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id: 'org_hr-42_x', parentId: org.city, positions: [] })
  })

  it('refuses a duplicate id (409) and an unknown parent (400) without storing anything', async () => {
    const before = await j.snapshot()
    const dup = await j.admin.post('/v1/organizations', { id: org.city, name: '重复', kind: 'government' })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('duplicate-id')
    const orphan = await j.admin.post('/v1/organizations', {
      name: '无上级',
      kind: 'department',
      parentId: 'org_nowhere',
    })
    expect(orphan.status).toBe(400)
    expect(orphan.body.code).toBe('unknown-reference')
    expect(orphan.body.errors).toEqual([expect.objectContaining({ path: 'parentId' })])
    const badId = await j.admin.post('/v1/organizations', { id: 'city', name: 'x', kind: 'government' })
    expect(badId.status).toBe(400)
    expect((badId.body.errors as Array<{ path: string }>)[0]?.path).toBe('id')
    const badKind = await j.admin.post('/v1/organizations', { name: 'x', kind: 'ministry' })
    expect(badKind.status).toBe(400)
    expect((badKind.body.errors as Array<{ path: string }>)[0]?.path).toBe('kind')
    expect(await j.snapshot()).toEqual(before)
  })

  it('lists with cursor pagination; only the admin writes, the public does not read', async () => {
    const first = await j.client.inspector.get('/v1/organizations?limit=4')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(4)
    const second = await j.client.inspector.get(`/v1/organizations?limit=4&cursor=${first.body.nextCursor}`)
    const a = (first.body.items as Array<{ id: string }>).map((o) => o.id)
    const b = (second.body.items as Array<{ id: string }>).map((o) => o.id)
    expect(a.filter((id) => b.includes(id))).toEqual([])
    expect([...a, ...b]).toEqual([...a, ...b].sort())
    expect((await j.client.organ.post('/v1/organizations', { name: 'x', kind: 'other' })).status).toBe(403)
    expect((await j.public.get('/v1/organizations')).status).toBe(403)
    expect((await j.admin.get('/v1/organizations/org_nowhere')).status).toBe(404)
  })
})

describe('registering one id from many clients at once', () => {
  // api.md §3 "a duplicate id is 409", never a 500: the request that loses the race for the
  // directory row decides again and finds the id taken.
  it.each([
    ['/v1/people', (i: number) => ({ id: `per_race_${i}`, name: '并发登记' })],
    ['/v1/organizations', (i: number) => ({ id: `org_race_${i}`, name: '并发登记单位', kind: 'other' })],
  ] as const)('%s: one 201, the rest 409, one registration stored', async (path, body) => {
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 12 }, () => j.admin.post(path, body(round))))
      const statuses = answers.map((a) => a.status).sort()
      expect(statuses, JSON.stringify(answers.map((a) => a.body.code))).toEqual([201, ...Array(11).fill(409)])
      const id = body(round).id
      expect((await j.admin.get(`${path}/${id}`)).status).toBe(200)
    }
  })
})

describe('people and positions', () => {
  it('registers people, assigns positions (with or without `to`) and ends them', async () => {
    const person = await j.admin.post('/v1/people', { id: 'per_hr_0042', name: '李副市长' })
    expect(person.status).toBe(201)
    expect(person.body).toMatchObject({ id: 'per_hr_0042', name: '李副市长' })
    const gen = await j.admin.post('/v1/people', { name: '张科长' })
    expect(gen.body.id).toMatch(/^per_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect((await j.admin.post('/v1/people', { id: 'per_hr_0042', name: 'dup' })).status).toBe(409)

    const past = await j.admin.post('/v1/people/per_hr_0042/positions', {
      orgId: org.transport,
      title: '局长',
      capacity: 'head',
      from: '2018-01-01',
      to: '2021-12-31',
    })
    expect(past.status).toBe(201)
    expect(past.body).toMatchObject({
      personId: 'per_hr_0042',
      orgId: org.transport,
      from: '2018-01-01',
      to: '2021-12-31',
    })
    expect(past.body.positionId).toMatch(/^pos_/)
    const current = await j.admin.post('/v1/people/per_hr_0042/positions', {
      orgId: org.city,
      title: '副市长',
      capacity: 'deputy_head',
      from: '2022-01-01',
    })
    expect(current.status).toBe(201)
    expect(current.body.to).toBeNull()

    const ended = await j.admin.post(`/v1/positions/${current.body.positionId}/end`, {
      to: '2026-06-30',
      reason: '调任',
    })
    expect(ended.status).toBe(200)
    expect(ended.body).toMatchObject({ positionId: current.body.positionId, to: '2026-06-30', endReason: '调任' })
    const twice = await j.admin.post(`/v1/positions/${current.body.positionId}/end`, {
      to: '2026-07-01',
      reason: '再次',
    })
    expect(twice.status).toBe(409)
    expect(twice.body.code).toBe('position-already-ended')

    const trail = await j.client.inspector.get('/v1/people/per_hr_0042/positions')
    expect((trail.body.items as Array<{ title: string; to: string }>).map((p) => [p.title, p.to])).toEqual([
      ['局长', '2021-12-31'],
      ['副市长', '2026-06-30'],
    ])
    // Paged like every list (api.md §2): one at a time, in the same order, then no cursor.
    const held = trail.body.items as unknown[]
    const first = await j.client.inspector.get('/v1/people/per_hr_0042/positions?limit=1')
    expect(first.body.items).toEqual([held[0]])
    const second = await j.client.inspector.get(
      `/v1/people/per_hr_0042/positions?limit=1&cursor=${first.body.nextCursor}`,
    )
    expect(second.body).toEqual({ items: [held[1]], nextCursor: null })
    expect(trail.body.nextCursor).toBeNull()
    const one = await j.client.inspector.get(`/v1/positions/${past.body.positionId}`)
    expect(one.body).toMatchObject({ title: '局长', endReason: expect.any(String) })
    const p = await j.client.inspector.get('/v1/people/per_hr_0042')
    expect((p.body.positions as unknown[]).length).toBe(2)
  })

  it('refuses impossible positions', async () => {
    const unknownPerson = await j.admin.post('/v1/people/per_ghost/positions', {
      orgId: org.city,
      title: 'x',
      capacity: 'staff',
      from: '2020-01-01',
    })
    expect(unknownPerson.status).toBe(404)
    const unknownOrg = await j.admin.post(`/v1/people/${'per_mayor'}/positions`, {
      orgId: 'org_ghost',
      title: 'x',
      capacity: 'staff',
      from: '2020-01-01',
    })
    expect(unknownOrg.status).toBe(400)
    expect(unknownOrg.body.code).toBe('unknown-reference')
    const backwards = await j.admin.post('/v1/people/per_mayor/positions', {
      orgId: org.city,
      title: 'x',
      capacity: 'staff',
      from: '2020-01-01',
      to: '2019-01-01',
    })
    expect(backwards.status).toBe(400)
    expect((backwards.body.errors as Array<{ path: string }>)[0]?.path).toBe('to')
    const badDate = await j.admin.post('/v1/people/per_mayor/positions', {
      orgId: org.city,
      title: 'x',
      capacity: 'staff',
      from: '2020-02-30',
    })
    expect(badDate.status).toBe(400)
    expect((await j.admin.post('/v1/positions/pos_ghost/end', { to: '2020-01-01', reason: 'x' })).status).toBe(404)
  })
})

describe('tokens', () => {
  it('shows a secret once; lists never show secrets', async () => {
    const created = await j.admin.post('/v1/tokens', { personId: 'per_mayor', orgId: org.city, role: 'organ_office' })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const secret = created.body.token as string
    expect(secret).toMatch(/^dt_/)
    expect(created.body).toMatchObject({
      personId: 'per_mayor',
      orgId: org.city,
      role: 'organ_office',
      revokedAt: null,
    })
    expect((await j.as(secret).get('/v1/decisions')).status).toBe(200)

    const list = await j.admin.get('/v1/tokens')
    expect(list.status).toBe(200)
    const text = JSON.stringify(list.body)
    for (const s of [secret, ...Object.values(j.secrets)]) expect(text).not.toContain(s.slice(-20))
    const items = list.body.items as Array<Record<string, unknown>>
    expect(items.find((i) => i.id === created.body.id)).toBeDefined()
    expect(list.body.nextCursor).toBeNull()
    // Paged like every list (api.md §2): walking pages of 2 gives the same tokens in the same order.
    const walked: unknown[] = []
    let cursor: string | null = null
    do {
      const pageOfTwo = await j.admin.get(`/v1/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(pageOfTwo.status).toBe(200)
      expect((pageOfTwo.body.items as unknown[]).length).toBeLessThanOrEqual(2)
      walked.push(...(pageOfTwo.body.items as unknown[]))
      cursor = pageOfTwo.body.nextCursor as string | null
    } while (cursor)
    expect(walked).toEqual(items)
    const bad = await j.admin.get('/v1/tokens?cursor=bm90LWEtY3Vyc29y')
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid-cursor'])
    const tooMany = await j.admin.get('/v1/tokens?limit=501')
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'invalid-query'])
    for (const i of items)
      expect(Object.keys(i).sort()).toEqual([
        'createdAt',
        'expiresAt',
        'id',
        'kind',
        'orgId',
        'personId',
        'revokedAt',
        'role',
      ])
  })

  it('Idempotency-Key: a retry issues no second token (no secret replayed); another body is 422', async () => {
    const body = { personId: 'per_mayor', orgId: org.city, role: 'organ_office' }
    const key = { 'Idempotency-Key': 'issue-mayor-1' }
    const before = ((await j.admin.get('/v1/tokens?limit=500')).body.items as unknown[]).length
    const first = await j.admin.post('/v1/tokens', body, key)
    expect(first.status).toBe(201)
    expect(first.body.token).toMatch(/^dt_/)
    const again = await j.admin.post('/v1/tokens', body, key)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(first.body.id)
    expect(again.body.token).toBeUndefined()
    const other = await j.admin.post('/v1/tokens', { ...body, role: 'executing' }, key)
    expect(other.status).toBe(422)
    expect(other.body.code).toBe('idempotency-key-reused')
    expect(((await j.admin.get('/v1/tokens?limit=500')).body.items as unknown[]).length).toBe(before + 1)
  })

  it('revoked → 401 token-revoked; revoking twice → 409', async () => {
    const created = await j.admin.post('/v1/tokens', { personId: 'per_vm1', orgId: org.city, role: 'inspector' })
    const client = j.as(created.body.token as string)
    expect((await client.get('/v1/refusals')).status).toBe(200)
    const revoked = await j.admin.del(`/v1/tokens/${created.body.id}`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.revokedAt).toBe(j.clock.now().toISOString())
    const after = await client.get('/v1/refusals')
    expect(after.status).toBe(401)
    expect(after.body.code).toBe('token-revoked')
    expect(after.headers.get('www-authenticate')).toBe('Bearer')
    expect((await j.admin.del(`/v1/tokens/${created.body.id}`)).status).toBe(409)
    expect((await j.admin.del('/v1/tokens/nosuchtoken')).status).toBe(404)
  })

  it('expired → 401 token-expired', async () => {
    const expiresAt = new Date(j.clock.now().getTime() + 60_000).toISOString()
    const created = await j.admin.post('/v1/tokens', {
      personId: 'per_vm2',
      orgId: org.city,
      role: 'organ_office',
      expiresAt,
    })
    expect(created.status).toBe(201)
    const client = j.as(created.body.token as string)
    expect((await client.get('/v1/decisions')).status).toBe(200)
    j.clock.advance(60_000)
    const res = await client.get('/v1/decisions')
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('token-expired')
  })

  it('only the admin issues, lists and revokes; the references and expiry are checked', async () => {
    expect(
      (await j.client.organ.post('/v1/tokens', { personId: 'per_mayor', orgId: org.city, role: 'admin' })).status,
    ).toBe(403)
    expect((await j.client.inspector.get('/v1/tokens')).status).toBe(403)
    expect((await j.public.del(`/v1/tokens/${j.tokenIds.organ}`)).status).toBe(403)
    expect(
      (await j.admin.post('/v1/tokens', { personId: 'per_ghost', orgId: org.city, role: 'inspector' })).status,
    ).toBe(400)
    expect((await j.admin.post('/v1/tokens', { personId: 'per_mayor', orgId: org.city, role: 'public' })).status).toBe(
      400,
    )
    const past = await j.admin.post('/v1/tokens', {
      personId: 'per_mayor',
      orgId: org.city,
      role: 'inspector',
      expiresAt: '2020-01-01T00:00:00Z',
    })
    expect(past.status).toBe(400)
    expect((past.body.errors as Array<{ path: string }>)[0]?.path).toBe('expiresAt')
  })
})

describe('health, OpenAPI and docs', () => {
  it('/healthz and /readyz', async () => {
    const health = await j.call('GET', '/healthz')
    expect(health.status).toBe(200)
    expect(health.body).toEqual({ status: 'ok' })
    const ready = await j.call('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({ status: 'ready' })
  })

  it('/openapi.json is OpenAPI 3.1 and documents every route the app serves', async () => {
    const res = await j.call('GET', '/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.body as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
      components?: { schemas?: Record<string, unknown> }
    }
    expect(doc.openapi).toMatch(/^3\.1\./)
    const served = j.app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/docs') && r.path !== '/openapi.json')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    expect(served.length).toBeGreaterThan(20)
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
    for (const route of served) expect(documented).toContain(route)
    for (const path of [
      '/v1/decisions',
      '/v1/decisions/{id}/events',
      '/v1/events',
      '/v1/events/stream',
      '/v1/organizations',
      '/v1/people/{id}/positions',
      '/v1/positions/{id}/end',
      '/v1/tokens/{id}',
      '/v1/public/decisions/{id}/feedback',
      '/healthz',
      '/readyz',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['Problem', 'StoredEvent', 'DocRef']),
    )
  })

  it('/openapi.json says how to authenticate: a bearer token, or none for the public', async () => {
    const doc = (await j.public.get('/openapi.json')).body as {
      components: { securitySchemes?: Record<string, { type: string; scheme: string }> }
      security?: unknown[]
    }
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toEqual([{ bearer: [] }, {}])
  })

  it('/openapi.json describes every problem response: 503 names its codes, 429 its Retry-After', async () => {
    type Op = { responses: Record<string, { description?: string; headers?: Record<string, unknown> }> }
    const doc = (await j.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, Op>> }
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ name: `${method} ${path}`, op })),
    )
    let unavailable = 0
    for (const { name, op } of ops) {
      for (const [status, r] of Object.entries(op.responses)) {
        expect(r.description, `${name} ${status}`).toMatch(/\S/)
        expect(r.description, `${name} ${status}`).not.toBe('Error')
      }
      // Every request carrying a token is under the failed-authentication limit.
      if (op.responses['401']) expect(op.responses['429']?.headers, name).toHaveProperty('Retry-After')
      if (op.responses['503'] && name !== 'get /readyz') {
        unavailable++
        expect(op.responses['503'].description, name).toContain('access-log-unavailable')
      }
    }
    expect(unavailable).toBeGreaterThan(5)
    expect(doc.paths['/v1/decisions/{id}']?.get?.responses['503']?.description).toMatch(/access log/)
  })

  it('/docs renders offline: no external host in the page or its init script', async () => {
    const page = await j.call('GET', '/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = page.body as unknown as string
    expect(html).toContain('swagger-ui')
    const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1] as string)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(ref).toMatch(/^\/(?!\/)/)
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}/i)
    const init = await j.call('GET', '/docs/assets/docs-init.js')
    expect(init.status).toBe(200)
    expect(String(init.body)).not.toMatch(/https?:\/\//)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
  })
})
