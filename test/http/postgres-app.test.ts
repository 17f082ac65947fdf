// The HTTP app over PostgreSQL inside `npm test` (PGlite, or the real server with
// TEST_DATABASE_URL): the reads whose SQL differs by dialect or was rewritten for D1's parameter
// limit — case-insensitive search (ILIKE there, LIKE on SQLite), an inspector's jurisdiction as a
// recursive subquery, the organ report's scope subquery — answer as on SQLite.
import { afterAll, describe, expect, it } from 'vitest'
import { freshPostgres, type TestPostgres } from '../support/postgres'
import { createJurisdiction, org } from './support'

let pg: TestPostgres | undefined
let pg2: TestPostgres | undefined
let pg3: TestPostgres | undefined
afterAll(async () => {
  await pg?.drop()
  await pg2?.drop()
  await pg3?.drop()
})

describe('the app on PostgreSQL answers as on SQLite', () => {
  it('searches without regard to ASCII case, scopes inspectors and reports organs', async () => {
    pg = await freshPostgres()
    const [onPg, onSqlite] = [await createJurisdiction({ backend: pg.backend }), await createJurisdiction()]
    for (const j of [onPg, onSqlite]) {
      await j.initiate({ title: 'Metro Line 3 票价调整' })
      await j.initiate({ title: '公交线网优化' })
      await j.initiateB({ title: '另一市 METRO 站点' })
    }
    const answer = async (j: typeof onPg) => {
      const search = await j.admin.get('/v1/decisions?q=metro')
      const inspector = await j.client.inspector.get('/v1/decisions?limit=500')
      const report = await j.client.inspector.get(`/v1/reports/compliance?organId=${org.city}`)
      expect([search.status, inspector.status, report.status]).toEqual([200, 200, 200])
      const titles = (r: typeof search) => (r.body.items as Array<{ title: string }>).map((d) => d.title).sort()
      return {
        search: titles(search),
        inspector: titles(inspector),
        report: (report.body.decisions as unknown[]).length,
      }
    }
    const fromPg = await answer(onPg)
    expect(fromPg).toEqual({
      search: ['Metro Line 3 票价调整', '另一市 METRO 站点'],
      inspector: ['Metro Line 3 票价调整', '公交线网优化'],
      report: 2,
    })
    expect(fromPg).toEqual(await answer(onSqlite))
  })

  // PostgreSQL's text and jsonb cannot hold U+0000: refused before any SQL, on both alike.
  it('refuses the NUL character in URLs and bodies with the same 400, never a 500', async () => {
    pg2 = await freshPostgres()
    const [onPg, onSqlite] = [await createJurisdiction({ backend: pg2.backend }), await createJurisdiction()]
    const answer = async (j: typeof onPg) => {
      const d = await j.initiate()
      const replies = [
        await j.admin.get('/v1/decisions?q=a%00b'),
        await j.admin.get('/v1/people/per_a%00b'),
        await j.public.get('/v1/public/decisions?q=%00'),
        await j.admin.del('/v1/tokens/tok%00'),
        await j.client.organ.post('/v1/decisions', {
          occurredAt: '2026-11-19T09:00:00+08:00',
          data: { title: 'x\u0000y' },
        }),
        await j.append(j.client.undertaking, d, 'DraftPrepared', {}, { correlationId: 'c\u0000' }),
      ]
      return replies.map((r) => [r.status, r.body.code, (r.body.errors as Array<{ path: string }>)[0]?.path])
    }
    const fromPg = await answer(onPg)
    expect(fromPg).toEqual([
      [400, 'validation-failed', 'q'],
      [400, 'validation-failed', 'id'],
      [400, 'validation-failed', 'q'],
      [400, 'validation-failed', 'id'],
      [400, 'validation-failed', 'data.title'],
      [400, 'validation-failed', 'correlationId'],
    ])
    expect(fromPg).toEqual(await answer(onSqlite))
  })

  // Concurrent transactions on PostgreSQL: the loser of the race for a directory row decides
  // again and answers 409, never 500.
  it('registers one id from many clients at once: one 201, the rest 409', async () => {
    pg3 = await freshPostgres()
    const j = await createJurisdiction({ backend: pg3.backend })
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => j.admin.post('/v1/people', { id: `per_pgrace_${round}`, name: '并发登记' })),
      )
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(11).fill(409)])
    }
  })
})
