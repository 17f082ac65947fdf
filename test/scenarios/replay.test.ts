// Replays every scenario (../shared/scenarios and test/scenarios) through the HTTP app exactly as
// ../shared/tools/run-scenarios.mjs does over the network — same id suffixing, DocRefs, '@id'
// references and comparisons — except that the person ids used as keys of
// `expect.accountability` get the run's suffix too (the shared runner leaves keys unsuffixed,
// so its accountability lookups cannot match; see docs/operations.md).
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installAdminSecret } from '../../src/app/tokens'
import { createDeps } from '../../src/compose'
import { buildApp } from '../../src/http/app'
import { loadRulebooks } from '../../src/node'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
interface Scenario {
  name: string
  directory?: {
    organizations?: Json[]
    people?: Json[]
    positions?: Array<{ personId: string } & Record<string, Json>>
  }
  actors?: Record<string, { person: string; org: string; role: string }>
  decision: { as: string; occurredAt: string; data: Json }
  events?: Array<{ id?: string; as: string; type: string; occurredAt: string; data?: Json; expectStatus?: number }>
  expect?: {
    status?: string
    findings?: string[]
    ignore?: string[]
    obligations?: Record<string, string>
    details?: Array<{ code: string; detail: Json }>
    accountability?: Record<string, Json>
  }
}

const dirs = [join(process.cwd(), '../shared/scenarios'), join(process.cwd(), 'test/scenarios')].filter(existsSync)
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(d, f)),
)

function subset(actual: unknown, expected: unknown): boolean {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    return Object.entries(expected).every(([k, v]) => subset((actual as Record<string, unknown> | undefined)?.[k], v))
  }
  if (Array.isArray(expected)) return expected.every((x) => Array.isArray(actual) && actual.some((a) => subset(a, x)))
  return JSON.stringify(actual) === JSON.stringify(expected)
}

async function replay(file: string) {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Scenario
  const backend = openSqlite(':memory:')
  await migrateToLatest(backend)
  const deps = createDeps(backend, { rulebooks: await loadRulebooks(join(process.cwd(), 'test/scenarios/rulebooks')) })
  await installAdminSecret(deps, 'scenario-admin-secret')
  const app = buildApp(deps, { ready: async () => true, clientAddress: () => 'replay' })
  const suffix = 'r1x'
  const sha = (name: string) => createHash('sha256').update(`${s.name}:${name}`).digest('hex')
  const ids: Record<string, string> = {}
  const walk = (v: Json, evidence?: Array<Record<string, string>>): Json => {
    if (typeof v === 'string') {
      if (/^(org|per)_[A-Za-z0-9_]+$/.test(v)) return `${v}_${suffix}`
      if (v.startsWith('@') && ids[v.slice(1)]) return ids[v.slice(1)] as string
      return v
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, evidence))
    if (v && typeof v === 'object') {
      if (Object.keys(v).length === 1 && typeof v.doc === 'string') {
        const ref = { name: v.doc, sha256: sha(v.doc) }
        if (evidence && !evidence.some((e) => e.sha256 === ref.sha256))
          evidence.push({ ...ref, mediaType: 'application/pdf' })
        return ref
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, evidence)]))
    }
    return v
  }
  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const ok = async (p: Promise<{ status: number; body: Record<string, unknown> }>, what: string) => {
    const r = await p
    expect(r.status, `${what}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(300)
    return r.body
  }
  const admin = 'scenario-admin-secret'
  const dir = walk((s.directory ?? {}) as Json) as Scenario['directory'] & object
  for (const o of dir.organizations ?? []) await ok(call('POST', '/v1/organizations', admin, o), 'organization')
  for (const p of dir.people ?? []) await ok(call('POST', '/v1/people', admin, p), 'person')
  for (const { personId, ...rest } of dir.positions ?? [])
    await ok(call('POST', `/v1/people/${personId}/positions`, admin, rest), 'position')
  const tokens: Record<string, string> = {}
  for (const [name, a] of Object.entries(
    walk((s.actors ?? {}) as Json) as Record<string, { person: string; org: string; role: string }>,
  )) {
    tokens[name] = (
      await ok(call('POST', '/v1/tokens', admin, { personId: a.person, orgId: a.org, role: a.role }), `token ${name}`)
    ).token as string
  }
  const tok = (as: string) => (as === 'public' ? undefined : as === 'admin' ? admin : tokens[as])
  const ev0: Array<Record<string, string>> = []
  const created = await ok(
    call('POST', '/v1/decisions', tok(s.decision.as), {
      occurredAt: s.decision.occurredAt,
      data: walk(s.decision.data, ev0),
      evidence: ev0,
    }),
    'create decision',
  )
  const decisionId = created.decisionId as string
  for (const [i, e] of (s.events ?? []).entries()) {
    const evidence: Array<Record<string, string>> = []
    const r = await call('POST', `/v1/decisions/${decisionId}/events`, tok(e.as), {
      type: e.type,
      occurredAt: e.occurredAt,
      data: walk(e.data ?? {}, evidence),
      evidence,
    })
    expect(r.status, `event #${i + 1} ${e.type}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(e.expectStatus ?? 201)
    if (r.status < 300 && e.id) ids[e.id] = (r.body.event as { eventId: string }).eventId
  }
  const ex = s.expect ?? {}
  // A scenario without its expected status and findings would pass vacuously.
  expect(ex.status, 'scenario states expect.status').toBeDefined()
  expect(ex.findings, 'scenario states expect.findings').toBeDefined()
  const rep = await ok(call('GET', `/v1/decisions/${decisionId}/compliance`, admin), 'compliance')
  const findings = rep.findings as Array<{ code: string; detail: unknown }>
  expect(rep.status).toBe(ex.status)
  const ignore = new Set(ex.ignore ?? ['late-recording'])
  expect([...new Set(findings.map((f) => f.code))].filter((c) => !ignore.has(c)).sort()).toEqual(
    [...new Set(ex.findings)].sort(),
  )
  if (ex.obligations) {
    const cycles = rep.cycles as Array<{ obligations: Array<{ obligation: string; state: string }> }>
    const states = Object.fromEntries(
      (cycles[cycles.length - 1]?.obligations ?? []).map((o) => [o.obligation, o.state]),
    )
    expect(states).toMatchObject(ex.obligations)
  }
  for (const d of ex.details ?? [])
    expect(
      findings.some((f) => f.code === d.code && subset(f.detail, d.detail)),
      `${d.code} ${JSON.stringify(d.detail)}`,
    ).toBe(true)
  if (ex.accountability) {
    const acc = await ok(call('GET', `/v1/decisions/${decisionId}/accountability`, admin), 'accountability')
    for (const [person, want] of Object.entries(ex.accountability)) {
      const entry = (acc.people as Array<{ personId: string }>).find((p) => p.personId === walk(person))
      expect(entry, `${person} in the trail`).toBeDefined()
      expect(subset(entry, walk(want)), `${person}: ${JSON.stringify(entry)}`).toBe(true)
    }
  }
  await backend.close()
}

describe('scenarios replayed over the HTTP app', () => {
  it.each(files.map((f) => [f.split('/').slice(-2).join('/'), f]))('%s', async (_name, file) => {
    await replay(file)
  })
})
