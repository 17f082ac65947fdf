// Token secrets (issue 9 item 3) are shown once, in the response that creates them, and never
// again: not in any later API response or header, not in the web pages or their cookies, not in
// the refusal or access logs, and not in the database (only their SHA-256 is stored). Nor is the
// operator's DECISION_TRAIL_ADMIN_TOKEN. (That the server's own output never prints them is
// checked on a real server by test/reliability/soak.test.ts.)
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/ledger/event-hash'
import { createJurisdiction, type Jurisdiction } from '../http/support'
import { ADMIN } from '../support/app'

let j: Jurisdiction
let token = ''
let secret = ''
let tokenId = ''
const seen: string[] = []

/** Every response of the test, headers and body, as text. */
async function record(res: Response): Promise<string> {
  const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await res.text()}`
  seen.push(text)
  return text
}

const request = async (path: string, init: RequestInit = {}) => record(await j.app.request(path, init))
const bearer = (t: string) => ({ authorization: `Bearer ${t}` })

beforeAll(async () => {
  j = await createJurisdiction()
  const created = await j.app.request('/v1/tokens', {
    method: 'POST',
    headers: { ...bearer(ADMIN), 'content-type': 'application/json' },
    body: JSON.stringify({ personId: 'per_staff_inspector', orgId: 'org_province', role: 'inspector' }),
  })
  const body = (await created.json()) as { token: string; id: string }
  token = body.token
  tokenId = body.id
  secret = token.slice(`dt_${tokenId}_`.length)
  expect(secret.length).toBeGreaterThanOrEqual(40)
})
afterAll(() => j.close())

describe('a token secret is never shown again after its creation', () => {
  it('API responses: lists, logs, reads, exports, dossiers, refusals, revocation', async () => {
    const d = await j.initiate({ flags: { nonDisclosable: true } as never })
    await j.admin.get('/v1/ledger/checkpoint')
    const reads = [
      '/v1/tokens',
      '/v1/decisions',
      `/v1/decisions/${d}`,
      `/v1/decisions/${d}/events`,
      `/v1/decisions/${d}/dossier`,
      `/v1/decisions/${d}/dossier?format=html`,
      `/v1/decisions/${d}/export`,
      '/v1/events',
      '/v1/people/per_staff_inspector/trail',
      '/v1/people/per_staff_inspector',
    ]
    for (const path of reads) await request(path, { headers: bearer(token) })
    await request('/v1/tokens', { headers: bearer(ADMIN) })
    // A refused write (an inspector may not register people) and a near-miss secret.
    await request('/v1/people', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    })
    await request('/v1/people', {
      method: 'POST',
      headers: {
        ...bearer(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'x' }),
    })
    await request('/v1/refusals?limit=500', { headers: bearer(ADMIN) })
    await request('/v1/access-log?limit=500', { headers: bearer(ADMIN) })
    await request(`/v1/tokens/${tokenId}`, { method: 'DELETE', headers: bearer(ADMIN) })
    await request(`/v1/decisions/${d}`, { headers: bearer(token) }) // now revoked
    for (const text of seen) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(ADMIN)
    }
    expect(seen.length).toBeGreaterThan(15)
  })

  it('web pages: sign-in with the token, the pages behind it, and their cookies', async () => {
    const fresh = await j.admin.post('/v1/tokens', {
      personId: 'per_staff_organ',
      orgId: 'org_city',
      role: 'organ_office',
    })
    const t = fresh.body.token as string
    const s = t.slice(`dt_${fresh.body.id as string}_`.length)
    const page = await j.app.request('/signin')
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    const signin = await j.app.request('/signin', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, token: t }).toString(),
    })
    expect(signin.status).toBe(303)
    const texts = [await record(signin)]
    const session = signin.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    for (const path of ['/decisions', '/dashboard', '/people/per_staff_organ', '/decisions/new'])
      texts.push(await request(path, { headers: { cookie: session } }))
    for (const text of texts) expect(text).not.toContain(s)
    expect(session).not.toContain(s)
  })

  it('the database holds only SHA-256 hashes of secrets, never a secret', async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      j.backend.db,
    )
    let dump = ''
    for (const { name } of tables.rows) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(j.backend.db)
      dump += JSON.stringify(rows.rows)
    }
    expect(dump.length).toBeGreaterThan(10_000)
    expect(dump).not.toContain(secret)
    expect(dump).not.toContain(ADMIN)
    expect(dump).toContain(sha256Hex(secret))
    expect(dump).toContain(sha256Hex(ADMIN))
  })
})
