// Backups (issue 9 item 4): `decision-trail backup <file>` while a real server keeps writing, then
// `restore <file>` into a fresh database: `verify --db` passes there with the same checkpoint root,
// the copy holds every event acknowledged before the backup began, each identical to the
// original, and a server started on it extends the same log. Then what restore refuses: a
// database that holds data (without --force), files that are not decision-trail databases, a
// tampered backup, one from a newer version; and the PostgreSQL message.
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_HELP, backupCommand, RESTORE_HELP, restoreCommand } from '../../src/cli/backup'
import { readConfig } from '../../src/config'
import { formatVerifierKey, generateSigningKey, publicKeyRaw } from '../../src/ledger/note'
import {
  cli,
  client,
  initiation,
  killAll,
  newAdminSecret,
  revision,
  type Server,
  seedDirectory,
  startServer,
  stop,
  tempDir,
} from './support'

const dir = tempDir('dt-backup-')
const db = join(dir, 'live.db')
const keyFile = join(dir, 'ledger-signing-key')
const adminSecret = newAdminSecret()
const env = { DATABASE_URL: db, DECISION_TRAIL_ADMIN_TOKEN: adminSecret, LEDGER_KEY_FILE: keyFile }

let server: Server
let tokens: { organ: string; undertaking: string }
let vkey = ''
const decisions: string[] = []

beforeAll(async () => {
  server = await startServer(env)
  tokens = await seedDirectory(server.url, adminSecret)
  vkey = (await client(server.url).get('/v1/ledger/key')).body.verifierKey as string
  const organ = client(server.url, tokens.organ)
  for (let i = 0; i < 3; i++) {
    const res = await organ.post('/v1/decisions', initiation(`backup seed ${i}`))
    expect(res.status).toBe(201)
    decisions.push(res.body.decisionId as string)
  }
}, 120_000)

afterAll(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs a command function in-process with this environment (same code as the CLI after argv). */
async function direct(
  command: typeof backupCommand,
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const config = readConfig({ DEMO: '0', LOG_LEVEL: 'silent', LEDGER_KEY_FILE: keyFile, DATABASE_URL: db, ...extra })
  const code = await command(args, config, { out: (t) => (stdout += t), err: (l) => (stderr += `${l}\n`) })
  return { code, stdout, stderr }
}

const checkpointLine = (out: string) => /checkpoint (\d+) root (\S+)/.exec(out)?.slice(1) ?? []
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

function eventsOf(file: string): Map<string, string> {
  const raw = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = raw.prepare('select event_id, hash from events').all() as Array<{ event_id: string; hash: string }>
    return new Map(rows.map((r) => [r.event_id, r.hash]))
  } finally {
    raw.close()
  }
}

const backupFile = join(dir, 'backup.db')
const restored = join(dir, 'restored', 'decision-trail.db')
let backedUp: string[] = []

