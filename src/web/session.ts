// Browser sessions for the web pages (docs/web.md). A pasted token is checked with the same
// authenticate() as the API; the browser then holds only a random session id in an HttpOnly,
// SameSite=Strict cookie, and the server maps it to the token's id. Every request re-reads that
// token's row, so revoking or expiring a token ends its sessions at once. Forms carry a
// per-session CSRF token (or, for anonymous visitors, an HMAC of a random cookie nonce).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
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
const MAX_SESSIONS = 10_000

export interface Session {
  id: string
  tokenId: string
  csrf: string
  createdAt: number
  lastSeen: number
}

const random = () => randomBytes(32).toString('base64url')

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** In-memory sessions (per process: a restart signs everyone out, which is documented). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>()
  /** Signs anonymous visitors' CSRF tokens; generated at start, never leaves the process. */
  private readonly key = randomBytes(32)

  create(tokenId: string, now: number): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sweep(now)
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value
      if (oldest !== undefined) this.sessions.delete(oldest)
    }
    const s: Session = { id: random(), tokenId, csrf: random(), createdAt: now, lastSeen: now }
    this.sessions.set(s.id, s)
    return s
  }

  get(id: string | undefined, now: number): Session | undefined {
    if (!id) return undefined
    const s = this.sessions.get(id)
    if (!s) return undefined
    if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) {
      this.sessions.delete(id)
      return undefined
    }
    s.lastSeen = now
    return s
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id)
  }

  anonCsrf(nonce: string): string {
    return createHmac('sha256', this.key).update(`anon:${nonce}`).digest('base64url')
  }

  private sweep(now: number): void {
    for (const [id, s] of this.sessions)
      if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) this.sessions.delete(id)
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
