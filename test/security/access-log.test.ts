// Reads are logged (issue 9 item 6): every response carrying a non-disclosable decision (one
// entry per decision), and every dossier, export bundle, organ report and lifetime trail — who
// (token, person, organization, role), what (method, path, kind, decision or subject), when —
// readable by inspectors and admins at GET /v1/access-log. A refused read is not an access. When
// the entry cannot be written, the read is refused (503), never served unlogged. The web pages
// log the same reads the same way, and fail closed with a 503 error page.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccessView } from '../../src/app/access-log'
import { createJurisdiction, type Jurisdiction } from '../http/support'
import { browser } from '../web/browser'

let j: Jurisdiction
let open = ''
let hidden = ''

type Entry = AccessView

async function log(query = ''): Promise<Entry[]> {
  const res = await j.admin.get(`/v1/access-log?limit=500${query}`)
  expect(res.status).toBe(200)
  return res.body.items as Entry[]
}

/** The entries a call adds. */
async function added(call: () => Promise<{ status: number }>, status = 200): Promise<Entry[]> {
  const before = (await log()).at(-1)?.id ?? 0
  const res = await call()
  expect(res.status).toBe(status)
  return log(`&after=${before}`)
}

beforeAll(async () => {
  j = await createJurisdiction()
  open = await j.initiate({ title: '关于公交票价调整的决策' })
  hidden = await j.initiate({ title: '依法不予公开的决策', flags: { nonDisclosable: true } as never })
  await j.record(j.client.inspector, hidden, 'SeriousErrorDetermined')
  await j.admin.get('/v1/ledger/checkpoint')
})
afterAll(() => j.close())

describe('what is logged', () => {
  it('a read of a non-disclosable decision: who, what, when', async () => {
    const entries = await added(() => j.client.inspector.get(`/v1/decisions/${hidden}`))
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: j.clock.now().toISOString(),
        tokenId: j.tokenIds.inspector,
        personId: 'per_staff_inspector',
        orgId: 'org_province',
        role: 'inspector',
        method: 'GET',
        path: `/v1/decisions/${hidden}`,
        kind: 'non_disclosable_read',
        decisionId: hidden,
        subject: null,
      },
    ])
  })

  it.each([
    ['its events', '/v1/decisions/{d}/events?limit=5'],
    ['its compliance', '/v1/decisions/{d}/compliance'],
    ['its accountability trail', '/v1/decisions/{d}/accountability'],
    ['its backtracking', '/v1/decisions/{d}/accountability/backtrack'],
  ])('%s, with the query string', async (_what, path) => {
    const url = path.replace('{d}', hidden)
    const entries = await added(() => j.client.organ.get(url))
    expect(entries).toMatchObject([
      { kind: 'non_disclosable_read', decisionId: hidden, path: url, role: 'organ_office' },
    ])
  })

  it('a disclosable decision read the same way is not logged', async () => {
    for (const p of ['', '/events', '/compliance', '/accountability'])
      expect(await added(() => j.client.organ.get(`/v1/decisions/${open}${p}`))).toEqual([])
  })

  it('lists and the feed: one entry per non-disclosable decision shown, none for the others', async () => {
    const list = await added(() => j.client.inspector.get('/v1/decisions'))
    expect(list.map((e) => [e.kind, e.decisionId])).toEqual([['non_disclosable_read', hidden]])
    const feed = await added(() => j.client.inspector.get('/v1/events?limit=500'))
    expect(feed.map((e) => e.decisionId)).toEqual([hidden])
    // A page that shows no non-disclosable decision logs nothing.
    expect(await added(() => j.client.inspector.get(`/v1/decisions?q=${encodeURIComponent('公交票价调整')}`))).toEqual(
      [],
    )
  })

  it('the event stream (SSE) logs each batch before sending it', async () => {
    const before = (await log()).at(-1)?.id ?? 0
    const res = await j.app.request('/v1/events/stream?after=0', {
      headers: { authorization: `Bearer ${j.secrets.inspector}` },
    })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    while (!text.includes(hidden)) text += new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    const entries = await log(`&after=${before}`)
    expect(entries.map((e) => [e.kind, e.decisionId, e.path])).toContainEqual([
      'non_disclosable_read',
      hidden,
      '/v1/events/stream?after=0',
    ])
  })

  it('every dossier, export, organ report and lifetime trail, disclosable or not', async () => {
    expect(await added(() => j.client.organ.get(`/v1/decisions/${open}/dossier?format=html`))).toMatchObject([
      { kind: 'dossier', decisionId: open, role: 'organ_office' },
    ])
    expect(await added(() => j.client.undertaking.get(`/v1/decisions/${open}/export`))).toMatchObject([
      { kind: 'export', decisionId: open, role: 'undertaking' },
    ])
    expect(
      await added(() => j.client.inspector.get('/v1/reports/compliance?organId=org_city&format=csv')),
    ).toMatchObject([{ kind: 'report', decisionId: null, subject: 'org_city' }])
    expect(await added(() => j.client.inspector.get('/v1/people/per_mayor/trail?format=csv'))).toMatchObject([
      { kind: 'person_trail', decisionId: null, subject: 'per_mayor' },
    ])
  })

  it('a refused or failed read is not an access: 403, 404 and the public leave no entry', async () => {
    expect(await added(() => j.client.organB.get(`/v1/decisions/${hidden}`), 403)).toEqual([])
    expect(await added(() => j.client.organB.get(`/v1/decisions/${hidden}/dossier`), 403)).toEqual([])
    expect(await added(() => j.public.get(`/v1/public/decisions/${hidden}`), 404)).toEqual([])
    expect(await added(() => j.client.inspector.get(`/v1/decisions/dec_${'Z'.repeat(26)}`), 404)).toEqual([])
  })
})

