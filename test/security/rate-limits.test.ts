// Abuse limits, headers and CORS (issue 9 item 3): failed authentication is rate-limited per
// client address without giving a guesser an oracle, through the API and the web sign-in alike
// (one count per address); the public feedback endpoint is
// rate-limited per address; every response carries the security headers; CORS is closed (no
// origin is ever allowed, preflights are refused); authenticated API answers are not cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installAdminSecret } from '../../src/app/tokens'
import { createDeps } from '../../src/compose'
import { buildApp } from '../../src/http/app'
import { migrateToLatest, migrationsCurrent } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { mountWeb } from '../../src/web'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, OCCURRED, payload } from '../http/support'
import { sequentialIds, testClock } from '../support/app'
import { browser, text } from '../web/browser'

/** An app whose client address is the X-Test-Client header (the runtime's socket address in production). */
async function appWithAddresses() {
  const backend = openSqlite(':memory:')
  await migrateToLatest(backend)
  const clock = testClock()
  const deps = createDeps(backend, { clock: clock.now, newId: sequentialIds() })
  await installAdminSecret(deps, 'rate-limit-admin-secret')
  const app = buildApp(deps, {
    ready: () => migrationsCurrent(backend),
    pages: mountWeb,
    clientAddress: (req) => req.headers.get('x-test-client') ?? 'unknown',
  })
  const get = (path: string, from: string, token?: string) =>
    app.request(path, { headers: { 'x-test-client': from, ...(token ? { authorization: `Bearer ${token}` } : {}) } })
  return { app, clock, backend, get }
}

