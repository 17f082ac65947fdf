// Records an API read in the access log before its response leaves (src/app/access-log.ts, shared
// with the web pages). Fails closed: a read that cannot be logged is answered 503
// `access-log-unavailable`, not served.
import type { Context } from 'hono'
import * as accessLog from '../app/access-log'
import type { Env } from './env'

/** Who is reading what: the token's actor, the method, and the path with its query string. */
function requestOf(c: Context<Env>): accessLog.AccessRequest {
  const url = new URL(c.req.url)
  return { actor: c.get('actor'), tokenId: c.get('tokenId'), method: c.req.method, path: url.pathname + url.search }
}

export function recordAccess(c: Context<Env>, entries: readonly accessLog.AccessEntry[]): Promise<void> {
  return accessLog.recordAccess(c.get('deps'), requestOf(c), entries)
}

/** Logs a read of `decisionIds` for those that are non-disclosable (none for the public). */
export function recordNonDisclosableReads(c: Context<Env>, decisionIds: readonly string[]): Promise<void> {
  return accessLog.recordNonDisclosableReads(c.get('deps'), requestOf(c), decisionIds)
}
