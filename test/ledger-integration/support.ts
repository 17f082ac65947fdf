// A jurisdiction (test/http/support.ts) whose ledger signs with a key the test chooses, plus
// helpers to copy its database to a file and tamper with the rows directly (better-sqlite3), as a
// dishonest operator with database access would.
import type { KeyObject } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { Ledger, type LedgerOptions } from '../../src/app/ledger'
import { formatVerifierKey, generateSigningKey, publicKeyRaw } from '../../src/ledger/note'
import type { LedgerBundle } from '../../src/ledger/verify'
import { openSqlite } from '../../src/store/sqlite'
import { createJurisdiction, type Jurisdiction } from '../http/support'

export const ORIGIN = 'decision-trail.test/ledger'

export const vkeyOf = (key: KeyObject): string => formatVerifierKey(ORIGIN, publicKeyRaw(key))

export async function ledgerJurisdiction(
  key: KeyObject = generateSigningKey(),
  options: Partial<LedgerOptions> = {},
): Promise<Jurisdiction & { key: KeyObject; vkey: string; logs: string[] }> {
  const j = await createJurisdiction()
  const logs: string[] = []
  // Nothing was sequenced yet, so swapping the ledger before the first run loses nothing.
  j.deps.ledger = new Ledger(j.backend, j.deps.clock, {
    origin: ORIGIN,
    signingKey: key,
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...options,
  })
  return Object.assign(j, { key, vkey: vkeyOf(key), logs })
}

/** A decision with a few steps, by the fixture jurisdiction's city A. Returns its id. */
export async function fareDecision(j: Jurisdiction, title = '关于调整城市公交票价的决定'): Promise<string> {
  const d = await j.initiate({ title })
  await j.record(j.client.undertaking, d, 'DraftPrepared')
  await j.record(j.client.undertaking, d, 'PublicCommentOpened')
  await j.record(j.client.undertaking, d, 'PublicCommentClosed')
  await j.record(j.client.organ, d, 'DecisionPublished')
  return d
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dt-ledger-'))
}

/** Copies the in-memory database to a file an auditor (or an attacker) can open. */
export async function copyToFile(j: Jurisdiction, file: string): Promise<string> {
  await sql`vacuum into ${file}`.execute(j.backend.db)
  return file
}

/** Runs raw SQL on a database file, outside the application (the tampering). */
export function tamper(file: string, run: (db: Database.Database) => void): void {
  const db = new Database(file)
  try {
    run(db)
  } finally {
    db.close()
  }
}

export async function exportBundle(j: Jurisdiction, decisionId: string, query = ''): Promise<LedgerBundle> {
  const res = await j.admin.get(`/v1/decisions/${decisionId}/export${query}`)
  if (res.status !== 200) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as unknown as LedgerBundle
}

export const openFile = (file: string) => openSqlite(file)
