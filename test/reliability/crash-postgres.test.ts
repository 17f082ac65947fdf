// Crash safety once on PostgreSQL (issue 9 item 1): the very same test as crash.test.ts, on a
// fresh schema of the real server named by TEST_DATABASE_URL (CI starts one). PGlite cannot stand
// in here: the server under test is another process, killed with SIGKILL.
import { afterAll, describe, it } from 'vitest'
import { freshPostgres, TEST_DATABASE_URL, type TestPostgres } from '../support/postgres'

let db: TestPostgres | undefined
afterAll(async () => {
  await db?.drop()
})

if (TEST_DATABASE_URL) {
  db = await freshPostgres()
  await db.backend.close()
  process.env.CRASH_DATABASE_URL = db.url
  process.env.CRASH_ITERATIONS ??= '3' // "once on PostgreSQL", with margin
  await import('./crash.test')
} else {
  describe('crash safety on PostgreSQL', () => {
    it.skip('needs TEST_DATABASE_URL (a real server; .ci/run provides one)', () => undefined)
  })
}
