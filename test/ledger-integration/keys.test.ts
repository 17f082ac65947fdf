// The ledger signing key at start-up: LEDGER_SIGNING_KEY, else a 0600 key file created once (also
// when two processes start together), else — for :memory: — an ephemeral key.
import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config'
import { formatVerifierKey, generateSigningKey, privateKeyToPem, publicKeyRaw } from '../../src/ledger/note'
import { defaultKeyFile, loadLedgerKey } from '../../src/node'
import { tempDir } from './support'

const vkey = (k: Awaited<ReturnType<typeof loadLedgerKey>>) => formatVerifierKey('x', publicKeyRaw(k!.key))

describe('loadLedgerKey', () => {
  it('creates the key file beside the database with mode 0600, then reads the same key back', async () => {
    const dir = tempDir()
    const config = readConfig({ DATABASE_URL: join(dir, 'db.sqlite') })
    expect(defaultKeyFile(config.databaseUrl)).toBe(join(dir, 'ledger-signing-key'))
    expect(await loadLedgerKey(config, false)).toBeUndefined()
    const created = await loadLedgerKey(config, true)
    expect(created?.source).toMatch(/\(created\)$/)
    expect(statSync(join(dir, 'ledger-signing-key')).mode & 0o777).toBe(0o600)
    expect(vkey(await loadLedgerKey(config, true))).toBe(vkey(created))
  })

  it('creates one key when two processes start at once', async () => {
    const config = readConfig({ DATABASE_URL: join(tempDir(), 'db.sqlite') })
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => loadLedgerKey(config, true)))
    expect(new Set([vkey(a), vkey(b), vkey(c), vkey(await loadLedgerKey(config, false))]).size).toBe(1)
  })

  it('prefers LEDGER_SIGNING_KEY, then LEDGER_KEY_FILE, and warns about a loose mode', async () => {
    const key = generateSigningKey()
    const dir = tempDir()
    const fromEnv = await loadLedgerKey(
      readConfig({ DATABASE_URL: join(dir, 'db.sqlite'), LEDGER_SIGNING_KEY: privateKeyToPem(key) }),
      true,
    )
    expect(fromEnv?.source).toBe('LEDGER_SIGNING_KEY')
    expect(publicKeyRaw(fromEnv!.key)).toEqual(publicKeyRaw(key))
    const file = join(dir, 'elsewhere.pem')
    writeFileSync(file, privateKeyToPem(key), { mode: 0o644 })
    const fromFile = await loadLedgerKey(readConfig({ DATABASE_URL: ':memory:', LEDGER_KEY_FILE: file }), true)
    expect(publicKeyRaw(fromFile!.key)).toEqual(publicKeyRaw(key))
    expect(fromFile?.source).toMatch(/WARNING: mode 644/)
  })

  it('gives an in-memory database an ephemeral key, and says so', async () => {
    const k = await loadLedgerKey(readConfig({ DATABASE_URL: ':memory:' }), true)
    expect(k?.ephemeral).toBe(true)
    expect(k?.source).toMatch(/ephemeral/)
  })
})

describe('ledger configuration', () => {
  it('defaults the origin from the jurisdiction and splits witness keys', () => {
    const c = readConfig({ JURISDICTION: 'jiangzhou', LEDGER_WITNESS_KEYS: ' a+1+x , b+2+y ' })
    expect(c.ledger.origin).toBe('decision-trail.local/jiangzhou')
    expect(c.ledger.witnessKeys).toEqual(['a+1+x', 'b+2+y'])
    expect(() => readConfig({ LEDGER_ORIGIN: 'has space' })).toThrow(/LEDGER_ORIGIN/)
  })
})
