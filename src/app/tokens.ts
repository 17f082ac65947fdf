// Bearer tokens (domain.md §5): shown once, stored as SHA-256 of a 256-bit random secret,
// expiring, revocable. Token form: `dt_<tokenId>_<secret>`, so a lookup is by id and the secret
// is compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { type Actor, ROLES, type Role } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { sha256Hex } from '../ledger/event-hash'
import { preparedQuery } from '../store/prepared'
import type { AppDeps } from './deps'
import { jurisdictionRoot, organizationExists, personExists } from './directory'
import { type IdempotencyRequest, recordIdempotent } from './idempotency'

const tokenQuery = preparedQuery(1, (db, tokenId: string) =>
  db.selectFrom('tokens').selectAll().where('token_id', '=', tokenId),
)

export interface TokenView {
  id: string
  personId: string
  orgId: string
  role: Role
  kind: string
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

export interface Authenticated extends Actor {
  tokenId: string
}

const TOKEN_RE = /^dt_([A-Za-z0-9]{8,40})_([A-Za-z0-9_-]{20,200})$/

function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function tokenString(tokenId: string, secret: string): string {
  return `dt_${tokenId}_${secret}`
}

export async function createToken(
  deps: AppDeps,
  by: Actor | undefined,
  input: { personId: string; orgId: string; role: Role; expiresAt?: string | undefined },
  kind: 'issued' | 'startup' = 'issued',
  idempotency?: IdempotencyRequest,
): Promise<{ token: string; view: TokenView }> {
  if (kind === 'issued') {
    if (!(await personExists(deps, input.personId)))
      throw new DomainError('unknown-reference', `No person ${input.personId}.`, [
        { path: ['personId'], message: 'unknown person' },
      ])
    if (!(await organizationExists(deps, input.orgId)))
      throw new DomainError('unknown-reference', `No organization ${input.orgId}.`, [
        { path: ['orgId'], message: 'unknown organization' },
      ])
  }
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= deps.clock().getTime()) {
    throw new DomainError('validation-failed', 'expiresAt is in the past.', [
      { path: ['expiresAt'], message: 'must be in the future' },
    ])
  }
  const id = deps.newId().replace(/[^A-Za-z0-9]/g, '')
  const secret = newSecret()
  const createdAt = deps.clock().toISOString()
  const view: TokenView = {
    id,
    personId: input.personId,
    orgId: input.orgId,
    role: input.role,
    kind,
    createdAt,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revokedAt: null,
  }
  const insert = deps.store.db
    .insertInto('tokens')
    .values({
      token_id: id,
      secret_hash: sha256Hex(secret),
      person_id: input.personId,
      org_id: input.orgId,
      role: input.role,
      kind,
      created_at: createdAt,
      created_by: by?.personId ?? null,
      expires_at: view.expiresAt,
      revoked_at: null,
      revoked_by: null,
    })
    .compile()
  // The Idempotency-Key's record (the view, never the secret) in the same unit as the token.
  await deps.store.backend.atomic([insert, ...recordIdempotent(deps, idempotency, { status: 201, body: view })])
  return { token: tokenString(id, secret), view }
}

/** Makes an operator-chosen secret (DECISION_TRAIL_ADMIN_TOKEN) a valid admin token. */
export async function installAdminSecret(deps: AppDeps, secret: string): Promise<void> {
  const id = 'envadmin'
  const hash = sha256Hex(secret)
  const now = deps.clock().toISOString()
  await deps.store.db
    .insertInto('tokens')
    .values({
      token_id: id,
      secret_hash: hash,
      person_id: 'per_admin',
      org_id: 'org_admin',
      role: 'admin',
      kind: 'env',
      created_at: now,
      created_by: null,
      expires_at: null,
      revoked_at: null,
      revoked_by: null,
    })
    .onConflict((oc) => oc.column('token_id').doUpdateSet({ secret_hash: hash, revoked_at: null }))
    .execute()
}

