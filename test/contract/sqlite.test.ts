import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite } from '../../src/store/sqlite'
import { eventStoreContract } from './event-store.contract'

eventStoreContract('SQLite in memory', async () => ({ backend: openSqlite(':memory:') }), { durable: false })

eventStoreContract(
  'SQLite file (WAL, synchronous=FULL)',
  async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dt-contract-')), 'db.sqlite')
    return { backend: openSqlite(file), reopen: async () => openSqlite(file) }
  },
  { durable: true },
)
