// Reads are logged (issue 9 item 6): every response carrying a non-disclosable decision (one
// entry per decision), and every dossier, export bundle, organ report and lifetime trail — who
// (token, person, organization, role), what (method, path, kind, decision or subject), when —
// readable by inspectors and admins at GET /v1/access-log. A refused read is not an access. When
// the entry cannot be written, the read is refused (503), never served unlogged.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction } from '../http/support'

let j: Jurisdiction
let open = ''
let hidden = ''

interface Entry {
  id: number
  at: string
  tokenId: string | null
  personId: string
  orgId: string
  role: string
  method: string
  path: string
  kind: string
  decisionId: string | null
  subject: string | null
}

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
})
