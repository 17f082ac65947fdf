// Configuration from the environment (src/config.ts): PG_PREPARE, read as the other switches are;
// DECISION_TRAIL_ADMIN_TOKEN.
import { describe, expect, it } from 'vitest'
import { authenticate, installAdminSecret } from '../../src/app/tokens'
import { createDeps } from '../../src/compose'
import { readConfig } from '../../src/config'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'

describe('PG_PREPARE', () => {
  it('is on unless switched off', () => {
    expect(readConfig({}).pgPrepare).toBe(true)
    for (const on of ['1', 'true', 'yes']) expect(readConfig({ PG_PREPARE: on }).pgPrepare).toBe(true)
    for (const off of ['0', 'false', 'no']) expect(readConfig({ PG_PREPARE: off }).pgPrepare).toBe(false)
  })

  it('refuses any other value, naming the variable', () => {
    expect(() => readConfig({ PG_PREPARE: 'maybe' })).toThrow(/PG_PREPARE/)
  })
})

describe('DECISION_TRAIL_ADMIN_TOKEN', () => {
  it('takes that exact secret, whatever its length (api.md §1), and it authenticates as admin', async () => {
    for (const secret of ['ops', 'ops-secret-1', 'a'.repeat(64)]) {
      expect(readConfig({ DECISION_TRAIL_ADMIN_TOKEN: secret }).adminToken).toBe(secret)
    }
    expect(readConfig({ DECISION_TRAIL_ADMIN_TOKEN: '' }).adminToken).toBeUndefined()
    const backend = openSqlite(':memory:')
    await migrateToLatest(backend)
    const deps = createDeps(backend)
    await installAdminSecret(deps, 'ops')
    expect(await authenticate(deps, 'ops')).toMatchObject({ role: 'admin', tokenId: 'envadmin' })
    await expect(authenticate(deps, 'ops2')).rejects.toMatchObject({ code: 'token-invalid' })
    await backend.close()
  })
})
