// The page frame (header, navigation, language switch, sign-out) and small shared components.
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { CSS_HREF } from './assets'
import type { PageCtx } from './context'
import { HTML_LANG, pick } from './i18n'
import { labelOf, ROLE_LABELS, SEVERITY_LABELS, STATE_LABELS, STATUS_LABELS } from './vocab'

export type NavKey = 'decisions' | 'dashboard' | 'public' | 'new' | 'trail' | 'signin' | undefined

/** The current URL with `lang` set: the language switch keeps the reader on the same page. */
export function langHref(p: PageCtx, lang: string): string {
  const u = new URL(p.url.toString())
  u.searchParams.set('lang', lang)
  return `${u.pathname}${u.search}${u.hash}`
}

export function Layout(props: { p: PageCtx; title: string; nav?: NavKey; children?: Child }) {
  const { p, title, nav } = props
  const { t, user } = p
  const other = p.lang === 'zh' ? 'en' : 'zh'
  const item = (key: NavKey, href: string, text: string) => (
    <li>
      <a href={href} aria-current={nav === key ? 'page' : undefined}>
        {text}
      </a>
    </li>
  )
  const canDashboard = user && (user.role === 'inspector' || user.role === 'admin')
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={HTML_LANG[p.lang]}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t('appName')}`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={CSS_HREF} />
        </head>
        <body>
          <a class="skip" href="#main">
            {t('skip')}
          </a>
          <header class="site">
            <div class="bar">
              <a class="brand" href="/">
                {t('appName')}
                <small>{t('appTagline')}</small>
              </a>
              <nav class="main" aria-label={t('navMain')}>
                <ul>
                  {user ? item('decisions', '/decisions', t('navDecisions')) : null}
                  {canDashboard ? item('dashboard', '/dashboard', t('navDashboard')) : null}
                  {user?.role === 'organ_office' ? item('new', '/decisions/new', t('navNew')) : null}
                  {item('public', '/public', t('navPublic'))}
                  {user && user.role !== 'admin' ? item('trail', `/people/${user.personId}`, t('navMyTrail')) : null}
                </ul>
              </nav>
              <div class="who">
                <a
                  href={langHref(p, other)}
                  hreflang={HTML_LANG[other]}
                  lang={HTML_LANG[other]}
                  aria-label={t('switchLangLabel')}
                >
                  {t('switchLang')}
                </a>
                {user ? (
                  <>
                    <span>
                      {t('signedInAs')}: {user.name ?? user.personId} · {user.orgName ?? user.orgId} ·{' '}
                      {labelOf(ROLE_LABELS, user.role, p.lang)}
                    </span>
                    <form method="post" action="/signout">
                      <input type="hidden" name="csrf" value={p.csrf} />
                      <button type="submit" class="link">
                        {t('signOut')}
                      </button>
                    </form>
                  </>
                ) : (
                  <a href="/signin" aria-current={nav === 'signin' ? 'page' : undefined}>
                    {t('signIn')}
                  </a>
                )}
              </div>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="site">
            <p>{t('appTagline')} · decision-trail</p>
          </footer>
        </body>
      </html>
    </>
  )
}

export const StatusBadge = (props: { p: PageCtx; status: string | null | undefined }) => {
  const s = props.status ?? 'unknown'
  const icon = s === 'compliant' ? '✓' : s === 'noncompliant' ? '✗' : s === 'in_progress' ? '…' : '?'
  return (
    <span class={`badge st-${STATUS_LABELS[s] ? s : 'unknown'}`}>
      <span aria-hidden="true">{icon} </span>
      {labelOf(STATUS_LABELS, s, props.p.lang)}
    </span>
  )
}

export const SeverityBadge = (props: { p: PageCtx; severity: string }) => (
  <span class={`badge sev-${props.severity}`}>{labelOf(SEVERITY_LABELS, props.severity, props.p.lang)}</span>
)

export const StateBadge = (props: { p: PageCtx; state: string }) => {
  const icon = { done: '✓', missing: '✗', pending: '◷', not_applicable: '–' }[props.state] ?? ''
  return (
    <span class={`badge ob-${props.state}`}>
      <span aria-hidden="true">{icon} </span>
      {labelOf(STATE_LABELS, props.state, props.p.lang)}
    </span>
  )
}

/** Both languages where it helps: the reader's first, the other muted. */
export const Bi = (props: { p: PageCtx; label: { zh: string; en: string } | undefined; fallback?: string }) => {
  const main = pick(props.label, props.p.lang, props.fallback ?? '')
  const other = pick(props.label, props.p.lang === 'zh' ? 'en' : 'zh', '')
  return (
    <>
      {main}
      {other && other !== main ? (
        <span class="muted small" lang={props.p.lang === 'zh' ? 'en' : 'zh-CN'}>
          {' '}
          {other}
        </span>
      ) : null}
    </>
  )
}

export function Notice(props: { kind: 'notice' | 'errors'; children?: Child }) {
  return (
    <div class={props.kind} role={props.kind === 'errors' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}

export const CsrfField = (props: { p: PageCtx }) => <input type="hidden" name="csrf" value={props.p.csrf} />
