// The Cloudflare Workers composition root (wrangler.toml): the same Hono app, use cases and pages
// as on Node, over D1 (binding DB). Each isolate builds its deps once, on its first request, after
// migrating the database. Nothing runs between requests here, so the ledger is sequenced in
// waitUntil() after each write and by a cron trigger (docs/operations.md, "Cloudflare Workers").
import type { D1Database, ExecutionContext, Fetcher, ScheduledController } from '@cloudflare/workers-types'
import type { AppDeps } from './app/deps'
import { installAdminSecret } from './app/tokens'
import { createDeps } from './compose'
import { readConfig } from './config'
import { DomainError } from './domain/errors'
import { buildApp, WRITE_METHODS } from './http/app'
import { problemFrom } from './http/problem'
import type { AssetSource } from './http/routes/system'
import { parseSigningKey, parseVerifierKey } from './ledger/note'
import { createRulebookRegistry } from './rules'
import type { Backend } from './store/backend'
import { openD1 } from './store/d1'
import { migrateToLatest, migrationsCurrent } from './store/migrate'
import { mountWeb } from './web'

export interface WorkerEnv {
  DB: D1Database
  /** Static files (Swagger UI), copied by scripts/worker-assets.mjs at build time. */
  ASSETS?: Fetcher
  /** A secret (`wrangler secret put LEDGER_SIGNING_KEY`): every isolate must sign with one key. */
  LEDGER_SIGNING_KEY?: string
  /** A secret: this exact value is an admin token (there is no console to print one to). */
  DECISION_TRAIL_ADMIN_TOKEN?: string
  /** Extra rulebooks as a JSON array of rulebook documents (RULEBOOKS_DIR has no files here). */
  RULEBOOKS_JSON?: string
  [name: string]: unknown
}

interface Instance {
  deps: AppDeps
  backend: Backend
  app: ReturnType<typeof buildApp>
}

let instance: Promise<Instance> | undefined

/** A deployment mistake the operator must fix; its message is safe to answer with. */
class ConfigurationError extends Error {}

function stringVars(env: WorkerEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

const staticAssets =
  (assets: Fetcher | undefined): AssetSource =>
  async (name) => {
    if (!assets) return undefined
    const res = await assets.fetch(`https://assets.local/${name}`)
    if (!res.ok) return undefined
    return {
      body: new Uint8Array(await res.arrayBuffer()),
      type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    }
  }

async function build(env: WorkerEnv): Promise<Instance> {
  if (!env.LEDGER_SIGNING_KEY) {
    throw new ConfigurationError(
      'LEDGER_SIGNING_KEY is not set: run `wrangler secret put LEDGER_SIGNING_KEY` (docs/operations.md)',
    )
  }
  let config: ReturnType<typeof readConfig>
  try {
    config = readConfig(stringVars(env))
  } catch (e) {
    throw new ConfigurationError((e as Error).message)
  }
  const backend = openD1(env.DB)
  await migrateToLatest(backend)
  const log = (level: 'info' | 'error', message: string) => {
    if (config.logLevel === 'info' || (level === 'error' && config.logLevel === 'error')) console.log(message)
  }
  const extra = env.RULEBOOKS_JSON ? (JSON.parse(env.RULEBOOKS_JSON) as unknown[]) : []
  const deps = createDeps(backend, {
    rulebooks: createRulebookRegistry(extra),
    config: { jurisdiction: config.jurisdiction, defaultRulebook: config.defaultRulebook },
    ledger: {
      origin: config.ledger.origin,
      signingKey: parseSigningKey(env.LEDGER_SIGNING_KEY).key,
      witnessKeys: config.ledger.witnessKeys.map((k) => parseVerifierKey(k)),
      log,
    },
  })
  if (env.DECISION_TRAIL_ADMIN_TOKEN) await installAdminSecret(deps, env.DECISION_TRAIL_ADMIN_TOKEN)
  const app = buildApp(deps, {
    ready: () => migrationsCurrent(backend),
    assets: staticAssets(env.ASSETS),
    pages: mountWeb,
    // Set by Cloudflare's edge, not by the client.
    clientAddress: (req) => req.headers.get('cf-connecting-ip') ?? 'unknown',
    logError: (err) => console.error('[decision-trail] internal error:', err),
  })
  return { deps, backend, app }
}

/** This isolate's instance; a failed start (two isolates migrating at once, say) is retried. */
function get(env: WorkerEnv): Promise<Instance> {
  instance ??= build(env).catch((e: unknown) => {
    instance = undefined
    throw e
  })
  return instance
}

/** The app's own problem for `not-ready` (503): the service is up but cannot serve yet. */
const unavailable = (e: unknown, request: Request) => {
  // Database and other internal errors stay in the Worker's log, never in a response.
  const detail = e instanceof ConfigurationError ? e.message : 'The service could not start; see the Worker log.'
  return new Response(
    JSON.stringify(problemFrom(new DomainError('not-ready', detail), new URL(request.url).pathname)),
    {
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
    },
  )
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let it: Instance
    try {
      it = await get(env)
    } catch (e) {
      console.error('[decision-trail] start-up failed:', e)
      return unavailable(e, request)
    }
    const response = await it.app.fetch(request, env, ctx)
    // Sequence what this request committed (the Node server does it on a debounced timer).
    if (WRITE_METHODS.has(request.method) && response.status < 300) {
      // Detached: this request's own run, never one chained behind another request's I/O.
      ctx.waitUntil(it.deps.ledger.sequenceDetached().catch(() => undefined))
    }
    return response
  },

  /** The cron trigger: sequence anything a cut-short waitUntil() left behind. */
  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const it = await get(env)
    ctx.waitUntil(it.deps.ledger.sequenceDetached().then(() => undefined))
  },
}
