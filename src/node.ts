// The Node composition root: the only place that wires the real clock, ids, database and files.
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { serve } from '@hono/node-server'
import type { AppDeps } from './app/deps'
import { createDeps } from './compose'
import type { Config } from './config'
import { buildApp } from './http/app'
import type { AssetSource } from './http/routes/system'
import { createRulebookRegistry, type RulebookRegistry } from './rules'
import type { Backend } from './store/backend'
import { migrateToLatest, migrationsCurrent } from './store/migrate'
import { openSqlite } from './store/sqlite'

export async function openBackend(databaseUrl: string): Promise<Backend> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('PostgreSQL support is not available in this build yet; use a SQLite file path or :memory:.')
  }
  return openSqlite(databaseUrl.replace(/^file:/, ''))
}

/** The shipped rulebooks plus every *.json in RULEBOOKS_DIR; a bad file stops start-up, naming the field. */
export async function loadRulebooks(dir: string | undefined): Promise<RulebookRegistry> {
  if (!dir) return createRulebookRegistry()
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const docs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as unknown))
  return createRulebookRegistry(docs)
}

export async function nodeDeps(backend: Backend, config: Config, clock?: () => Date): Promise<AppDeps> {
  return createDeps(backend, {
    ...(clock ? { clock } : {}),
    rulebooks: await loadRulebooks(config.rulebooksDir),
    config: { jurisdiction: config.jurisdiction, defaultRulebook: config.defaultRulebook },
  })
}

/** Swagger UI's files from node_modules, so /docs works on an offline network. */
export const swaggerAssets: AssetSource = async (name) => {
  const require = createRequire(import.meta.url)
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'))
  try {
    const body = new Uint8Array(await readFile(join(dir, name)))
    return { body, type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' }
  } catch {
    return undefined
  }
}

export async function startServer(
  deps: AppDeps,
  backend: Backend,
  config: Config,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = buildApp(deps, {
    ready: () => migrationsCurrent(backend),
    assets: swaggerAssets,
    clientAddress: (_req, env) =>
      (env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress ?? 'unknown',
    logError: (err) => {
      if (config.logLevel !== 'silent') console.error('[decision-trail] internal error:', err)
    },
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  return {
    url: `http://${config.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export { migrateToLatest }
