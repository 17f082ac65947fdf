// Seeds the demo through the real HTTP app (so every step passes the same validation as a
// client's), with the server clock set to each step's simulated recording time.
import type { AppDeps } from '../app/deps'
import { createToken, revokeToken } from '../app/tokens'
import { createDeps } from '../compose'
import { buildApp } from '../http/app'
import type { Backend } from '../store/backend'

export interface SeedClient {
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    opts?: { token?: string; at?: string },
  ): Promise<{ status: number; body: unknown }>
}

export async function withSimulatedClock<T>(
  backend: Backend,
  base: AppDeps,
  run: (client: SeedClient, adminToken: string) => Promise<T>,
): Promise<T> {
  let now = Date.parse('2024-05-01T00:00:00Z')
  const deps = createDeps(backend, {
    clock: () => new Date(now),
    config: base.config,
    rulebooks: base.rulebooks,
    ledger: base.ledger,
  })
  const app = buildApp(deps, {
    ready: async () => true,
    clientAddress: () => 'demo-seed',
    feedbackLimit: { max: 1_000_000, windowMs: 1000 },
  })
  const admin = await createToken(
    deps,
    undefined,
    { personId: 'per_admin', orgId: 'org_admin', role: 'admin' },
    'startup',
  )
  const client: SeedClient = {
    async call(method, path, body, opts = {}) {
      if (opts.at) now = Math.max(now, Date.parse(opts.at))
      const headers: Record<string, string> = { accept: 'application/json' }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const init: RequestInit = { method, headers }
      if (body !== undefined) init.body = JSON.stringify(body)
      const res = await app.request(path, init)
      const text = await res.text()
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null }
    },
  }
  try {
    return await run(client, admin.token)
  } finally {
    // The seeding tokens were never shown to anyone; revoke them all the same.
    now = Date.now()
    const rows = await deps.store.db
      .selectFrom('tokens')
      .select('token_id')
      .where('revoked_at', 'is', null)
      .where('created_by', 'in', ['per_admin'])
      .execute()
    for (const r of rows)
      await revokeToken(deps, { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }, r.token_id).catch(
        () => undefined,
      )
    await revokeToken(deps, { personId: 'per_admin', orgId: 'org_admin', role: 'admin' }, admin.view.id).catch(
      () => undefined,
    )
  }
}
