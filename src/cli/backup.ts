// `decision-trail backup <file>` and `restore <file>` for the embedded SQLite database.
// backup copies a consistent snapshot online (SQLite's backup API, one read transaction, while the
// server keeps writing), then audits the copy as `verify --db` does before putting it in place.
// restore checks that a file is a decision-trail database that verifies, refuses to overwrite a
// database holding data unless --force, and puts the copy in place atomically (rename).
// PostgreSQL deployments use pg_dump / pg_restore (docs/operations.md).
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrations } from '../../migrations/index'
import { auditDatabase } from '../app/ledger-audit'
import type { Config } from '../config'
import { parseCheckpoint } from '../ledger/checkpoint'
import { parseNote, parsePublicKeyInput, type VerifierKey } from '../ledger/note'
import type { CheckResult } from '../ledger/verify'
import { loadLedgerKey } from '../node'
import type { Backend } from '../store/backend'
import { readLatestCheckpoint } from '../store/ledger-store'
import type { Database } from '../store/schema'
import type { CliIo } from './io'
import { formatResult, vkeyOf } from './verify'

export const BACKUP_HELP = `Usage: decision-trail backup <file> [--force]

Copies the SQLite database of DATABASE_URL to <file> while the server keeps running: SQLite's
online backup API takes one consistent snapshot (every committed event up to that instant, no
half-written unit). The copy is then checked like \`verify --db\` (every hash, chain, Merkle node
and checkpoint; signatures with this machine's ledger key when it has one) and only then put in
place. Prints the snapshot's checkpoint (size and root). Refuses an existing <file> unless
--force. The ledger signing key is not in the database: back it up separately, and safely.
PostgreSQL: use pg_dump (see docs/operations.md).
Exit codes: 0 ok, 1 failure (the copy does not verify, the file exists, I/O), 2 usage.`

export const RESTORE_HELP = `Usage: decision-trail restore <file> [--force] [--key <vkey | key file>]

Restores a backup made by \`decision-trail backup\` into DATABASE_URL. Stop the server first.
Checks that <file> is a decision-trail database (its migrations table names only migrations this
version knows), that SQLite finds it intact, and that it verifies like \`verify --db\` — with
--key, or this machine's ledger key when it has one, the checkpoint signatures too. Refuses to
overwrite a database that holds any data unless --force. Then copies it into place atomically.
Prints the restored checkpoint (size and root): it must equal the one \`backup\` printed.
PostgreSQL: use pg_restore (see docs/operations.md).
Exit codes: 0 ok, 1 refused or failed (nothing was changed), 2 usage.`

const PG_URL = /^postgres(ql)?:\/\//

const pgMessage = (command: 'backup' | 'restore') =>
  `${command} works on the embedded SQLite database only. DATABASE_URL is a PostgreSQL database: use ` +
  (command === 'backup'
    ? '`pg_dump --format=custom --file=<file> "$DATABASE_URL"`'
    : '`pg_restore --clean --if-exists --dbname="$DATABASE_URL" <file>`') +
  ', then `decision-trail verify --db "$DATABASE_URL"` (docs/operations.md, "Backup and restore").'

/** A read-only view of a SQLite file as a Backend (only `db` is used: audits and checks). */
function openReadOnly(file: string): Backend & { raw: SqliteDatabase.Database } {
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  return {
    dialect: 'sqlite',
    db,
    raw,
    atomic: async () => {
      throw new Error('read-only')
    },
    close: () => db.destroy(),
  }
}

