// The event-store contract on PostgreSQL: the real server when TEST_DATABASE_URL is set (CI),
// PGlite in process otherwise, so `npm test` always runs the PostgreSQL SQL.
import { afterAll } from 'vitest'
import { freshPostgres, type TestPostgres } from '../support/postgres'
import { eventStoreContract } from './event-store.contract'

const opened: TestPostgres[] = []
afterAll(async () => {
  for (const p of opened) await p.drop()
})

const probe = await freshPostgres()
opened.push(probe)

eventStoreContract(
  probe.kind === 'postgres' ? 'PostgreSQL (TEST_DATABASE_URL)' : 'PostgreSQL (PGlite in process)',
  async () => {
    const p = await freshPostgres()
    opened.push(p)
    return p.reopen ? { backend: p.backend, reopen: p.reopen } : { backend: p.backend }
  },
  { durable: probe.kind === 'postgres' },
)
