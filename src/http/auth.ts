// Bearer authentication: no header means the public role; a bad, expired or revoked token is 401.
import type { MiddlewareHandler } from 'hono'
import { authenticate } from '../app/tokens'
import { DomainError } from '../domain/errors'
import { type Env, PUBLIC_ACTOR } from './env'

export const authMiddleware: MiddlewareHandler<Env> = async (c, next) => {
  const header = c.req.header('authorization')
  if (header === undefined || header.trim() === '') {
    c.set('actor', PUBLIC_ACTOR)
    c.set('tokenId', undefined)
    return next()
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!m) throw new DomainError('unauthenticated', 'Use "Authorization: Bearer <token>".')
  const who = await authenticate(c.get('deps'), m[1] as string)
  c.set('actor', { personId: who.personId, orgId: who.orgId, role: who.role })
  c.set('tokenId', who.tokenId)
  return next()
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
