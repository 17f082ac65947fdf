// The web pages' write endpoints (their forms) under the same fuzzing as the API (issue 9 item
// 2): random and malformed form, multipart, JSON and binary bodies, with a valid or forged CSRF
// token, anonymous and signed in. Pages answer in HTML, so the property is: never a 5xx, and
// nothing stored unless the form was accepted (a 303 to the recorded step).
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJurisdiction, type Jurisdiction } from '../http/support'
import { BAD_UTF8, nastyString, RUNS, rawRequest, SEED, snapshot, utf8 } from './fuzz-support'

let j: Jurisdiction
let decision: string
let published: string
const anon = { cookie: '', csrf: '' }
const signedIn = { cookie: '', csrf: '' }

/** The cookies a response sets, as one Cookie header. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

beforeAll(async () => {
  j = await createJurisdiction()
  decision = await j.initiate()
  published = await j.initiate()
  await j.record(j.client.organ, published, 'DecisionPublished')
  const page = await j.app.request('/signin')
  anon.cookie = cookiesOf(page)
  anon.csrf = csrfIn(await page.text())
  expect(anon.csrf).not.toBe('')
  const signin = await j.app.request('/signin', {
    method: 'POST',
    headers: { cookie: anon.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: anon.csrf, token: j.secrets.undertaking }).toString(),
  })
  expect(signin.status).toBe(303)
  signedIn.cookie = cookiesOf(signin)
  const form = await j.app.request(`/decisions/${decision}`, { headers: { cookie: signedIn.cookie } })
  signedIn.csrf = csrfIn(await form.text())
  expect(signedIn.csrf).not.toBe('')
})
afterAll(() => j.close())

const PATHS = () => [
  '/signin',
  '/signout',
  '/decisions/new',
  `/decisions/${decision}/record/DraftPrepared`,
  `/decisions/${decision}/record/PublicCommentOpened`,
  `/decisions/${decision}/record/NoSuchEvent`,
  `/decisions/dec_${'Z'.repeat(26)}/record/DraftPrepared`,
  `/public/decisions/${published}/feedback`,
  `/public/decisions/${decision}/feedback`,
]

const FIELDS = ['csrf', 'token', 'next', 'summary', 'occurredAt', 'title', 'draft', 'legalBases', 'data', 'type', 'x']

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), nastyString, { maxKeys: 6 }).map((f) => ({
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(f).toString() as string | Uint8Array,
  })),
  fc
    .uint8Array({ maxLength: 400 })
    .map((b) => ({ type: 'multipart/form-data; boundary=xyz', body: b as string | Uint8Array })),
  fc.string({ maxLength: 200 }).map((s) => ({
    type: 'multipart/form-data; boundary=b',
    body: `--b\r\nContent-Disposition: form-data; name="${s}"\r\n\r\n${s}\r\n--b--\r\n` as string | Uint8Array,
  })),
  fc.constantFrom(...BAD_UTF8).map((b) => ({
    type: 'application/x-www-form-urlencoded',
    body: new Uint8Array([...utf8('summary='), ...b]) as string | Uint8Array,
  })),
  fc
    .jsonValue({ maxDepth: 3 })
    .map((v) => ({ type: 'application/json', body: JSON.stringify(v) as string | Uint8Array })),
  fc
    .tuple(fc.constantFrom('text/plain', 'application/xml', '', 'multipart/form-data'), fc.string({ maxLength: 100 }))
    .map(([type, s]) => ({ type, body: s as string | Uint8Array })),
)

describe('fuzzing the web forms: never a 5xx; nothing stored unless the form was accepted', () => {
  it('every form endpoint, anonymous and signed in, with valid and forged CSRF tokens', async () => {
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        body,
        fc.constantFrom('anon', 'signed-in', 'none'),
        fc.constantFrom('valid', 'forged', 'absent', 'cross-site'),
        async (p, b, who, csrf) => {
          const paths = PATHS()
          const path = paths[p % paths.length] as string
          const session = who === 'anon' ? anon : who === 'signed-in' ? signedIn : undefined
          let sent = b.body
          if (csrf === 'valid' || csrf === 'cross-site') {
            if (b.type === 'application/x-www-form-urlencoded' && typeof sent === 'string') {
              const f = new URLSearchParams(sent)
              f.set('csrf', session?.csrf ?? 'x')
              sent = f.toString()
            }
          } else if (csrf === 'forged' && typeof sent === 'string' && b.type.startsWith('application/x-www'))
            sent = `${sent}&csrf=${encodeURIComponent(anon.csrf.slice(0, -2))}AA`
          const headers: Record<string, string> = {}
          if (b.type) headers['content-type'] = b.type
          if (session) headers.cookie = session.cookie
          if (csrf === 'cross-site') headers.origin = 'https://evil.example'
          j.clock.advance(61_000)
          const before = await snapshot(j.backend)
          const res = await rawRequest(j.app, 'POST', path, sent, headers)
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const context = `POST ${path} (${who}, csrf ${csrf}, ${b.type}): ${res.text.slice(0, 300)}`
          expect(res.status, context).toBeLessThan(500)
          if (res.status !== 303 || path === '/signin' || path === '/signout')
            expect(await snapshot(j.backend), context).toEqual(before)
          if (csrf === 'cross-site' || csrf === 'forged') expect(await snapshot(j.backend), context).toEqual(before)
        },
      ),
      { numRuns: RUNS * 5, seed: SEED, endOnFailure: true },
    )
    // Not vacuous: forms were refused for several reasons (400s, 401s, 403s…).
    expect(statuses.size, JSON.stringify([...statuses])).toBeGreaterThanOrEqual(3)
  }, 240_000)
})
