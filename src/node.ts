// The Node composition root: the only place that wires the real clock, ids, database and files.
import { type KeyObject, randomUUID } from 'node:crypto'
import { chmod, link, mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { serve } from '@hono/node-server'
import type { AppDeps } from './app/deps'
import { createDeps } from './compose'
import type { Config } from './config'
import { buildApp } from './http/app'
import type { AssetSource } from './http/routes/system'
import { generateSigningKey, parseSigningKey, parseVerifierKey, privateKeyToPem } from './ledger/note'
import { createRulebookRegistry, RulebookLoadError, type RulebookRegistry } from './rules'
import type { Backend } from './store/backend'
import { migrateToLatest, migrationsCurrent } from './store/migrate'
import { openPostgres } from './store/postgres'
import { openSqlite } from './store/sqlite'
import { mountWeb } from './web'

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

export async function openBackend(
  databaseUrl: string,
  options: { pgPoolMax?: number; pgPrepare?: boolean } = {},
): Promise<Backend> {
  if (isPostgresUrl(databaseUrl))
    return openPostgres(databaseUrl, { max: options.pgPoolMax, prepare: options.pgPrepare })
  return openSqlite(databaseUrl.replace(/^file:/, ''))
}

/** The shipped rulebooks plus every *.json in RULEBOOKS_DIR; a bad file stops start-up, naming the field. */
export async function loadRulebooks(dir: string | undefined): Promise<RulebookRegistry> {
  if (!dir) return createRulebookRegistry()
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const docs = await Promise.all(
    files.map(async (f) => {
      const text = await readFile(join(dir, f), 'utf8')
      try {
        return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
      } catch (e) {
        throw new RulebookLoadError([
          { document: join(dir, f), path: '(root)', message: `not JSON: ${(e as Error).message}` },
        ])
      }
    }),
  )
  return createRulebookRegistry(docs)
}

export interface LedgerKeySource {
  key: KeyObject
  /** Where it came from, for the start-up line. */
  source: string
  ephemeral: boolean
}

/** Where the ledger key file lives by default: beside a SQLite file database; none for :memory:. */
export function defaultKeyFile(databaseUrl: string): string | undefined {
  if (isPostgresUrl(databaseUrl)) return './data/ledger-signing-key'
  const file = databaseUrl.replace(/^file:/, '')
  return file === ':memory:' ? undefined : join(dirname(file), 'ledger-signing-key')
}

/**
 * The ledger signing key: LEDGER_SIGNING_KEY, else the key file (LEDGER_KEY_FILE or the default),
 * created with mode 0600 on first start when `create`; an in-memory database without either gets
 * an ephemeral key. Undefined when there is no key and `create` is false.
 */
export async function loadLedgerKey(config: Config, create: boolean): Promise<LedgerKeySource | undefined> {
  if (config.ledger.signingKey) {
    return { key: parseSigningKey(config.ledger.signingKey).key, source: 'LEDGER_SIGNING_KEY', ephemeral: false }
  }
  const file = config.ledger.keyFile ?? defaultKeyFile(config.databaseUrl)
  if (file === undefined) {
    return create
      ? { key: generateSigningKey(), source: 'an ephemeral key (in-memory database)', ephemeral: true }
      : undefined
  }
  let text: string | undefined
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  if (text !== undefined) {
    const mode = (await stat(file)).mode & 0o777
    const loose = mode & 0o077 ? ` (WARNING: mode ${mode.toString(8)}; run chmod 600 ${file})` : ''
    return { key: parseSigningKey(text).key, source: `${file}${loose}`, ephemeral: false }
  }
  if (!create) return undefined
  const key = generateSigningKey()
  await mkdir(dirname(file), { recursive: true })
  // Written whole to a private temporary file, then linked into place: link() is atomic and fails
  // when another process (a CLI command starting at the same time) created the key first.
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`
  await writeFile(tmp, privateKeyToPem(key), { mode: 0o600, flag: 'wx' })
  await chmod(tmp, 0o600) // whatever the umask
  try {
    await link(tmp, file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    return loadLedgerKey(config, false) as Promise<LedgerKeySource>
  } finally {
    await unlink(tmp)
  }
  return { key, source: `${file} (created)`, ephemeral: false }
}

/** Log lines at the configured level, to stderr (`decision-trail export > bundle.json` keeps stdout for the bundle). */
export function logger(config: Pick<Config, 'logLevel'>): (level: 'info' | 'error', message: string) => void {
  return (level, message) => {
    if (config.logLevel === 'info' || (level === 'error' && config.logLevel === 'error')) console.error(message)
  }
}

export async function nodeDeps(backend: Backend, config: Config, clock?: () => Date): Promise<AppDeps> {
  const key = await loadLedgerKey(config, true)
  if (!key) throw new Error('no ledger signing key')
  const log = logger(config)
  if (key.ephemeral)
    log('info', 'ledger: signing with an ephemeral key; checkpoints cannot be verified after a restart')
  const deps = createDeps(backend, {
    ...(clock ? { clock } : {}),
    rulebooks: await loadRulebooks(config.rulebooksDir),
    config: { jurisdiction: config.jurisdiction, defaultRulebook: config.defaultRulebook },
    ledger: {
      origin: config.ledger.origin,
      signingKey: key.key,
      witnessKeys: config.ledger.witnessKeys.map((k) => parseVerifierKey(k)),
      log,
    },
  })
  if (key.source.endsWith('(created)')) log('info', `ledger: signing key ${key.source}`)
  return deps
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
    pages: mountWeb,
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
