// A decision-trail server in a process of its own (`node bin/decision-trail.mjs serve`), as it is
// deployed, for the cases that measure over HTTP; its peak RSS is read from /proc (VmHWM).
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { DATA_DIR, REPO_DIR } from './paths'

export const ADMIN_SECRET = 'bench-admin-secret-0123456789abcdef'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  pid: number
  /** Peak resident set size so far (VmHWM), MiB; undefined where /proc is not available. */
  peakRssMiB(): number | undefined
  rssMiB(): number | undefined
  stop(): Promise<void>
}

const statusField = (pid: number, field: string): number | undefined => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

/**
 * Starts `serve` on `databaseFile` (DEMO=0, the bench admin secret) and resolves once it answers
 * /healthz. With BENCH_CPU_PROF=1 the server writes a CPU profile to bench/.data/prof/server.
 */
export async function startServer(opts: {
  databaseFile: string
  env?: Record<string, string>
  log: (line: string) => void
}): Promise<RunningServer> {
  const port = await freePort()
  const nodeArgs =
    process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(DATA_DIR, 'prof', 'server')}`] : []
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(REPO_DIR, 'bin', 'decision-trail.mjs'), 'serve'],
    {
      cwd: REPO_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        DEMO: '0',
        DATABASE_URL: opts.databaseFile,
        PORT: String(port),
        HOST: '127.0.0.1',
        DECISION_TRAIL_ADMIN_TOKEN: ADMIN_SECRET,
        LOG_LEVEL: 'error',
        ...opts.env,
      },
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000)
  })
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))])
    if (done) throw new Error(`the server exited during start-up: ${stderr.trim().slice(-2000)}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server did not answer within 120 s: ${stderr.trim().slice(-2000)}`)
    }
  }
  const pid = child.pid as number
  return {
    url,
    pid,
    peakRssMiB: () => statusField(pid, 'VmHWM'),
    rssMiB: () => statusField(pid, 'VmRSS'),
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
      if (stderr.trim()) opts.log(`server stderr: ${stderr.trim().slice(-1500)}`)
    },
  }
}

/** JSON over HTTP for setting up a server (not what is measured). */
export async function call(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  let json: unknown = text
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: res.status, body: json }
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await task(items[i] as T, i)
    }),
  )
  return out
}