function isSqliteFile(file: string): boolean {
  const head = Buffer.alloc(16)
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0'
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Why `raw` is not a decision-trail database this version can use, or undefined. */
function notOurs(raw: SqliteDatabase.Database, integrity: boolean): string | undefined {
  if (integrity) {
    const result = raw.pragma('integrity_check', { simple: true })
    if (result !== 'ok') return `SQLite finds it damaged: ${String(result)}`
  }
  const table = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
  if (!table) return 'it has no migrations table: it is not a decision-trail database'
  const names = (raw.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map(
    (r) => r.name,
  )
  const unknown = names.filter((n) => !(n in migrations))
  if (unknown.length) return `it was made by a newer version (migrations ${unknown.join(', ')} are unknown here)`
  if (!names.includes('0001_initial')) return 'its migrations table is empty: it is not a decision-trail database'
  return undefined
}

/** Tables holding data: anything but the migration bookkeeping and the ledger's state row. */
function holdsData(file: string): boolean {
  if (!existsSync(file)) return false
  if (statSync(file).size === 0) return false
  if (!isSqliteFile(file)) return true // some other file: never overwritten without --force
  const raw = new SqliteDatabase(file, { fileMustExist: true })
  try {
    const tables = raw
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' " +
          "and name not in ('kysely_migration', 'kysely_migration_lock', 'ledger_state')",
      )
      .all() as Array<{ name: string }>
    return tables.some((t) => raw.prepare(`select 1 from "${t.name.replaceAll('"', '""')}" limit 1`).get())
  } finally {
    raw.close()
  }
}

const sqliteFile = (url: string) => url.replace(/^file:/, '')

/** The key to check signatures with: --key, else this machine's configured key, else none. */
async function auditKey(
  config: Config,
  given: string | undefined,
  origin: string,
): Promise<{ key?: VerifierKey; said: string }> {
  if (given !== undefined) {
    const text = existsSync(given) ? readFileSync(given, 'utf8') : given
    const key = parsePublicKeyInput(text, origin)
    return { key, said: `signatures checked with the supplied key ${key.keyId}` }
  }
  const configured = await loadLedgerKey(config, false)
  if (!configured) return { said: 'no ledger key on this machine: signatures NOT checked (pass --key)' }
  const key = parsePublicKeyInput(vkeyOf(config.ledger.origin, configured.key), origin)
  return { key, said: `signatures checked with this machine's ledger key ${key.keyId}` }
}

interface Audited {
  results: CheckResult[]
  checkpoint: string
  said: string
}

/** Audits a SQLite file read-only; the checkpoint line names the latest tree size and root. */
async function auditFile(file: string, config: Config, io: CliIo, given?: string): Promise<Audited> {
  const backend = openReadOnly(file)
  try {
    const latest = await readLatestCheckpoint(backend.db)
    let origin = config.ledger.origin
    if (latest) {
      try {
        origin = parseCheckpoint(parseNote(latest.note).text).origin
      } catch {
        // the audit reports the bad note
      }
    }
    const { key, said } = await auditKey(config, given, origin)
    const results = await auditDatabase({ backend, key, progress: (line) => io.err(line) })
    const checkpoint = latest
      ? `checkpoint ${latest.treeSize} root ${Buffer.from(latest.rootHash, 'hex').toString('base64')}`
      : 'no checkpoint yet (an empty log)'
    return { results, checkpoint, said }
  } finally {
    await backend.close()
  }
}

const failed = (results: readonly CheckResult[]) => results.find((r) => !r.ok)
const summary = (results: readonly CheckResult[]) => results[results.length - 1]?.detail ?? ''

function parse(args: string[], withKey: boolean) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, ...(withKey ? { key: { type: 'string' as const } } : {}) },
  })
}

export async function backupCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args, false)
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${BACKUP_HELP}`)
    return 2
  }
  if (parsed.positionals.length !== 1) {
    io.err(BACKUP_HELP)
    return 2
  }
  if (PG_URL.test(config.databaseUrl)) {
    io.err(pgMessage('backup'))
    return 2
  }
  const source = sqliteFile(config.databaseUrl)
  const target = resolve(parsed.positionals[0] as string)
  if (source === ':memory:') {
    io.err('DATABASE_URL is :memory:: there is nothing on disk to back up.')
    return 1
  }
  if (!existsSync(source)) {
    io.err(`No database at ${source} (DATABASE_URL).`)
    return 1
  }
  if (resolve(source) === target) {
    io.err('The backup file must not be the database itself.')
    return 1
  }
  if (existsSync(target) && !parsed.values.force) {
    io.err(`${target} exists; choose another file or pass --force to replace it.`)
    return 1
  }
  if (!existsSync(dirname(target))) {
    io.err(`The directory ${dirname(target)} does not exist.`)
    return 1
  }
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  const db = new SqliteDatabase(source, { fileMustExist: true })
  try {
    const why = notOurs(db, false)
    if (why) {
      io.err(`${source} cannot be backed up: ${why}.`)
      return 1
    }
    db.pragma('busy_timeout = 10000')
    const started = Date.now()
    // Step 0 sizes the copy; then everything is copied in ONE step, i.e. one read transaction: a
    // consistent snapshot, and in WAL mode the server's writers are never blocked by it.
    await db.backup(partial, {
      progress: ({ totalPages }) => {
        io.err(`backup: copying ${totalPages} pages (${((totalPages * pageSize(db)) / 2 ** 20).toFixed(1)} MiB)…`)
        return 0x7fffffff
      },
    })
    // A self-contained file (no -wal beside it) that SQLite finds intact.
    const copy = new SqliteDatabase(partial)
    try {
      copy.pragma('journal_mode = DELETE')
      const damaged = notOurs(copy, true)
      if (damaged) throw new Error(`the copy is unusable: ${damaged}`)
    } finally {
      copy.close()
    }
    io.err(`backup: snapshot taken in ${((Date.now() - started) / 1000).toFixed(1)} s; verifying the copy…`)
  } catch (e) {
    rmSync(partial, { force: true })
    io.err(`backup failed: ${(e as Error).message}`)
    return 1
  } finally {
    db.close()
  }
  const audited = await auditFile(partial, config, io)
  const bad = failed(audited.results)
  if (bad) {
    const kept = `${target}.unverified`
    renameSync(partial, kept)
    io.err(`backup: the copy does NOT verify (${audited.said}):\n${formatResult(bad)}`)
    io.err(`The database itself fails \`verify --db\`; the copy was kept at ${kept} for investigation.`)
    return 1
  }
  renameSync(partial, target)
  io.out(`backup: ${target}: ${summary(audited.results)}; ${audited.said}\n`)
  io.out(`backup: ${audited.checkpoint}\n`)
  return 0
}

