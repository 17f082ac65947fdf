// Real servers for the reliability tests: `node bin/decision-trail.mjs serve` on 127.0.0.1 with a
// port the OS picks (PORT=0), a temporary database and key, killed in afterAll whatever happened.
// Plus a small fetch client and the directory the fixtures' payloads need.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { evidenceFor } from '../fixtures/events'
import { payload } from '../http/support'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BIN = join(ROOT, 'bin', 'decision-trail.mjs')

export const tempDir = (prefix = 'dt-reliability-') => mkdtempSync(join(tmpdir(), prefix))

/** Environment for every child: no stray configuration from the caller's shell. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) =>
        v !== undefined &&
        !/^(DATABASE_URL|PORT|HOST|DEMO|DECISION_TRAIL_ADMIN_TOKEN|JURISDICTION|RULEBOOKS_DIR|LEDGER_\w+|LOG_LEVEL)$/.test(
          k,
        ),
    ),
  ) as Record<string, string>
  return { ...clean, DEMO: '0', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', ...env }
}

const children = new Set<ChildProcess>()

export interface Server {
  url: string
  pid: number
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  exited: Promise<void>
}

/** Starts `serve` and resolves once it prints its URL (loopback, a port the OS chose). */
export function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let log = ''
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      children.delete(child)
      resolve()
    })
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs)
    const onData = (b: Buffer) => {
      log += b.toString()
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve({ url: m[1], pid: child.pid as number, child, output: () => log, exited })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code ?? signal}) before serving:\n${log}`))
    })
  })
}

/** SIGKILL: no handler runs, nothing is flushed — a crash. */
export async function crash(server: Server): Promise<void> {
  server.child.kill('SIGKILL')
  await server.exited
}

/** SIGTERM: the server's own clean shutdown. */
export async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  server.child.kill('SIGTERM')
  await server.exited
}

/** For afterAll: kills every child still running, by its own pid. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve()
          c.once('exit', () => resolve())
          c.kill('SIGKILL')
        }),
    ),
  )
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real CLI with this environment (DEMO=0, no stray configuration). */
export function cli(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env), timeout: timeoutMs }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: out, stderr: err }),
    )
  })
}

export interface Reply {
  status: number
  body: Record<string, unknown>
  headers: Headers
}

/** A JSON client for one token (none: the public). Network errors reject, as they should. */
export function client(base: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers }
    if (token) h.authorization = `Bearer ${token}`
    if (body !== undefined) h['content-type'] = 'application/json'
    const res = await fetch(base + path, {
      method,
      headers: h,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as Record<string, unknown>, headers: res.headers } satisfies Reply
  }
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
  }
}
export type Client = ReturnType<typeof client>

export const newAdminSecret = () => `reliability-admin-${randomBytes(16).toString('hex')}`

/** The organizations the fixture payloads name, and one organ office and one undertaking token. */
export async function seedDirectory(
  base: string,
  adminSecret: string,
): Promise<{ organ: string; undertaking: string }> {
  const admin = client(base, adminSecret)
  const must = async (p: Promise<Reply>) => {
    const r = await p
    if (r.status !== 201) throw new Error(`seed: ${r.status} ${JSON.stringify(r.body)}`)
    return r
  }
  await must(admin.post('/v1/organizations', { id: 'org_city', name: '某市人民政府', kind: 'government' }))
  for (const [id, name] of [
    ['org_transport', '某市交通运输局'],
    ['org_finance', '某市财政局'],
  ] as const)
    await must(admin.post('/v1/organizations', { id, name, kind: 'department', parentId: 'org_city' }))
  const tokens = { organ: '', undertaking: '' }
  for (const [name, orgId, role] of [
    ['organ', 'org_city', 'organ_office'],
    ['undertaking', 'org_transport', 'undertaking'],
  ] as const) {
    await must(admin.post('/v1/people', { id: `per_${name}_staff`, name: `${name} staff` }))
    const t = await must(admin.post('/v1/tokens', { personId: `per_${name}_staff`, orgId, role }))
    tokens[name] = t.body.token as string
  }
  return tokens
}

/** A minute ago by the real clock: the servers here run on it. */
const past = () => new Date(Date.now() - 60_000).toISOString()

/** A DecisionInitiated body (city A's fare decision) with a title of the caller's choice. */
export function initiation(title: string, patch: Record<string, unknown> = {}) {
  const data = payload('DecisionInitiated', { title, ...patch })
  return { occurredAt: past(), data, evidence: evidenceFor(data) }
}

/** A DraftRevised append body whose reason carries a marker, so each write is recognisable. */
export function revision(marker: string) {
  const data = payload('DraftRevised', { reason: marker })
  return { type: 'DraftRevised', occurredAt: past(), data, evidence: evidenceFor(data) }
}
