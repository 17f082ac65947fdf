// Records a page's read in the access log before the page is sent, exactly as the API does
// (src/app/access-log.ts): one `non_disclosable_read` per non-disclosable decision shown, and every
// dossier, organ report and lifetime trail. Fails closed: a page that cannot be logged is answered
// with the 503 error page (`access-log-unavailable`), not shown.
import * as accessLog from '../app/access-log'
import { actorOf, type WebContext } from './context'

/** Who is reading what: the session's actor and token, the method, and the page's path and query. */
function requestOf(c: WebContext): accessLog.AccessRequest {
  const p = c.get('web')
  return { actor: actorOf(p), tokenId: p.user?.tokenId, method: c.req.method, path: p.url.pathname + p.url.search }
}

export function recordPageAccess(c: WebContext, entries: readonly accessLog.AccessEntry[]): Promise<void> {
  return accessLog.recordAccess(c.get('deps'), requestOf(c), entries)
}

/** Logs the page's read of `decisionIds` for those that are non-disclosable (none for the public). */
export function recordNonDisclosablePageReads(c: WebContext, decisionIds: readonly string[]): Promise<void> {
  return accessLog.recordNonDisclosableReads(c.get('deps'), requestOf(c), decisionIds)
}

/** One `non_disclosable_read` per row shown that is flagged non-disclosable (the lists already know). */
export const shownRows = (rows: ReadonlyArray<{ decisionId: string; nonDisclosable: boolean }>) =>
  rows.filter((r) => r.nonDisclosable).map((r) => ({ kind: 'non_disclosable_read' as const, decisionId: r.decisionId }))
