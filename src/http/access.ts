// Records a read in the access log (src/app/access-log.ts) before its response leaves. Fails
// closed: a read that cannot be logged is answered 503 `access-log-unavailable`, not served.
import type { Context } from 'hono'
import { type AccessEntry, logAccess, nonDisclosableAmong } from '../app/access-log'
import { DomainError } from '../domain/errors'
import type { Env } from './env'

export async function recordAccess(c: Context<Env>, entries: readonly AccessEntry[]): Promise<void> {
  if (entries.length === 0) return
  const url = new URL(c.req.url)
  try {
    await logAccess(
      c.get('deps'),
      { actor: c.get('actor'), tokenId: c.get('tokenId'), method: c.req.method, path: url.pathname + url.search },
      entries,
    )
  } catch {
    throw new DomainError(
      'access-log-unavailable',
      'This read must be recorded in the access log and the log cannot be written now; it was not served. Retry shortly.',
    )
  }
}

/** Logs a read of `decisionIds` for those that are non-disclosable (none for the public). */
export async function recordNonDisclosableReads(c: Context<Env>, decisionIds: readonly string[]): Promise<void> {
  if (c.get('actor').role === 'public' || decisionIds.length === 0) return
  const hidden = await nonDisclosableAmong(c.get('deps'), decisionIds)
  const entries = hidden.map((decisionId) => ({ kind: 'non_disclosable_read' as const, decisionId }))
  await recordAccess(c, entries)
}
