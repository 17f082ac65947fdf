// Browser sessions for the web pages (docs/web.md). A pasted token is checked with the same
// authenticate() as the API; the browser then holds only a random session id in an HttpOnly,
// SameSite=Strict cookie, and the server maps its hash to the token's id (web_sessions). Every request re-reads that
// token's row, so revoking or expiring a token ends its sessions at once. Forms carry a
// per-session CSRF token (or, for anonymous visitors, an HMAC of a random cookie nonce).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppDeps } from '../app/deps'
import { activeToken } from '../app/tokens'
import type { Actor } from '../domain/envelope'

export const SESSION_COOKIE = 'dt_session'
export const ANON_COOKIE = 'dt_anon'
export const LANG_COOKIE = 'dt_lang'

const IDLE_MS = 8 * 3600_000
const MAX_AGE_MS = 12 * 3600_000
/** last_seen is written at most this often per session (a page view is not a database write). */
const TOUCH_MS = 5 * 60_000
/** Expired sessions are deleted at most this often, by whichever request comes first. */
const SWEEP_MS = 10 * 60_000

export interface Session {
  id: string
  tokenId: string
  csrf: string
  createdAt: number
  lastSeen: number
}

const random = () => randomBytes(32).toString('base64url')
const hashOf = (id: string) => createHash('sha256').update(id).digest('hex')

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Sessions in the database (web_sessions), so they survive restarts and are shared by every
 * process or isolate serving the same database. Only SHA-256 of the session id is stored.
 */
export class SessionStore {
  /** Signs anonymous visitors' CSRF tokens; one per database (web_keys), cached once read. */
  private anonKey: Promise<Buffer> | undefined
  private lastSweep = 0

  async create(deps: AppDeps, tokenId: string, now: number): Promise<Session> {
    await this.sweep(deps, now)
    const s: Session = { id: random(), tokenId, csrf: random(), createdAt: now, lastSeen: now }
    await deps.store.db
      .insertInto('web_sessions')
      .values({ session_hash: hashOf(s.id), token_id: tokenId, csrf: s.csrf, created_at: now, last_seen: now })
      .execute()
    return s
  }

  async get(deps: AppDeps, id: string | undefined, now: number): Promise<Session | undefined> {
    if (!id || id.length > 100) return undefined
    const hash = hashOf(id)
    const row = await deps.store.db
      .selectFrom('web_sessions')
      .selectAll()
      .where('session_hash', '=', hash)
      .executeTakeFirst()
    if (!row) return undefined
    const s: Session = {
      id,
      tokenId: row.token_id,
      csrf: row.csrf,
      createdAt: Number(row.created_at),
      lastSeen: Number(row.last_seen),
    }
    if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) {
      await this.delete(deps, id)
      return undefined
    }
    if (now - s.lastSeen > TOUCH_MS) {
      await deps.store.db.updateTable('web_sessions').set({ last_seen: now }).where('session_hash', '=', hash).execute()
      s.lastSeen = now
    }
    return s
  }

  async delete(deps: AppDeps, id: string | undefined): Promise<void> {
    if (id) await deps.store.db.deleteFrom('web_sessions').where('session_hash', '=', hashOf(id)).execute()
  }

  async anonCsrf(deps: AppDeps, nonce: string): Promise<string> {
    const key = await this.key(deps)
    return createHmac('sha256', key).update(`anon:${nonce}`).digest('base64url')
  }

  private key(deps: AppDeps): Promise<Buffer> {
    this.anonKey ??= (async () => {
      // The first process to get here creates it; every other one reads the same row.
      await deps.store.db
        .insertInto('web_keys')
        .values({ name: 'anon-csrf', value: random() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      const row = await deps.store.db
        .selectFrom('web_keys')
        .select('value')
        .where('name', '=', 'anon-csrf')
        .executeTakeFirstOrThrow()
      return Buffer.from(row.value, 'base64url')
    })().catch((e: unknown) => {
      this.anonKey = undefined
      throw e
    })
    return this.anonKey
  }

  private async sweep(deps: AppDeps, now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_MS) return
    this.lastSweep = now
    await deps.store.db
      .deleteFrom('web_sessions')
      .where((eb) => eb.or([eb('last_seen', '<', now - IDLE_MS), eb('created_at', '<', now - MAX_AGE_MS)]))
      .execute()
  }
}

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:'

export function setSessionCookie(c: Context, s: Session): void {
  setCookie(c, SESSION_COOKIE, s.id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: secure(c),
    maxAge: MAX_AGE_MS / 1000,
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secure(c) })
}

/** The anonymous visitor's nonce, set on first visit (HttpOnly: only the server reads it). */
export function anonNonce(c: Context): string {
  const existing = getCookie(c, ANON_COOKIE)
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const nonce = random()
  setCookie(c, ANON_COOKIE, nonce, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secure(c) })
  return nonce
}

export function setLangCookie(c: Context, lang: string): void {
  setCookie(c, LANG_COOKIE, lang, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: secure(c),
    maxAge: 365 * 86400,
  })
}

export interface SessionActor extends Actor {
  tokenId: string
}

/** The actor behind a session's token id while the token is still valid (see app/tokens.ts). */
export const actorForTokenId = (deps: AppDeps, tokenId: string): Promise<SessionActor | undefined> =>
  activeToken(deps, tokenId)
