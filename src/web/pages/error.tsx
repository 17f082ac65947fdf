// Error pages: the same refusals as the API (403 naming the permission, 404 for what the reader
// may not know exists), as HTML.
import { DomainError } from '../../domain/errors'
import type { WebContext } from '../context'
import { Layout } from '../layout'

const CONFLICT = /already|no-open|not-initiated|terminated|event-reference|cannot-correct|finding-|conflict/

/** What the service cannot do right now (src/http/problem.ts maps these to 503 too). */
const UNAVAILABLE = new Set(['not-ready', 'ledger-unavailable', 'access-log-unavailable'])

export function statusOf(err: DomainError): 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503 {
  if (UNAVAILABLE.has(err.code)) return 503
  if (err.code === 'not-found') return 404
  if (err.code === 'forbidden') return 403
  if (err.code === 'unauthenticated' || err.code.startsWith('token-')) return 401
  if (err.code === 'rate-limited') return 429
  if (err.code === 'payload-too-large') return 413
  if (CONFLICT.test(err.code) || err.code === 'duplicate-id') return 409
  return 400
}

export function errorPage(c: WebContext, err: unknown) {
  const p = c.get('web')
  const { t } = p
  if (!(err instanceof DomainError)) {
    console.error('[decision-trail] web page error:', err)
    c.status(500)
    return c.html(
      <Layout p={p} title={t('errorTitle')}>
        <h1>{t('errorTitle')}</h1>
        <p>
          <a href="/">{t('backHome')}</a>
        </p>
      </Layout>,
    )
  }
  const status = statusOf(err)
  const title =
    status === 404
      ? t('notFoundTitle')
      : status === 403
        ? t('forbiddenTitle')
        : status === 503
          ? t('unavailableTitle')
          : t('errorTitle')
  c.status(status)
  return c.html(
    <Layout p={p} title={title}>
      <h1>{title}</h1>
      <p>{err.code === 'access-log-unavailable' ? t('accessLogUnavailable') : err.message}</p>
      {status === 401 || (status === 403 && !p.user) ? (
        <p>
          <a href={`/signin?next=${encodeURIComponent(p.url.pathname)}`}>{t('signIn')}</a>
        </p>
      ) : null}
      <p>
        <a href="/">{t('backHome')}</a>
      </p>
    </Layout>,
  )
}