/** A fresh admin token for this start-up; earlier start-up tokens are revoked. */
export async function issueStartupAdminToken(deps: AppDeps): Promise<string> {
  const now = deps.clock().toISOString()
  await deps.store.db
    .updateTable('tokens')
    .set({ revoked_at: now, revoked_by: 'startup' })
    .where('kind', '=', 'startup')
    .where('revoked_at', 'is', null)
    .execute()
  return (await createToken(deps, undefined, { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }, 'startup'))
    .token
}

const safeEqualHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))

type TokenRow = {
  token_id: string
  person_id: string
  org_id: string
  role: string
  revoked_at: string | null
  expires_at: string | null
}

/** Why a token row may not act now, or undefined when it may. */
function unusable(deps: AppDeps, row: TokenRow): 'token-revoked' | 'token-expired' | undefined {
  if (row.revoked_at) return 'token-revoked'
  if (row.expires_at && Date.parse(row.expires_at) <= deps.clock().getTime()) return 'token-expired'
  return undefined
}

async function actorOf(deps: AppDeps, row: TokenRow): Promise<Authenticated> {
  const actor: Authenticated = {
    tokenId: row.token_id,
    personId: row.person_id,
    orgId: row.org_id,
    role: row.role as Role,
  }
  if (actor.role === 'inspector') actor.jurisdictionId = await jurisdictionRoot(deps, actor.orgId)
  return actor
}

export async function authenticate(deps: AppDeps, bearer: string): Promise<Authenticated> {
  // An issued token names its row; the operator's own secret (any form) lives under a fixed id.
  const m = TOKEN_RE.exec(bearer)
  const candidates = m ? [{ id: m[1] as string, secret: m[2] as string }] : []
  candidates.push({ id: 'envadmin', secret: bearer })
  for (const c of candidates) {
    const row = (await deps.store.db.executeQuery(tokenQuery(deps.store.db, c.id))).rows[0]
    if (!row || !safeEqualHex(row.secret_hash, sha256Hex(c.secret))) continue
    const why = unusable(deps, row)
    if (why === 'token-revoked') throw new DomainError(why, 'The bearer token was revoked.')
    if (why === 'token-expired') throw new DomainError(why, 'The bearer token has expired.')
    return actorOf(deps, row)
  }
  throw new DomainError('token-invalid', 'The bearer token is not valid.')
}

/**
 * Whether a failed authentication is a guess, counted by the failed-authentication limit (the
 * API's and the web sign-in's alike): an unknown token, a wrong secret, a malformed credential.
 * Expired and revoked tokens do not count: they prove the secret was known.
 */
export const isGuess = (e: unknown): boolean =>
  e instanceof DomainError && (e.code === 'unauthenticated' || e.code === 'token-invalid')

/**
 * The actor of an already-authenticated token, by id, while it is still valid (web sessions keep
 * only the token id, never the secret); undefined once it is revoked or expired.
 */
export async function activeToken(deps: AppDeps, tokenId: string): Promise<Authenticated | undefined> {
  const row = (await deps.store.db.executeQuery(tokenQuery(deps.store.db, tokenId))).rows[0]
  return row && !unusable(deps, row) ? actorOf(deps, row) : undefined
}

export async function revokeToken(deps: AppDeps, by: Actor, tokenId: string): Promise<TokenView> {
  const row = await deps.store.db.selectFrom('tokens').selectAll().where('token_id', '=', tokenId).executeTakeFirst()
  if (!row) throw new DomainError('not-found', `No token ${tokenId}.`)
  if (row.revoked_at)
    throw new DomainError('token-already-revoked', `Token ${tokenId} was already revoked at ${row.revoked_at}.`)
  const now = deps.clock().toISOString()
  await deps.store.db
    .updateTable('tokens')
    .set({ revoked_at: now, revoked_by: by.personId })
    .where('token_id', '=', tokenId)
    .execute()
  return toView({ ...row, revoked_at: now })
}

export async function listTokens(deps: AppDeps): Promise<TokenView[]> {
  return (await deps.store.db.selectFrom('tokens').selectAll().orderBy('created_at').execute()).map(toView)
}

function toView(r: {
  token_id: string
  person_id: string
  org_id: string
  role: string
  kind: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}): TokenView {
  return {
    id: r.token_id,
    personId: r.person_id,
    orgId: r.org_id,
    role: r.role as Role,
    kind: r.kind,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }
}

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s)
