// What every page handler knows: the language, the signed-in actor (or none: the public), the
// CSRF token its forms carry, and names from the directory for the header.
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps } from '../app/deps'
import type { Actor } from '../domain/envelope'
import { isLang, type Lang, type T, translator } from './i18n'
import {
  actorForTokenId,
  anonNonce,
  clearSessionCookie,
  LANG_COOKIE,
  SESSION_COOKIE,
  type Session,
  type SessionActor,
  type SessionStore,
  safeEqual,
  setLangCookie,
} from './session'

export const PUBLIC_ACTOR: Actor = { personId: 'per_public', orgId: 'org_public', role: 'public' }

/** A limiter shared with the API's public feedback endpoint (same budget per address). */
export interface FeedbackLimiter {
  take(key: string, now: number): boolean
}

/**
 * The API's failed-authentication limiter (src/http/auth.ts), shared so that a failed sign-in
 * counts like a failed API authentication from the same address, and a blocked address is
 * blocked on both.
 */
export interface AuthFailures {
  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number
  fail(key: string, now: number): void
}

export interface WebOptions {
  sessions: SessionStore
  feedbackLimiter: FeedbackLimiter
  authFailures: AuthFailures
}

/** The limiters the host app shares with the pages. */
export type SharedLimiters = Pick<WebOptions, 'feedbackLimiter' | 'authFailures'>

/** What the host app hands over: the use cases' deps and how to tell the client's address. */
export interface WebHost {
  deps: AppDeps
  options: { clientAddress?: ((req: Request, env: unknown) => string) | undefined }
  /** The runtime's own env (Node's incoming request, a Worker's bindings), for clientAddress. */
  env: unknown
}

export type WebEnv = {
  Bindings: WebHost
  Variables: {
    deps: AppDeps
    web: PageCtx
  }
}

export interface PageCtx {
  lang: Lang
  t: T
  /** The signed-in actor; undefined for anonymous visitors (who act as the public). */
  user: (SessionActor & { name: string | undefined; orgName: string | undefined }) | undefined
  session: Session | undefined
  /** The token every form of this page carries. */
  csrf: string
  /** Path and query of this page, for the language switch. */
  url: URL
}

export type WebContext = Context<WebEnv>

/** The client's address as the API sees it (the same key for the shared limiters). */
export const clientAddressOf = (c: WebContext): string =>
  c.env.options.clientAddress?.(c.req.raw, c.env.env) ?? 'unknown'

/** The actor use cases are called with: the signed-in token's, or the public. */
export const actorOf = (p: PageCtx): Actor =>
  p.user ? { personId: p.user.personId, orgId: p.user.orgId, role: p.user.role } : PUBLIC_ACTOR

export function webContext(opts: WebOptions): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const deps = c.get('deps')
    const url = new URL(c.req.url)
    const asked = url.searchParams.get('lang')
    let lang: Lang = 'zh'
    if (isLang(asked)) {
      lang = asked
      setLangCookie(c, asked)
    } else {
      const saved = getCookie(c, LANG_COOKIE)
      if (isLang(saved)) lang = saved
    }
    const now = deps.clock().getTime()
    const sid = getCookie(c, SESSION_COOKIE)
    let session = await opts.sessions.get(deps, sid, now)
    let user: PageCtx['user']
    if (session) {
      const actor = await actorForTokenId(deps, session.tokenId)
      if (actor) {
        const dir = await deps.directory.get(deps)
        user = { ...actor, name: dir.personName(actor.personId), orgName: dir.orgName(actor.orgId) }
      } else {
        await opts.sessions.delete(deps, session.id)
        session = undefined
      }
    }
    if (sid && !session) clearSessionCookie(c)
    const csrf = session ? session.csrf : await opts.sessions.anonCsrf(deps, anonNonce(c))
    c.set('web', { lang, t: translator(lang), user, session, csrf, url })
    c.header('Cache-Control', 'no-store')
    c.header('Vary', 'Cookie')
    await next()
  }
}

/** A form's CSRF token is valid for this session (or this anonymous visitor's nonce). */
export function csrfValid(c: WebContext, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length === 0) return false
  // A cross-site POST that states its origin is refused outright (SameSite=Strict already keeps
  // the session cookie off it). Browsers send `Origin: null` under our no-referrer policy, and a
  // proxy may change the scheme, so only a named, different host counts.
  const origin = c.req.header('origin')
  if (origin && origin !== 'null') {
    let host: string | undefined
    try {
      host = new URL(origin).host
    } catch {
      return false
    }
    if (host !== (c.req.header('host') ?? new URL(c.req.url).host)) return false
  }
  return safeEqual(sent, c.get('web').csrf)
}