describe('online backup and restore', () => {
  it('backs up while 4 clients keep appending; the restored copy verifies with the same checkpoint root', async () => {
    // A checkpoint over the seeded events, so the snapshot carries one with leaves: the server
    // signs its first (of size 0) at start-up and sequences in the background, so wait for it.
    for (let tries = 0; ; tries++) {
      const res = await client(server.url).get('/v1/ledger/checkpoint')
      expect(res.status).toBe(200)
      if (Number(String(res.body).split('\n')[1]) > 0) break
      expect(tries, 'no checkpoint with leaves within 30 s').toBeLessThan(300)
      await new Promise((r) => setTimeout(r, 100))
    }
    const acked: Array<{ eventId: string; at: number }> = []
    const errors: string[] = []
    let writing = true
    const writer = async (w: number) => {
      const api = client(server.url, tokens.undertaking)
      for (let k = 0; writing; k++) {
        const res = await api.post(`/v1/decisions/${decisions[w % decisions.length]}/events`, revision(`w${w}-${k}`))
        if (res.status === 201) acked.push({ eventId: (res.body.event as { eventId: string }).eventId, at: Date.now() })
        else errors.push(`${res.status} ${JSON.stringify(res.body)}`)
      }
    }
    const writers = [0, 1, 2, 3].map(writer)
    await new Promise((r) => setTimeout(r, 300))
    const started = Date.now()
    const ackedBefore = acked.map((a) => a.eventId)
    const backup = await cli(['backup', backupFile], env)
    const finished = Date.now()
    await new Promise((r) => setTimeout(r, 200))
    writing = false
    await Promise.all(writers)
    expect(errors).toEqual([])
    expect(backup.code, backup.stderr).toBe(0)
    expect(backup.stdout).toMatch(/verified; .*signed by the supplied key.*this machine's ledger key/s)
    // Writes were acknowledged while the backup ran: it was online.
    expect(acked.filter((a) => a.at > started && a.at < finished).length).toBeGreaterThan(0)
    const [size, root] = checkpointLine(backup.stdout)
    expect(Number(size)).toBeGreaterThan(0)
    writeFileSync(join(dir, 'backup.out'), backup.stdout)

    const restore = await cli(['restore', backupFile], { ...env, DATABASE_URL: restored })
    expect(restore.code, restore.stderr).toBe(0)
    expect(checkpointLine(restore.stdout)).toEqual([size, root])

    const verify = await cli(['verify', '--db', restored, '--key', vkey], env)
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(verify.stdout).toContain(`root ${root} signed by the supplied key`)
    expect(verify.stdout.trim().split('\n').at(-1)).toMatch(/^ok {3}database\.verified/)
    // The original signed that very checkpoint.
    const note = await client(server.url).get(`/v1/ledger/checkpoints?size=${size}`)
    expect(note.status).toBe(200)
    expect(String(note.body)).toContain(`\n${size}\n${root}\n`)

    // Everything acknowledged before the backup began is in it, identical to the original.
    const copy = eventsOf(restored)
    const original = eventsOf(db)
    for (const id of ackedBefore) expect(copy.has(id), id).toBe(true)
    for (const [id, hash] of copy) expect(original.get(id), id).toBe(hash)
    expect(copy.size).toBeLessThanOrEqual(original.size)
    backedUp = [...copy.keys()]
  }, 120_000)

  it('a server started on the restored database extends the same log', async () => {
    const saved = join(dir, 'saved.note')
    const [size] = checkpointLine(readFileSync(join(dir, 'backup.out'), 'utf8'))
    const note = await client(server.url).get(`/v1/ledger/checkpoints?size=${size}`)
    writeFileSync(saved, String(note.body)) // what an auditor kept from before the restore
    const onCopy = await startServer({ ...env, DATABASE_URL: restored })
    try {
      const api = client(onCopy.url, tokens.undertaking)
      expect((await api.post(`/v1/decisions/${decisions[0]}/events`, revision('after restore'))).status).toBe(201)
      const latest = await client(onCopy.url).get('/v1/ledger/checkpoint')
      expect(latest.status).toBe(200)
      expect(Number(String(latest.body).split('\n')[1])).toBeGreaterThan(Number(size))
    } finally {
      await stop(onCopy)
    }
    const since = await cli(['verify', '--db', restored, '--key', vkey, '--since', saved], env)
    expect(since.code, since.stdout).toBe(0)
    expect(since.stdout).toMatch(/ok {3}since\.consistency: the saved checkpoint of size \d+ is a prefix of this tree/)
  }, 120_000)
})

describe('what backup and restore refuse', () => {
  it('restore refuses a database that holds data unless --force, and changes nothing', async () => {
    const before = sha(restored)
    const refused = await direct(restoreCommand, [backupFile], { DATABASE_URL: restored })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already holds data; pass --force/)
    expect(sha(restored)).toBe(before)
    const forced = await direct(restoreCommand, [backupFile, '--force'], { DATABASE_URL: restored })
    expect(forced.code, forced.stderr).toBe(0)
    // The event appended after the first restore is gone: the file is the backup again.
    expect([...eventsOf(restored).keys()].sort()).toEqual([...backedUp].sort())
  })

  it('restore refuses files that are not decision-trail databases', async () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'not a database')
    const other = join(dir, 'other.db')
    const raw = new Database(other)
    raw.exec('create table t (x integer); insert into t values (1)')
    raw.close()
    const target = join(dir, 'fresh-1.db')
    const a = await direct(restoreCommand, [text], { DATABASE_URL: target })
    expect(a.code).toBe(1)
    expect(a.stderr).toMatch(/is not a SQLite database/)
    const b = await direct(restoreCommand, [other], { DATABASE_URL: target })
    expect(b.code).toBe(1)
    expect(b.stderr).toMatch(/no migrations table: it is not a decision-trail database/)
    const c = await direct(restoreCommand, [join(dir, 'missing.db')], { DATABASE_URL: target })
    expect(c.code).toBe(1)
    expect(c.stderr).toMatch(/No backup at/)
    expect(eventsOfOrNone(target)).toBeUndefined()
  })

  it('restore refuses a tampered backup and one from a newer version', async () => {
    const tampered = join(dir, 'tampered.db')
    copyFileSync(backupFile, tampered)
    const raw = new Database(tampered)
    raw.prepare("update events set data = replace(data, 'w0-0', 'w0-X') where data like '%w0-0%'").run()
    raw.close()
    const target = join(dir, 'fresh-2.db')
    const t = await direct(restoreCommand, [tampered], { DATABASE_URL: target })
    expect(t.code).toBe(1)
    expect(t.stderr).toMatch(/does NOT verify[\s\S]*FAIL stream\.hash/)
    expect(eventsOfOrNone(target)).toBeUndefined()

    const newer = join(dir, 'newer.db')
    copyFileSync(backupFile, newer)
    const raw2 = new Database(newer)
    raw2.prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', 'now')").run()
    raw2.close()
    const n = await direct(restoreCommand, [newer], { DATABASE_URL: target })
    expect(n.code).toBe(1)
    expect(n.stderr).toMatch(/made by a newer version \(migrations 9999_from_the_future/)
  })

  it('restore signature check: a key that did not sign the log is refused', async () => {
    const otherKey = formatVerifierKey('decision-trail.local/main', publicKeyRaw(generateSigningKey()))
    const r = await direct(restoreCommand, [backupFile, '--key', otherKey], { DATABASE_URL: join(dir, 'fresh-3.db') })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/FAIL checkpoint\.signature/)
  })

  it('backup refuses to overwrite a file, an in-memory database, and names pg_dump for PostgreSQL', async () => {
    const exists = await direct(backupCommand, [backupFile])
    expect(exists.code).toBe(1)
    expect(exists.stderr).toMatch(/exists; choose another file or pass --force/)
    const memory = await direct(backupCommand, [join(dir, 'm.db')], { DATABASE_URL: ':memory:' })
    expect(memory.code).toBe(1)
    const pg = await direct(backupCommand, [join(dir, 'pg.dump')], { DATABASE_URL: 'postgres://localhost/x' })
    expect(pg.code).toBe(2)
    expect(pg.stderr).toMatch(/pg_dump --format=custom/)
    const pgRestore = await direct(restoreCommand, [backupFile], { DATABASE_URL: 'postgresql://localhost/x' })
    expect(pgRestore.code).toBe(2)
    expect(pgRestore.stderr).toMatch(/pg_restore/)
    expect((await direct(backupCommand, [])).stderr).toContain(BACKUP_HELP)
    expect((await direct(restoreCommand, ['a', 'b'])).stderr).toContain(RESTORE_HELP)
  })

  it('both commands have --help', async () => {
    const b = await cli(['backup', '--help'], env)
    expect(b.code).toBe(0)
    expect(b.stdout).toContain('Usage: decision-trail backup <file>')
    const r = await cli(['restore', '--help'], env)
    expect(r.stdout).toContain('Usage: decision-trail restore <file>')
  })
})

function eventsOfOrNone(file: string): Map<string, string> | undefined {
  try {
    return eventsOf(file)
  } catch {
    return undefined
  }
}