// D1 binds at most 100 parameters per statement (10 columns a row): the test app refuses more.
describe('a page of many non-disclosable decisions', () => {
  it('logs one entry each, in statements D1 accepts', async () => {
    const k = await createJurisdiction()
    try {
      const many: string[] = []
      for (let i = 0; i < 23; i++)
        many.push(await k.initiate({ title: `依法不予公开的决策 ${i}`, flags: { nonDisclosable: true } as never }))
      const res = await k.admin.get('/v1/decisions?limit=500')
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
      const entries = (await k.admin.get('/v1/access-log?limit=500')).body.items as Entry[]
      const logged = new Set(entries.filter((e) => e.path === '/v1/decisions?limit=500').map((e) => e.decisionId))
      expect([...logged].sort()).toEqual([...many].sort())
    } finally {
      k.close()
    }
  })
})

describe('the web pages log what the API logs', () => {
  let inspector: ReturnType<typeof browser>
  let undertaking: ReturnType<typeof browser>
  beforeAll(async () => {
    inspector = browser(j.app)
    undertaking = browser(j.app)
    expect((await inspector.signIn(j.secrets.inspector)).status).toBe(303)
    expect((await undertaking.signIn(j.secrets.undertaking)).status).toBe(303)
  })

  it('the decision page of a non-disclosable decision: who, what, when', async () => {
    const entries = await added(() => inspector.get(`/decisions/${hidden}`))
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: j.clock.now().toISOString(),
        tokenId: j.tokenIds.inspector,
        personId: 'per_staff_inspector',
        orgId: 'org_province',
        role: 'inspector',
        method: 'GET',
        path: `/decisions/${hidden}`,
        kind: 'non_disclosable_read',
        decisionId: hidden,
        subject: null,
      },
    ])
    // The same page of a disclosable decision is not logged.
    expect(await added(() => inspector.get(`/decisions/${open}`))).toEqual([])
  })

  it('the decisions list: one entry per non-disclosable decision shown, with the query string', async () => {
    const list = await added(() => inspector.get('/decisions?lang=zh'))
    expect(list.map((e) => [e.kind, e.decisionId, e.path])).toEqual([
      ['non_disclosable_read', hidden, '/decisions?lang=zh'],
    ])
    // A page that does not show it logs nothing.
    const q = `/decisions?q=${encodeURIComponent('公交票价调整')}`
    const page = await inspector.get(q)
    expect(page.html).toContain(open)
    expect(page.html).not.toContain(hidden)
    expect(await added(() => inspector.get(q))).toEqual([])
  })

  it('every dossier and lifetime trail, disclosable or not, as page and as CSV', async () => {
    expect(await added(() => inspector.get(`/decisions/${open}/dossier`))).toMatchObject([
      { kind: 'dossier', decisionId: open, role: 'inspector', path: `/decisions/${open}/dossier` },
    ])
    expect(await added(() => undertaking.get(`/decisions/${hidden}/dossier`))).toMatchObject([
      { kind: 'dossier', decisionId: hidden, role: 'undertaking' },
    ])
    expect(await added(() => inspector.get('/people/per_mayor'))).toMatchObject([
      { kind: 'person_trail', decisionId: null, subject: 'per_mayor', path: '/people/per_mayor' },
    ])
    expect(await added(() => inspector.get('/people/per_mayor/trail.csv'))).toMatchObject([
      { kind: 'person_trail', decisionId: null, subject: 'per_mayor', path: '/people/per_mayor/trail.csv' },
    ])
  })

  it('the dashboard: the organ report, and each non-disclosable decision among the worst it shows', async () => {
    const path = '/dashboard?organId=org_city'
    const page = await inspector.get(path)
    expect(page.status).toBe(200)
    expect(page.html).toContain(`href="/decisions/${hidden}"`)
    const entries = await added(() => inspector.get(path))
    expect(entries.map((e) => [e.kind, e.decisionId, e.subject, e.path])).toEqual([
      ['report', null, 'org_city', path],
      ['non_disclosable_read', hidden, null, path],
    ])
    expect(await added(() => inspector.get('/dashboard.csv?organId=org_city'))).toMatchObject([
      { kind: 'report', decisionId: null, subject: 'org_city', path: '/dashboard.csv?organId=org_city' },
    ])
  })

  it('a recording form shows its decision’s title: logged when that decision is non-disclosable', async () => {
    expect(await added(() => undertaking.get(`/decisions/${hidden}/record/PublicCommentOpened`))).toMatchObject([
      { kind: 'non_disclosable_read', decisionId: hidden, role: 'undertaking' },
    ])
    expect(await added(() => undertaking.get(`/decisions/${open}/record/PublicCommentOpened`))).toEqual([])
  })

  it('a refused page is not an access: 403, 404 and anonymous visitors leave no entry', async () => {
    const other = browser(j.app)
    await other.signIn(j.secrets.organB)
    expect(await added(() => other.get(`/decisions/${hidden}`), 403)).toEqual([])
    expect(await added(() => other.get(`/decisions/${hidden}/dossier`), 403)).toEqual([])
    expect(await added(() => inspector.get(`/decisions/dec_${'Z'.repeat(26)}`), 404)).toEqual([])
    expect(await added(() => browser(j.app).get(`/public/decisions/${hidden}`), 404)).toEqual([])
    expect(await added(() => browser(j.app).get(`/decisions/${hidden}`), 303)).toEqual([])
  })
})