const pageSize = (db: SqliteDatabase.Database) => Number(db.pragma('page_size', { simple: true }))

export async function restoreCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args, true)
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${RESTORE_HELP}`)
    return 2
  }
  if (parsed.positionals.length !== 1) {
    io.err(RESTORE_HELP)
    return 2
  }
  if (PG_URL.test(config.databaseUrl)) {
    io.err(pgMessage('restore'))
    return 2
  }
  const target = sqliteFile(config.databaseUrl)
  const source = resolve(parsed.positionals[0] as string)
  if (target === ':memory:') {
    io.err('DATABASE_URL is :memory:: restore into a database file.')
    return 1
  }
  if (!existsSync(source)) {
    io.err(`No backup at ${source}.`)
    return 1
  }
  if (resolve(target) === source) {
    io.err('The backup file is DATABASE_URL itself.')
    return 1
  }
  if (!isSqliteFile(source)) {
    io.err(`${source} is not a SQLite database, so not a decision-trail backup. Nothing was changed.`)
    return 1
  }
  let why: string | undefined
  try {
    const check = openReadOnly(source)
    try {
      why = notOurs(check.raw, true)
    } finally {
      await check.close()
    }
  } catch (e) {
    why = `it cannot be opened: ${(e as Error).message}`
  }
  if (why) {
    io.err(`${source} cannot be restored: ${why}. Nothing was changed.`)
    return 1
  }
  if (holdsData(target) && !parsed.values.force) {
    io.err(`${target} (DATABASE_URL) already holds data; pass --force to replace it. Nothing was changed.`)
    return 1
  }
  const key = parsed.values.key as string | undefined
  let audited: Audited
  try {
    audited = await auditFile(source, config, io, key)
  } catch (e) {
    io.err(`${source} cannot be restored: ${(e as Error).message}. Nothing was changed.`)
    return 1
  }
  const bad = failed(audited.results)
  if (bad) {
    io.err(`${source} does NOT verify (${audited.said}); nothing was changed:\n${formatResult(bad)}`)
    return 1
  }
  const dir = dirname(resolve(target))
  mkdirSync(dir, { recursive: true })
  const partial = join(dir, `.${basename(target)}.${process.pid}.restoring`)
  const from = new SqliteDatabase(source, { readonly: true, fileMustExist: true })
  try {
    await from.backup(partial, { progress: () => 0x7fffffff })
  } catch (e) {
    rmSync(partial, { force: true })
    io.err(`restore failed: ${(e as Error).message}. Nothing was changed.`)
    return 1
  } finally {
    from.close()
  }
  // The old database's WAL must not be replayed into the restored file.
  for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true })
  renameSync(partial, target)
  io.out(`restore: ${target}: ${summary(audited.results)}; ${audited.said}\n`)
  io.out(`restore: ${audited.checkpoint}\n`)
  io.err(
    'Start the server with the ledger signing key this log was signed with (LEDGER_KEY_FILE or LEDGER_SIGNING_KEY).',
  )
  return 0
}
