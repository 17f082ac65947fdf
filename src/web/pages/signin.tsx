// Sign-in with a pasted token (checked by the API's own authenticate()), sign-out. Failed sign-ins
// count against the API's failed-authentication limit for the client's address; once it is
// reached every sign-in from that address is 429, whether its token is good or not.
import type { Hono } from 'hono'
import { authenticate, isGuess } from '../../app/tokens'
import { DomainError } from '../../domain/errors'
import { clientAddressOf, csrfValid, type WebEnv, type WebOptions } from '../context'
import { CsrfField, Layout, Notice } from '../layout'
import { clearSessionCookie, setSessionCookie } from '../session'

/** Only same-site relative paths: `next` must not send the reader elsewhere. */
export const safeNext = (v: unknown): string =>
  typeof v === 'string' && /^\/(?!\/)[^\\\s]*$/.test(v) && !v.startsWith('/signin') ? v : '/decisions'

function SignIn(props: { p: WebEnv['Variables']['web']; next: string; error?: string | undefined }) {
  const { p } = props
  const { t } = p
  return (
    <Layout p={p} title={t('signIn')} nav="signin">
      <h1>{t('signInTitle')}</h1>
      {props.error ? <Notice kind="errors">{props.error}</Notice> : null}
      <form method="post" action="/signin" class="card" style="max-width:40rem">
        <CsrfField p={p} />
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="token">{t('token')}</label>
          <p class="hint" id="token-hint">
            {t('signInHelp')}
          </p>
          <input
            type="password"
            id="token"
            name="token"
            required
            autocomplete="off"
            spellcheck={false}
            aria-describedby="token-hint"
            aria-invalid={props.error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="primary">
          {t('signIn')}
        </button>
      </form>
    </Layout>
  )
}

export function signInRoutes(web: Hono<WebEnv>, opts: WebOptions): void {
  web.get('/signin', (c) => {
    const p = c.get('web')
    if (p.user) return c.redirect(safeNext(c.req.query('next')), 303)
    return c.html(<SignIn p={p} next={safeNext(c.req.query('next'))} />)
  })

  web.post('/signin', async (c) => {
    const p = c.get('web')
    const form = await c.req.parseBody()
    const next = safeNext(form.next)
    if (!csrfValid(c, form.csrf)) {
      c.status(403)
      return c.html(<SignIn p={p} next={next} error={p.t('csrfFailed')} />)
    }
    const token = typeof form.token === 'string' ? form.token.trim() : ''
    const deps = c.get('deps')
    const address = clientAddressOf(c)
    const now = deps.clock().getTime()
    const wait = opts.authFailures.blockedFor(address, now)
    if (wait > 0) {
      // Decided before the token is looked at: the same page for a good token and a bad one.
      const seconds = Math.ceil(wait / 1000)
      c.header('Retry-After', String(seconds))
      c.status(429)
      return c.html(<SignIn p={p} next={next} error={p.t('signInLimited', { s: seconds })} />)
    }
    try {
      const who = await authenticate(deps, token)
      // A new session id on every sign-in (no fixation); the old one, if any, ends.
      await opts.sessions.delete(deps, p.session?.id)
      const session = await opts.sessions.create(deps, who.tokenId, deps.clock().getTime())
      setSessionCookie(c, session)
      return c.redirect(next, 303)
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      if (isGuess(err)) opts.authFailures.fail(address, now)
      c.status(401)
      return c.html(<SignIn p={p} next={next} error={p.t('signInFailed')} />)
    }
  })

  web.post('/signout', async (c) => {
    const p = c.get('web')
    const form = await c.req.parseBody()
    if (!csrfValid(c, form.csrf)) {
      c.status(403)
      return c.html(
        <Layout p={p} title={p.t('errorTitle')}>
          <Notice kind="errors">{p.t('csrfFailed')}</Notice>
        </Layout>,
      )
    }
    await opts.sessions.delete(c.get('deps'), p.session?.id)
    clearSessionCookie(c)
    return c.redirect('/public', 303)
  })
}