describe('who reads the access log', () => {
  it.each([
    ['admin', 200],
    ['inspector', 200],
    ['organ', 403],
    ['undertaking', 403],
    ['legality', 403],
    ['riskReviewer', 403],
    ['executing', 403],
    ['public', 403],
  ] as const)('%s → %i', async (who, status) => {
    const client = who === 'admin' ? j.admin : who === 'public' ? j.public : j.client[who]
    const res = await client.get('/v1/access-log')
    expect(res.status).toBe(status)
    if (status === 403) expect(res.body).toMatchObject({ code: 'forbidden', permission: 'read the access log' })
  })

  it('pages with after/limit and filters by decision, reader and kind', async () => {
    const all = await log()
    expect(all.length).toBeGreaterThan(10)
    const first = await j.admin.get('/v1/access-log?limit=3')
    expect(first.body.items).toEqual(all.slice(0, 3))
    const next = await j.admin.get(`/v1/access-log?limit=3&after=${first.body.nextCursor}`)
    expect(next.body.items).toEqual(all.slice(3, 6))
    const byDecision = await log(`&decisionId=${open}`)
    expect(byDecision.length).toBeGreaterThan(0)
    expect(byDecision.every((e) => e.decisionId === open)).toBe(true)
    const byReader = await log('&personId=per_staff_organ')
    expect(byReader.length).toBeGreaterThan(0)
    expect(byReader.every((e) => e.personId === 'per_staff_organ')).toBe(true)
    expect((await log('&kind=export')).map((e) => e.kind)).toEqual(['export'])
    const bad = await j.admin.get('/v1/access-log?kind=reads')
    expect(bad.status).toBe(400)
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['kind'])
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await j.admin.get('/openapi.json')).body as { paths: Record<string, unknown> }
    expect(doc.paths['/v1/access-log']).toBeDefined()
  })

  // domain.md §5: an inspector reads everything in its jurisdiction — and its logs no further.
  it('an inspector reads the entries of its jurisdiction only, in both logs; the admin reads all', async () => {
    const hiddenB = await j.initiateB({ title: '另一市依法不予公开的决策', flags: { nonDisclosable: true } as never })
    expect((await j.client.inspectorB.get(`/v1/decisions/${hiddenB}`)).status).toBe(200)
    expect((await j.client.organB.get(`/v1/decisions/${hiddenB}`)).status).toBe(200)
    // A refused write on each side: city A's organ office on city B's decision, and the reverse.
    expect((await j.append(j.client.organ, hiddenB, 'DraftPrepared', {})).status).toBeGreaterThanOrEqual(400)
    expect((await j.append(j.client.organB, hidden, 'DraftPrepared', {})).status).toBeGreaterThanOrEqual(400)
    // And one inside city A alone.
    expect((await j.append(j.client.organ, open, 'DraftPrepared', {})).status).toBeGreaterThanOrEqual(400)
    const read = async (client: typeof j.admin, path: string) => {
      const res = await client.get(`${path}?limit=500`)
      expect(res.status).toBe(200)
      return res.body.items as Array<{ decisionId: string | null; orgId: string | null }>
    }
    for (const path of ['/v1/access-log', '/v1/refusals']) {
      const all = await read(j.admin, path)
      const a = await read(j.client.inspector, path)
      const b = await read(j.client.inspectorB, path)
      // Province B's inspector: what is about city B's decisions or done by its organizations.
      expect(b.length, path).toBeGreaterThan(0)
      const ofB = (orgId: string | null) => orgId !== null && /_b$/.test(orgId) // province B's tree
      for (const e of b) expect(e.decisionId === hiddenB || ofB(e.orgId), `${path} ${JSON.stringify(e)}`).toBe(true)
      // City B's office tried to write on city A's hidden decision: B sees its own attempt only.
      expect(
        b.filter((e) => e.decisionId === hidden).every((e) => e.orgId === 'org_city_b'),
        path,
      ).toBe(true)
      // Province A's inspector sees none of B's decisions, unless its own organizations acted.
      expect(
        a.filter((e) => e.decisionId === hiddenB).every((e) => e.orgId === 'org_city'),
        path,
      ).toBe(true)
      expect(all.length, path).toBeGreaterThan(b.length)
      expect(
        a.some((e) => e.decisionId === open || e.decisionId === hidden),
        path,
      ).toBe(true)
    }
    // Who read city A's non-disclosable decision is not province B's to know.
    const res = await j.client.inspectorB.get(`/v1/access-log?decisionId=${hidden}`)
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([])
    expect((await log(`&decisionId=${hidden}`)).length).toBeGreaterThan(0)
  })
})