describe('failed authentication is rate-limited per address', () => {
  let t: Awaited<ReturnType<typeof appWithAddresses>>
  beforeAll(async () => {
    t = await appWithAddresses()
  })
  afterAll(() => t.backend.close())
  const ADMIN = 'rate-limit-admin-secret'
  const guess = (i: number) => `dt_${'G'.repeat(26)}_${String(i).padStart(43, 'x')}`

  it('20 failures are 401; then every request with a token from that address is 429 — even a valid one', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await t.get('/v1/tokens', '10.0.0.1', guess(i))
      expect(res.status).toBe(401)
    }
    const limited = await t.get('/v1/tokens', '10.0.0.1', guess(99))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await limited.json()).toMatchObject({ code: 'rate-limited', status: 429 })
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    // No oracle: the right secret gets the same 429 while the address is blocked.
    expect((await t.get('/v1/tokens', '10.0.0.1', ADMIN)).status).toBe(429)
    // A malformed Authorization header is a guess too.
    const malformed = await t.app.request('/v1/tokens', {
      headers: { 'x-test-client': '10.0.0.1', authorization: 'Basic abc' },
    })
    expect(malformed.status).toBe(429)
  })

  it('other addresses, and requests without a token, are not affected', async () => {
    expect((await t.get('/v1/tokens', '10.0.0.2', ADMIN)).status).toBe(200)
    expect((await t.get('/v1/public/decisions', '10.0.0.1')).status).toBe(200)
  })

  it('the address may try again once the window has passed', async () => {
    t.clock.advance(60_000)
    expect((await t.get('/v1/tokens', '10.0.0.1', ADMIN)).status).toBe(200)
    expect((await t.get('/v1/tokens', '10.0.0.1', guess(1))).status).toBe(401)
  })

  it('a refused write while blocked is still logged as a refusal (who tried, from where it is not stored)', async () => {
    for (let i = 0; i < 25; i++) await t.get('/v1/tokens', '10.0.0.3', guess(i))
    const res = await t.app.request('/v1/organizations', {
      method: 'POST',
      headers: { 'x-test-client': '10.0.0.3', authorization: `Bearer ${guess(1)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', kind: 'department' }),
    })
    expect(res.status).toBe(429)
    const log = (await (await t.get('/v1/refusals?limit=500', '10.0.0.9', ADMIN)).json()) as {
      items: Array<{ code: string; status: number; path: string }>
    }
    expect(log.items.at(-1)).toMatchObject({ code: 'rate-limited', status: 429, path: '/v1/organizations' })
  })
})

describe('the web sign-in is under the same failed-authentication limit', () => {
  let t: Awaited<ReturnType<typeof appWithAddresses>>
  beforeAll(async () => {
    t = await appWithAddresses()
  })
  afterAll(() => t.backend.close())
  const ADMIN = 'rate-limit-admin-secret'
  const guess = (i: number) => `dt_${'G'.repeat(26)}_${String(i).padStart(43, 'x')}`
  const from = (address: string) => browser(t.app, { headers: { 'x-test-client': address } })
  const session = (res: { cookies: string[] }) => res.cookies.some((c) => c.startsWith('dt_session='))

  it('20 failed sign-ins are 401; then every sign-in from that address is 429 — even with a valid token', async () => {
    const b = from('10.1.0.1')
    for (let i = 0; i < 20; i++) {
      const res = await b.signIn(guess(i))
      expect(res.status).toBe(401)
      expect(text(res.html)).toContain('令牌无效、已过期或已吊销。')
    }
    const wrong = await b.signIn(guess(99))
    const right = await b.signIn(ADMIN)
    for (const res of [wrong, right]) {
      expect(res.status).toBe(429)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('retry-after')).toBe('60')
      expect(text(res.html)).toContain('此地址登录失败次数过多，请 60 秒后再试。')
      expect(res.html).not.toContain('令牌无效')
      expect(session(res)).toBe(false)
    }
    // No oracle: the valid token's answer is the wrong one's, byte for byte.
    expect(right.html).toBe(wrong.html)
    // One limit: the API refuses that address's valid token too.
    expect((await t.get('/v1/tokens', '10.1.0.1', ADMIN)).status).toBe(429)
  })

  it('says so in English for an English reader', async () => {
    const b = from('10.1.0.1')
    expect((await b.get('/signin?lang=en')).status).toBe(200)
    const res = await b.signIn(ADMIN)
    expect(res.status).toBe(429)
    expect(text(res.html)).toContain('Too many failed sign-ins from this address; try again in 60 seconds.')
  })

  it('API and sign-in failures share one count per address; other addresses are not affected', async () => {
    for (let i = 0; i < 10; i++) expect((await t.get('/v1/tokens', '10.1.0.2', guess(i))).status).toBe(401)
    const b = from('10.1.0.2')
    for (let i = 0; i < 10; i++) expect((await b.signIn(guess(i))).status).toBe(401)
    expect((await b.signIn(ADMIN)).status).toBe(429)
    const other = await from('10.1.0.3').signIn(ADMIN)
    expect(other.status).toBe(303)
    expect(session(other)).toBe(true)
  })

  it('revoked tokens and forged forms are not guesses: they do not count', async () => {
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await t.app.request(path, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'x-test-client': '10.1.0.9' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return (await res.json()) as Record<string, string>
    }
    await admin('POST', '/v1/organizations', { id: 'org_city', name: '某市人民政府', kind: 'government' })
    await admin('POST', '/v1/people', { id: 'per_gone', name: '已离任' })
    const issued = await admin('POST', '/v1/tokens', { personId: 'per_gone', orgId: 'org_city', role: 'organ_office' })
    await admin('DELETE', `/v1/tokens/${issued.id}`)
    const b = from('10.1.0.4')
    for (let i = 0; i < 25; i++) expect((await b.signIn(issued.token as string)).status).toBe(401)
    await b.get('/signin')
    for (let i = 0; i < 25; i++) expect((await b.post('/signin', { csrf: 'forged', token: guess(i) })).status).toBe(403)
    expect((await b.signIn(ADMIN)).status).toBe(303)
  })

  it('the address may sign in again once the window has passed', async () => {
    t.clock.advance(60_000)
    const res = await from('10.1.0.1').signIn(ADMIN)
    expect(res.status).toBe(303)
    expect(session(res)).toBe(true)
  })
})

describe('public feedback is rate-limited per address', () => {
  let t: Awaited<ReturnType<typeof appWithAddresses>>
  let d = ''
  beforeAll(async () => {
    t = await appWithAddresses()
    const admin = (path: string, body: unknown) =>
      t.app.request(path, {
        method: 'POST',
        headers: { authorization: 'Bearer rate-limit-admin-secret', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    for (const o of [
      { id: 'org_city', name: '某市人民政府', kind: 'government' },
      { id: 'org_transport', name: '某市交通运输局', kind: 'department', parentId: 'org_city' },
      { id: 'org_finance', name: '某市财政局', kind: 'department', parentId: 'org_city' },
    ])
      expect((await admin('/v1/organizations', o)).status).toBe(201)
    expect((await admin('/v1/people', { id: 'per_o', name: 'o' })).status).toBe(201)
    const tok = await (await admin('/v1/tokens', { personId: 'per_o', orgId: 'org_city', role: 'organ_office' })).json()
    const organ = (path: string, body: unknown) =>
      t.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${(tok as { token: string }).token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const data = payload('DecisionInitiated')
    const created = await organ('/v1/decisions', { occurredAt: OCCURRED, data, evidence: evidenceFor(data) })
    d = ((await created.json()) as { decisionId: string }).decisionId
    const pub = payload('DecisionPublished')
    const published = await organ(`/v1/decisions/${d}/events`, {
      type: 'DecisionPublished',
      occurredAt: OCCURRED,
      data: pub,
      evidence: evidenceFor(pub),
    })
    expect(published.status).toBe(201)
  })
  afterAll(() => t.backend.close())

  const feedback = (from: string) =>
    t.app.request(`/v1/public/decisions/${d}/feedback`, {
      method: 'POST',
      headers: { 'x-test-client': from, 'content-type': 'application/json' },
      body: JSON.stringify({ summary: '意见' }),
    })

  it('10 per minute per address, then 429 problem+json; another address is not affected; the next window opens', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await feedback('192.0.2.1')).status)
    expect(statuses).toEqual([...Array(10).fill(201), 429, 429])
    const limited = await feedback('192.0.2.1')
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await feedback('192.0.2.2')).status).toBe(201)
    t.clock.advance(60_000)
    expect((await feedback('192.0.2.1')).status).toBe(201)
  })
})

describe('security headers and CORS', () => {
  let j: Jurisdiction
  beforeAll(async () => {
    j = await createJurisdiction()
  })
  afterAll(() => j.close())

  const HEADERS: Record<string, RegExp> = {
    'content-security-policy': /default-src 'self'/,
    'x-content-type-options': /^nosniff$/,
    'x-frame-options': /^(DENY|SAMEORIGIN)$/,
    'referrer-policy': /^no-referrer$/,
    'strict-transport-security': /max-age=\d{7,}/,
    'cross-origin-opener-policy': /^same-origin$/,
    'cross-origin-resource-policy': /^same-origin$/,
  }
  const PATHS: Array<[string, string | undefined]> = [
    ['/v1/decisions', 'admin'],
    ['/v1/public/decisions', undefined],
    ['/v1/decisions/dec_nope', 'admin'],
    ['/v1/tokens', 'bad-token'],
    ['/no/such/route', undefined],
    ['/openapi.json', undefined],
    ['/docs', undefined],
    ['/public', undefined],
    ['/signin', undefined],
    ['/healthz', undefined],
  ]

  it.each(PATHS)('GET %s carries the security headers and no CORS grant', async (path, who) => {
    const headers: Record<string, string> = { origin: 'https://evil.example' }
    if (who === 'admin') headers.authorization = 'Bearer test-admin-secret'
    if (who === 'bad-token') headers.authorization = 'Bearer nope-nope-nope'
    const res = await j.app.request(path, { headers })
    for (const [name, re] of Object.entries(HEADERS)) expect(res.headers.get(name), `${path} ${name}`).toMatch(re)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(res.headers.get('x-powered-by')).toBeNull()
  })

  it.each(['/v1/decisions', '/v1/tokens', '/v1/public/decisions/dec_x/feedback', '/signin'])(
    'a CORS preflight to %s grants nothing',
    async (path) => {
      const res = await j.app.request(path, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      })
      expect(res.status).toBeGreaterThanOrEqual(400)
      for (const h of ['allow-origin', 'allow-methods', 'allow-headers', 'allow-credentials'])
        expect(res.headers.get(`access-control-${h}`), h).toBeNull()
    },
  )

  it('authenticated API answers are not stored by caches; a token is shown once with no-store', async () => {
    const read = await j.admin.get('/v1/decisions')
    expect(read.headers.get('cache-control')).toMatch(/no-store/)
    const issued = await j.admin.post('/v1/tokens', { personId: 'per_mayor', orgId: 'org_city', role: 'organ_office' })
    expect(issued.headers.get('cache-control')).toMatch(/no-store/)
  })
})
