// The web UI (docs/web.md): server-rendered pages over the same use cases as the API, mounted
// by src/http/app.ts next to /v1. Pages only: the middleware runs on the page paths, never on
// the API's.
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { DomainError } from '../domain/errors'
import { NUL_ISSUE, nulKeys } from '../domain/validation'
import { WEB_CSS } from './assets'
import { type SharedLimiters, type WebEnv, type WebHost, webContext } from './context'
import { dashboardRoutes } from './pages/dashboard'
import { decisionRoutes } from './pages/decision'
import { decisionListRoutes } from './pages/decisions'
import { errorPage } from './pages/error'
import { personRoutes } from './pages/person'
import { publicRoutes } from './pages/public'
import { recordRoutes } from './pages/record'
import { signInRoutes } from './pages/signin'
import { SessionStore } from './session'

/** The paths the pages answer (each also with a tail: `/decisions/…`). */
export const WEB_PATHS = [
  '/',
  '/signin',
  '/signout',
  '/decisions',
  '/dashboard',
  '/dashboard.csv',
  '/people',
  '/public',
]

/** Uploaded documents are hashed, not stored; a form with files may be this large. */
const MAX_FORM_BYTES = 25 * 1024 * 1024

export function webApp(opts: SharedLimiters): Hono<WebEnv> {
  const web = new Hono<WebEnv>()
  const options = {
    sessions: new SessionStore(),
    feedbackLimiter: opts.feedbackLimiter,
    authFailures: opts.authFailures,
  }
  web.use('*', async (c, next) => {
    c.set('deps', c.env.deps)
    await next()
  })

  web.get('/assets/web.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8')
    c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache')
    return c.body(WEB_CSS)
  })

  const context = webContext(options)
  const limit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new DomainError('payload-too-large', 'Forms are limited to 25 MiB.')
    },
  })
  // A form body that cannot be parsed (malformed multipart, say) is a 400, not a 500. Parsed once
  // here; handlers' parseBody() reuses Hono's cached result.
  const readableForm: MiddlewareHandler<WebEnv> = async (c, next) => {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody({ all: true })
    } catch {
      throw new DomainError('validation-failed', 'The form could not be read: the request body is malformed.')
    }
    // As the JSON intake: no field may hold U+0000 (PostgreSQL's text cannot).
    const nul = nulKeys(Object.entries(form))
    if (nul.length)
      throw new DomainError(
        'validation-failed',
        'The form contains the NUL character (U+0000).',
        nul.map((k) => ({ path: [k], ...NUL_ISSUE })),
      )
    await next()
  }
  // `/x/*` also matches `/x` itself.
  for (const path of WEB_PATHS) {
    const pattern = path === '/' ? '/' : `${path}/*`
    web.use(pattern, context)
    web.post(pattern, limit, readableForm)
  }

  web.get('/', (c) => c.redirect(c.get('web').user ? '/decisions' : '/public', 303))
  signInRoutes(web, options)
  recordRoutes(web)
  decisionListRoutes(web)
  decisionRoutes(web)
  dashboardRoutes(web)
  personRoutes(web)
  publicRoutes(web, options)
  // Unknown page paths get an HTML 404 (the API keeps its problem+json one).
  for (const path of WEB_PATHS.filter((x) => x !== '/'))
    web.all(`${path}/*`, () => {
      throw new DomainError('not-found', 'No such page.')
    })

  web.notFound((c) => c.text('Not found', 404))
  web.onError((err, c) => {
    if (!c.get('web')) return c.text('Internal error', 500)
    return errorPage(c, err)
  })
  return web
}

/**
 * Mounts the pages on the host app. They run as their own Hono app behind one catch-all route per
 * page path, so the API's middleware, route list and OpenAPI document stay the API's alone.
 */
export function mountWeb<E extends { Variables: Pick<WebHost, 'deps' | 'options'> }>(
  app: Hono<E>,
  opts: SharedLimiters,
): void {
  const web = webApp(opts)
  const handler = (c: Context<E>) => {
    const host: WebHost = { deps: c.var.deps, options: c.var.options, env: c.env }
    return web.fetch(c.req.raw, host)
  }
  for (const path of [...WEB_PATHS, '/assets']) app.all(path === '/' ? '/' : `${path}/*`, handler)
}