describe('fail closed: a read that cannot be logged is not served', () => {
  it('503 access-log-unavailable, without the material; reads that need no entry still work', async () => {
    await sql`create trigger access_log_full before insert on access_log begin select raise(abort, 'disk full'); end`.execute(
      j.backend.db,
    )
    try {
      for (const path of [`/v1/decisions/${hidden}`, `/v1/decisions/${open}/dossier`, '/v1/decisions']) {
        const res = await j.client.inspector.get(path)
        expect(res.status, path).toBe(503)
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
        expect(res.body).toMatchObject({ code: 'access-log-unavailable', status: 503 })
        expect(JSON.stringify(res.body)).not.toContain('依法不予公开的决策')
      }
      expect((await j.client.inspector.get(`/v1/decisions/${open}`)).status).toBe(200)
      // The event stream ends with an error event instead of sending the batch.
      const res = await j.app.request('/v1/events/stream?after=0', {
        headers: { authorization: `Bearer ${j.secrets.inspector}` },
      })
      const text = await res.text()
      expect(text).toContain('event: error')
      expect(text).toContain('access-log-unavailable')
      expect(text).not.toContain(hidden)
    } finally {
      await sql`drop trigger access_log_full`.execute(j.backend.db)
    }
    expect((await j.client.inspector.get(`/v1/decisions/${hidden}`)).status).toBe(200)
  })

  it('web pages: a 503 error page in the reader’s language, without the material', async () => {
    const inspector = browser(j.app)
    const english = browser(j.app)
    const undertaking = browser(j.app)
    await inspector.signIn(j.secrets.inspector)
    await english.signIn(j.secrets.inspector)
    await english.get('/decisions?lang=en')
    await undertaking.signIn(j.secrets.undertaking)
    await sql`create trigger access_log_full before insert on access_log begin select raise(abort, 'disk full'); end`.execute(
      j.backend.db,
    )
    try {
      const pages: Array<[ReturnType<typeof browser>, string]> = [
        [inspector, `/decisions/${hidden}`],
        [inspector, `/decisions/${open}/dossier`],
        [inspector, '/decisions'],
        [inspector, '/people/per_mayor'],
        [inspector, '/people/per_mayor/trail.csv'],
        [inspector, '/dashboard?organId=org_city'],
        [inspector, '/dashboard.csv?organId=org_city'],
        [undertaking, `/decisions/${hidden}/record/PublicCommentOpened`],
      ]
      for (const [b, path] of pages) {
        const page = await b.get(path)
        expect(page.status, path).toBe(503)
        expect(page.headers.get('content-type'), path).toMatch(/^text\/html/)
        expect(page.html, path).toContain('查阅此内容须先记入查阅日志')
        for (const title of ['依法不予公开的决策', '关于公交票价调整的决策'])
          expect(page.html, path).not.toContain(title)
        expect(page.html, path).not.toMatch(/DomainError|\n\s+at /)
      }
      const en = await english.get(`/decisions/${hidden}`)
      expect(en.status).toBe(503)
      expect(en.html).toContain('Temporarily unavailable')
      expect(en.html).toContain('Reading this must first be recorded in the access log')
      // A page that needs no entry is still served.
      expect((await inspector.get(`/decisions/${open}`)).status).toBe(200)
    } finally {
      await sql`drop trigger access_log_full`.execute(j.backend.db)
    }
    expect((await inspector.get(`/decisions/${hidden}`)).status).toBe(200)
  })
})
