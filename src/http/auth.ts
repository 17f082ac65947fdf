// Bearer authentication: no header means the public role; a bad, expired or revoked token is 401;
// too many failed attempts from one address are 429.
import type { MiddlewareHandler } from 'hono'
import { authenticate, isGuess } from '../app/tokens'
import { DomainError } from '../domain/errors'
import { type Env, PUBLIC_ACTOR } from './env'
import { clientAddress } from './routes/common'

/**
 * Failed authentications (an unknown token, a wrong secret, a malformed header) per client
 * address in a fixed window. Past `max`, every request carrying a token from that address is
 * refused with 429 until the window ends — whether or not its token is good, so the limit gives a
 * guesser no oracle. Expired and revoked tokens do not count: they prove the secret was known.
 * In memory, per process (like the feedback limit).
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>()
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const w = this.windows.get(key)
    if (!w || now - w.start >= this.windowMs) return 0
    return w.failures >= this.max ? w.start + this.windowMs - now : 0
  }

  fail(key: string, now: number): void {
    const w = this.windows.get(key)
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear()
      this.windows.set(key, { start: now, failures: 1 })
    } else w.failures += 1
  }
}

export function authMiddleware(failures: AuthFailureLimiter): MiddlewareHandler<Env> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    if (header === undefined || header.trim() === '') {
      c.set('actor', PUBLIC_ACTOR)
      c.set('tokenId', undefined)
      return next()
    }
    const address = clientAddress(c)
    const now = c.get('deps').clock().getTime()
    const wait = failures.blockedFor(address, now)
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)))
      throw new DomainError('rate-limited', 'Too many failed authentications from this address; try again later.')
    }
    let who: Awaited<ReturnType<typeof authenticate>>
    try {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
      if (!m) throw new DomainError('unauthenticated', 'Use "Authorization: Bearer <token>".')
      who = await authenticate(c.get('deps'), m[1] as string)
    } catch (e) {
      if (isGuess(e)) failures.fail(address, now)
      throw e
    }
    const { tokenId: _, ...actor } = who
    c.set('actor', actor)
    c.set('tokenId', who.tokenId)
    // What a token reads is not for shared or browser caches (a handler may still say otherwise).
    c.header('Cache-Control', 'private, no-store')
    return next()
  }
}

export function requireRole(
  c: { get: (k: 'actor') => Env['Variables']['actor'] },
  roles: readonly string[],
  permission: string,
): void {
  const actor = c.get('actor')
  if (!roles.includes(actor.role)) {
    throw new DomainError('forbidden', `Missing permission: ${permission} (role ${actor.role}).`, undefined, {
      permission,
    })
  }
}
