// verify --db on PostgreSQL (PGlite in process, or the real server with TEST_DATABASE_URL): the
// audit's paged Kysely reads give the very results of the audit as it was (reference-audit.ts),
// on the honest database and on tampered ones.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../src/app/ledger'
import { auditDatabase } from '../../src/app/ledger-audit'
import { generateSigningKey, parseVerifierKey } from '../../src/ledger/note'
import { createJurisdiction, type Jurisdiction } from '../http/support'
import { freshPostgres, type TestPostgres } from '../support/postgres'
import { auditDatabase as referenceAudit } from './reference-audit'
import { fareDecision, ORIGIN, vkeyOf } from './support'

const KEY = generateSigningKey()
const VKEY = parseVerifierKey(vkeyOf(KEY))
let pg: TestPostgres
let j: Jurisdiction

beforeAll(async () => {
  pg = await freshPostgres()
  j = await createJurisdiction({ backend: pg.backend })
  j.deps.ledger = new Ledger(j.backend, j.deps.clock, { origin: ORIGIN, signingKey: KEY })
  for (let i = 0; i < 3; i++) await fareDecision(j, `决策 ${i}`)
  await j.deps.ledger.sequenceNow()
  await fareDecision(j, '决策 3')
  await j.deps.ledger.sequenceNow()
}, 120_000)

afterAll(async () => {
  await j?.close()
  await pg?.drop()
})

async function both(pageSize?: number) {
  const input = { backend: pg.backend, key: VKEY, ...(pageSize ? { pageSize } : {}) }
  const run = async (f: typeof auditDatabase) => {
    try {
      return await f(input)
    } catch (e) {
      return { threw: String(e) }
    }
  }
  return [await run(auditDatabase), await run(referenceAudit)] as const
}

describe('verify --db on PostgreSQL', () => {
  it('gives the reference results, honest and tampered, with any page size', async () => {
    const check = async (expected: string) => {
      for (const pageSize of [undefined, 3]) {
        const [now, reference] = await both(pageSize)
        expect(now).toEqual(reference)
        expect((now as Array<{ check: string }>).at(-1)?.check).toBe(expected)
      }
    }
    await check('database.verified')
    const { db } = pg.backend
    const victim = await db
      .selectFrom('events')
      .select(['position', 'data'])
      .orderBy('position')
      .offset(7)
      .limit(1)
      .executeTakeFirstOrThrow()
    await sql`update events set data = ${`${victim.data.slice(0, -1)} }`} where position = ${victim.position}`.execute(
      db,
    )
    await check('database.verified') // whitespace: the same canonical JSON
    await sql`update events set data = ${`${victim.data.slice(0, -1)},"x":1}`} where position = ${victim.position}`.execute(
      db,
    )
    await check('stream.hash')
    await sql`update events set data = ${victim.data} where position = ${victim.position}`.execute(db)
    await sql`update ledger_nodes set hash = ${'ab'.repeat(32)} where level = 1 and idx = 2`.execute(db)
    await check('tree.nodes')
  }, 120_000)
})
