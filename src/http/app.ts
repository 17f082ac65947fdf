// The Hono application: the same for Node, PostgreSQL and Workers; composition roots pass deps.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppDeps } from '../app/deps'
import { logRefusal } from '../app/refusals'
import { DomainError } from '../domain/errors'
import { NUL_ISSUE, nulKeys } from '../domain/validation'
import { AuthFailureLimiter, authMiddleware } from './auth'
import { refuseDeclaredTooLarge } from './body'
import { type Env, type HttpOptions, PUBLIC_ACTOR } from './env'
import { internalProblem, isDomainError, problemFrom } from './problem'
import { accountabilityRoutes } from './routes/accountability'
import { complianceRoutes } from './routes/compliance'
import { decisionRoutes } from './routes/decisions'
import { directoryRoutes } from './routes/directory'
import { eventRoutes } from './routes/events'
import { ledgerRoutes } from './routes/ledger'
import { publicRoutes, RateLimiter } from './routes/public'
import { reportRoutes } from './routes/reports'
import { type AssetSource, systemRoutes } from './routes/system'
import { tokenRoutes } from './routes/tokens'

export interface BuildOptions extends HttpOptions {
  ready: () => Promise<boolean>
  assets?: AssetSource
  /** Failed authentications per address per window before 429 (default 20 per minute). */
  authFailureLimit?: { max: number; windowMs: number }
  /** Mounts the server-rendered pages; they share the feedback and failed-authentication limits. */
  pages?: (app: OpenAPIHono<Env>, shared: { feedbackLimiter: RateLimiter; authFailures: AuthFailureLimiter }) => void
  /** Where unexpected errors go (never to the client). */
  logError?: (err: unknown, c: Context) => void
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function buildApp(deps: AppDeps, options: BuildOptions) {
  const app = new OpenAPIHono<Env>()
  const limiter = new RateLimiter(options.feedbackLimit?.max ?? 10, options.feedbackLimit?.windowMs ?? 60_000)
  const authFailures = new AuthFailureLimiter(
    options.authFailureLimit?.max ?? 20,
    options.authFailureLimit?.windowMs ?? 60_000,
  )

  app.use('*', async (c, next) => {
    c.set('deps', deps)
    c.set('options', options)
    c.set('actor', PUBLIC_ACTOR)
    c.set('tokenId', undefined)
    c.set('eventType', undefined)
    await next()
  })
  app.use(
    '*',
    secureHeaders({
      crossOriginEmbedderPolicy: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    }),
  )
  // A declared length over the limit is refused before the body is read, right after the token
  // (so the refusal log names who tried, domain.md §5); a body that turns out longer (sent in
  // chunks) is refused while it is read (readJson). Hono's bodyLimit would do the same but builds
  // a web Request around Node's for every request just to look at its body.
  app.use('/v1/*', authMiddleware(authFailures))
  app.use('/v1/*', async (c, next) => {
    refuseDeclaredTooLarge(c)
    await next()
  })
  // The web pages and other routes outside /v1 (whose parameters parseQuery and route() check,
  // naming them): a NUL in the URL is refused before anything reads it.
  app.use('*', async (c, next) => {
    if (!c.req.path.startsWith('/v1/')) refuseNulInUrl(c.req.url)
    await next()
  })

  decisionRoutes(app)
  complianceRoutes(app)
  accountabilityRoutes(app)
  reportRoutes(app)
  eventRoutes(app, deps.commits ? (l) => deps.commits?.on(l) ?? (() => undefined) : undefined)
  directoryRoutes(app)
  ledgerRoutes(app)
  tokenRoutes(app)
  publicRoutes(app, limiter)
  systemRoutes(app, options.ready, options.assets)
  // The web pages (docs/web.md), mounted by the composition root: http/ does not import web/.
  options.pages?.(app, { feedbackLimiter: limiter, authFailures })

  app.notFound((c) =>
    respondProblem(c, new DomainError('not-found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  )
  app.onError(async (err, c) => {
    if (!isDomainError(err)) {
      options.logError?.(err, c)
      return c.json(internalProblem(new URL(c.req.url).pathname), 500, { 'Content-Type': 'application/problem+json' })
    }
    return respondProblem(c, err)
  })
  return app
}

async function respondProblem(c: Context<Env>, err: DomainError): Promise<Response> {
  const path = new URL(c.req.url).pathname
  const problem = problemFrom(err, path)
  if (WRITE_METHODS.has(c.req.method) && problem.status >= 400 && problem.status < 500) {
    try {
      const actor = c.get('actor')
      await logRefusal(c.get('deps'), {
        tokenId: c.get('tokenId'),
        actor: err.code.startsWith('token-') || err.code === 'unauthenticated' ? undefined : actor,
        method: c.req.method,
        path,
        streamId: /^\/v1\/(?:public\/)?decisions\/(dec_[^/]+)/.exec(path)?.[1],
        eventType: c.get('eventType'),
        status: problem.status,
        code: problem.code,
        detail: problem.detail,
      })
    } catch {
      // The refusal stands even if it cannot be logged (e.g. the database is down).
    }
  }
  if (problem.status === 401) c.header('WWW-Authenticate', 'Bearer')
  return c.json(problem, problem.status as 400, { 'Content-Type': 'application/problem+json' })
}

export type App = ReturnType<typeof buildApp>

/**
 * A NUL (%00) in the path or the query of a page: no identifier, filter or search holds one, and
 * PostgreSQL's text cannot, so it is refused alike on every backend (the JSON intake refuses
 * U+0000 in bodies the same way). The errors name the query parameter, or `path`.
 */
export function refuseNulInUrl(raw: string): void {
  if (!/%00/i.test(raw)) return
  const url = new URL(raw)
  const params = nulKeys(url.searchParams)
  const paths = /%00/i.test(url.pathname) ? [['path']] : []
  if (!paths.length && !params.length) return
  throw new DomainError('validation-failed', 'The request URL contains the NUL character (%00).', [
    ...paths.map((path) => ({ path, ...NUL_ISSUE })),
    ...params.map((k) => ({ path: [k], ...NUL_ISSUE })),
  ])
}
