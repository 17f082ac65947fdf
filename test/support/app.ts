// An app on an in-memory SQLite database with a settable clock and sequential ULIDs, driven
// through app.request() exactly as a client would.

import { installAdminSecret } from '../../src/app/tokens'
import { createDeps } from '../../src/compose'
import { buildApp } from '../../src/http/app'
import type { Backend } from '../../src/store/backend'
import { migrateToLatest, migrationsCurrent } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { mountWeb } from '../../src/web'
import { withParameterLimit } from './param-limit'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 01000000000000000000000001, …0002, …: valid, sortable ULIDs for reproducible tests. */
export function sequentialIds(start = 1): () => string {
  let n = start
  return () => {
    let v = n++
    let s = ''
    while (v > 0) {
      s = CROCKFORD[v % 32] + s
      v = Math.floor(v / 32)
    }
    return `01${s.padStart(24, '0')}`
  }
}

export interface TestClock {
  now: () => Date
  set: (iso: string) => void
  advance: (ms: number) => void
}

export function testClock(start = '2026-11-20T02:00:00.000Z'): TestClock {
  let t = Date.parse(start)
  return { now: () => new Date(t), set: (iso) => (t = Date.parse(iso)), advance: (ms) => (t += ms) }
}

export const ADMIN = 'test-admin-secret'

export async function createTestApp(opts: { backend?: Backend; clock?: TestClock } = {}) {
  const raw = opts.backend ?? openSqlite(':memory:')
  await migrateToLatest(raw)
  // Every statement the app runs must bind ≤ 100 parameters, as on D1.
  const backend = withParameterLimit(raw)
  const clock = opts.clock ?? testClock()
  const deps = createDeps(backend, { clock: clock.now, newId: sequentialIds() })
  await installAdminSecret(deps, ADMIN)
  const app = buildApp(deps, {
    ready: () => migrationsCurrent(backend),
    pages: mountWeb,
    clientAddress: () => '127.0.0.1',
    ssePollMs: 20,
  })
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    const res = await app.request(path, init)
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = text
    }
    return {
      status: res.status,
      body: json as Record<string, unknown> & { [k: string]: unknown },
      headers: res.headers,
    }
  }
  const as = (token: string | undefined) => ({
    get: (path: string, headers: Record<string, string> = {}) =>
      call('GET', path, undefined, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, body, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
    del: (path: string, headers: Record<string, string> = {}) =>
      call('DELETE', path, undefined, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
  })
  return { app, deps, backend, clock, call, as, admin: as(ADMIN), close: () => backend.close() }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>
