// lineage(): an organization and its ancestors, nearest first — what every append and decision
// read asks (authority: an inspector's jurisdiction is a subtree). One recursive query, on SQLite
// and PostgreSQL alike; rows are written straight into the directory table to reach the cases the
// API never makes (a parent that is not there, a cycle, a chain deeper than the limit).
import { afterAll, describe, expect, it } from 'vitest'
import { lineage } from '../../src/app/directory'
import { createTestApp } from '../support/app'
import { freshPostgres, type TestPostgres } from '../support/postgres'

let pg: TestPostgres | undefined
afterAll(async () => {
  await pg?.drop()
})

const backends = [
  ['SQLite', async () => (await createTestApp()).deps],
  [
    'PostgreSQL',
    async () => {
      pg = await freshPostgres()
      return (await createTestApp({ backend: pg.backend })).deps
    },
  ],
] as const

describe.each(backends)('lineage on %s', (_name, open) => {
  it('walks up the parent chain, nearest first, and stops at a missing parent, a cycle or 32 levels', async () => {
    const deps = await open()
    const org = (org_id: string, parent_id: string | null) => ({
      org_id,
      name: org_id,
      kind: 'department',
      parent_id,
      registered_at: '2025-01-01T00:00:00.000Z',
    })
    const chain = Array.from({ length: 40 }, (_, i) => org(`org_deep${i}`, i === 0 ? null : `org_deep${i - 1}`))
    await deps.store.db
      .insertInto('organizations')
      .values([
        org('org_prov', null),
        org('org_city', 'org_prov'),
        org('org_bureau', 'org_city'),
        org('org_orphan', 'org_gone'),
        org('org_a', 'org_b'),
        org('org_b', 'org_a'),
      ])
      .execute()
    for (const row of chain) await deps.store.db.insertInto('organizations').values(row).execute()

    expect(await lineage(deps, 'org_bureau')).toEqual(['org_bureau', 'org_city', 'org_prov'])
    expect(await lineage(deps, 'org_prov')).toEqual(['org_prov'])
    expect(await lineage(deps, 'org_unknown')).toEqual(['org_unknown'])
    // The missing parent is named (it may be granted rights), and nothing above it is guessed.
    expect(await lineage(deps, 'org_orphan')).toEqual(['org_orphan', 'org_gone'])
    expect(await lineage(deps, 'org_a')).toEqual(['org_a', 'org_b'])
    const deep = await lineage(deps, 'org_deep39')
    expect(deep).toHaveLength(32)
    expect(deep.slice(0, 3)).toEqual(['org_deep39', 'org_deep38', 'org_deep37'])
    expect(deep.at(-1)).toBe('org_deep8')
  })
})
