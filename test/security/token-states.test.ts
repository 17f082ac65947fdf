// The rest of the authorization matrix (issue 9 item 3). test/http/roles.test.ts covers every
// role × every event type on its own organization's decision, on another organization's, and with
// no token (the public). Here, the same roles × every event type with an EXPIRED token and with a
// REVOKED token — each of which worked before — plus an unknown token, on the append and the
// initiation endpoints and on every decision read. All are 401 with their own code, a
// WWW-Authenticate challenge, and nothing stored; and none of them counts as a guess for the
// failed-authentication limit (they prove the secret was known).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DECISION_EVENT_TYPES } from '../../src/domain/events'
import {
  createJurisdiction,
  eventBody,
  type Jurisdiction,
  OCCURRED,
  payload,
  TOKENS,
  type TokenName,
} from '../http/support'

/** One token per role acting for its own side (the roles of domain.md §5 but public). */
const ROLE_TOKENS: Array<{ role: string; as: TokenName | 'admin' }> = [
  { role: 'admin', as: 'admin' },
  { role: 'organ_office', as: 'organ' },
  { role: 'undertaking', as: 'undertaking' },
  { role: 'legality_reviewer', as: 'legality' },
  { role: 'reviewer', as: 'riskReviewer' },
  { role: 'executing', as: 'executing' },
  { role: 'inspector', as: 'inspector' },
]
const STATES = ['expired', 'revoked'] as const

let j: Jurisdiction
let decision: string
/** role → state → the token's secret. */
const tokens: Record<string, Record<(typeof STATES)[number], string>> = {}

beforeAll(async () => {
  j = await createJurisdiction()
  decision = await j.initiate()
  await j.record(j.client.undertaking, decision, 'LegalityReviewRequested')
  await j.record(j.client.organ, decision, 'ExecutingUnitAssigned')
  const inOneHour = new Date(j.clock.now().getTime() + 3_600_000).toISOString()
  for (const { role, as } of ROLE_TOKENS) {
    const spec =
      as === 'admin'
        ? { personId: 'per_mayor', orgId: 'org_province' }
        : { personId: `per_staff_${as}`, orgId: TOKENS[as].orgId }
    const expiring = await j.admin.post('/v1/tokens', { ...spec, role, expiresAt: inOneHour })
    const revoked = await j.admin.post('/v1/tokens', { ...spec, role })
    expect(expiring.status).toBe(201)
    expect(revoked.status).toBe(201)
    // Both work before they expire or are revoked (every role reads the directory).
    for (const t of [expiring, revoked])
      expect((await j.as(t.body.token as string).get('/v1/organizations')).status).toBe(200)
    expect((await j.admin.del(`/v1/tokens/${revoked.body.id}`)).status).toBe(200)
    tokens[role] = { expired: expiring.body.token as string, revoked: revoked.body.token as string }
  }
  j.clock.advance(3_600_000) // the expiring tokens expire exactly now (expiresAt <= now)
})
afterAll(() => j.close())

const rows = ROLE_TOKENS.flatMap(({ role }) =>
  STATES.flatMap((state) => DECISION_EVENT_TYPES.map((type) => ({ role, state, type }))),
)

function expect401(res: { status: number; body: Record<string, unknown>; headers: Headers }, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(401)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.headers.get('www-authenticate')).toBe('Bearer')
  expect(res.body).toMatchObject({ status: 401, code, type: `urn:decision-trail:problem:${code}` })
}

describe('role × event type × expired / revoked token', () => {
  it.each(rows)('$role with a $state token records $type → 401 token-$state', async ({ role, state, type }) => {
    const client = j.as(tokens[role]?.[state] as string)
    const before = await j.snapshot(decision)
    const res =
      type === 'DecisionInitiated'
        ? await client.post('/v1/decisions', { occurredAt: OCCURRED, data: payload('DecisionInitiated'), evidence: [] })
        : await client.post(`/v1/decisions/${decision}/events`, eventBody(type, payload(type)))
    expect401(res, `token-${state}`)
    expect(await j.snapshot(decision)).toEqual(before)
  })
})

describe('reads with an expired, revoked or unknown token', () => {
  const READS = [
    '/v1/decisions',
    '/v1/decisions/{d}',
    '/v1/decisions/{d}/events',
    '/v1/decisions/{d}/compliance',
    '/v1/decisions/{d}/accountability',
    '/v1/decisions/{d}/dossier',
    '/v1/decisions/{d}/export',
    '/v1/events',
    '/v1/people/per_mayor/trail',
    '/v1/reports/compliance?organId=org_city',
    '/v1/refusals',
    '/v1/access-log',
    '/v1/tokens',
    '/v1/public/decisions', // a bad token is refused even where none is needed
  ]
  const readRows = ROLE_TOKENS.flatMap(({ role }) =>
    [...STATES, 'unknown' as const].flatMap((state) => READS.map((path) => ({ role, state, path }))),
  )
  it.each(readRows)('$role, $state token: GET $path → 401', async ({ role, state, path }) => {
    // An unknown token is a guess: a fresh window keeps the failed-authentication limit (tested
    // in rate-limits.test.ts) out of the way.
    if (state === 'unknown') j.clock.advance(61_000)
    const secret = state === 'unknown' ? `dt_${'A'.repeat(26)}_${'b'.repeat(43)}` : (tokens[role]?.[state] as string)
    const res = await j.as(secret).get(path.replace('{d}', decision))
    expect401(res, state === 'unknown' ? 'token-invalid' : `token-${state}`)
  })
})

describe('what expired and revoked tokens are not', () => {
  it('they never count toward the failed-authentication limit (the matrix above sent hundreds)', async () => {
    // The unknown-token reads above are guesses (they count, up to the limit); expired and
    // revoked ones are not. The window has passed, so a valid token gets through.
    j.clock.advance(61_000)
    for (let i = 0; i < 50; i++)
      expect((await j.as(tokens.inspector?.expired as string).get('/v1/events')).status).toBe(401)
    expect((await j.client.inspector.get('/v1/events')).status).toBe(200)
  })

  it('a token one second before its expiry works; at expiry it does not', async () => {
    const at = new Date(j.clock.now().getTime() + 1000).toISOString()
    const res = await j.admin.post('/v1/tokens', {
      personId: 'per_mayor',
      orgId: 'org_city',
      role: 'organ_office',
      expiresAt: at,
    })
    const t = j.as(res.body.token as string)
    expect((await t.get(`/v1/decisions/${decision}`)).status).toBe(200)
    j.clock.advance(1000)
    expect401(await t.get(`/v1/decisions/${decision}`), 'token-expired')
  })

  it('a revoked DECISION_TRAIL_ADMIN_TOKEN-style operator secret and a startup token are refused too', async () => {
    const list = await j.admin.get('/v1/tokens')
    const envAdmin = (list.body.items as Array<{ id: string; kind: string }>).find((t) => t.kind === 'env')
    expect(envAdmin?.id).toBe('envadmin')
    // Revoking the operator's own token locks the operator out, like any other token.
    const other = await j.admin.post('/v1/tokens', { personId: 'per_mayor', orgId: 'org_province', role: 'admin' })
    const second = j.as(other.body.token as string)
    expect((await second.del('/v1/tokens/envadmin')).status).toBe(200)
    expect401(await j.admin.get('/v1/tokens'), 'token-revoked')
  })
})
