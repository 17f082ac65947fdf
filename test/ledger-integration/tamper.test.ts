// Each tampering of ledger.md §4, done the way a dishonest operator would — by editing the stored
// rows of a SQLite file directly, or the exported bundle — and caught by `decision-trail verify`
// (bundle) and `decision-trail verify --db` (whole database).
import { execFile } from 'node:child_process'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { Ledger } from '../../src/app/ledger'
import { exportDecision } from '../../src/app/ledger-export'
import { verifyCommand } from '../../src/cli/verify'
import { createDeps } from '../../src/compose'
import { GENESIS_HASH, type StoredEvent } from '../../src/domain/envelope'
import { fromHex, toHex } from '../../src/ledger/bytes'
import { signCheckpoint } from '../../src/ledger/checkpoint'
import { eventHash } from '../../src/ledger/event-hash'
import { nodeKey, rootFrom } from '../../src/ledger/merkle'
import { generateSigningKey, parseNote, privateKeyToPem, signNote } from '../../src/ledger/note'
import type { LedgerBundle } from '../../src/ledger/verify'
import { rowToEvent } from '../../src/store/event-store'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { copyToFile, exportBundle, fareDecision, ledgerJurisdiction, ORIGIN, tamper, tempDir, vkeyOf } from './support'

const KEY = generateSigningKey()
const VKEY = vkeyOf(KEY)
const dir = tempDir()
const path = (name: string) => join(dir, name)

let base: string
let decision: string
let saved: string // a checkpoint the auditor saved after the first batch
let savedSize: number
let honest: LedgerBundle

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await verifyCommand(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    openDb: async (url) => openSqlite(url),
  })
  return { code, out, err }
}

/** The failure line, after checking that everything before it passed. */
function failure(r: { code: number; out: string[] }): string {
  expect(r.code, r.out.join('\n')).toBe(1)
  const last = r.out.at(-1) ?? ''
  expect(last).toMatch(/^FAIL /)
  expect(r.out.slice(0, -1).every((l) => l.startsWith('ok'))).toBe(true)
  return last
}

/** A fresh copy of the honest database to tamper with. */
function copy(name: string): string {
  const file = path(name)
  copyFileSync(base, file)
  return file
}

function writeJson(name: string, value: unknown): string {
  writeFileSync(path(name), JSON.stringify(value))
  return path(name)
}

/** What the tampered database would export (with the operator's real key). */
async function exportFrom(file: string, decisionId = decision): Promise<string> {
  const backend = openSqlite(file)
  try {
    const deps = createDeps(backend, { ledger: { origin: ORIGIN, signingKey: KEY } })
    const b = await exportDecision(deps, { personId: 'per_x', orgId: 'org_x', role: 'admin' }, decisionId)
    return writeJson(`${file.split('/').at(-1)}.bundle.json`, b)
  } finally {
    await backend.close()
  }
}

const OTHER = 'dec_01ZZZZZZZZZZZZZZZZZZZZZZZY'

async function sequence(file: string): Promise<void> {
  const backend = openSqlite(file)
  await new Ledger(backend, () => new Date(), { origin: ORIGIN, signingKey: KEY }).sequenceNow()
  await backend.close()
}

/** The operator's rebuild: drop the whole tree and sequence again in position order (with the key). */
async function resequence(file: string): Promise<void> {
  tamper(file, (db) => {
    db.exec('delete from ledger_leaves; delete from ledger_nodes; delete from ledger_checkpoints')
    db.prepare('update ledger_state set next_index = 0, last_position = -1').run()
  })
  await sequence(file)
}

function streamRows(file: string, streamId: string): StoredEvent[] {
  let rows: StoredEvent[] = []
  tamper(file, (db) => {
    rows = (
      db.prepare('select * from events where stream_id = ? order by version').all(streamId) as Parameters<
        typeof rowToEvent
      >[0][]
    ).map(rowToEvent)
  })
  return rows
}

beforeAll(async () => {
  const j = await ledgerJurisdiction(KEY)
  decision = await fareDecision(j)
  savedSize = (await j.deps.ledger.sequenceNow()).treeSize
  saved = (await j.deps.ledger.latestCheckpoint())!.note
  await j.initiate({ title: '另一项决策' })
  await j.record(j.client.organ, decision, 'ExecutingUnitAssigned')
  await j.record(j.client.organ, decision, 'DecisionSuspended', {})
  await j.deps.ledger.sequenceNow()
  honest = await exportBundle(j, decision)
  base = await copyToFile(j, path('base.db'))
  await j.close()
  writeFileSync(path('saved.checkpoint'), saved)
  writeFileSync(path('vkey'), VKEY)
})

describe('the honest log', () => {
  it('verify bundle.json --key passes, one line per check', async () => {
    const r = await run(writeJson('honest.json', honest), '--key', VKEY)
    expect(r.code, r.out.join('\n')).toBe(0)
    expect(r.out.every((l) => l.startsWith('ok'))).toBe(true)
    expect(r.out.filter((l) => l.startsWith('ok   event.inclusion'))).toHaveLength(honest.events.length)
    expect(r.out.at(-1)).toMatch(/^ok {3}bundle\.verified/)
  })

  it('accepts the key from a file, as a vkey or as the signing key file itself', async () => {
    expect((await run(path('honest.json'), '--key', path('vkey'))).code).toBe(0)
    writeFileSync(path('signing-key.pem'), privateKeyToPem(KEY))
    expect((await run(path('honest.json'), '--key', path('signing-key.pem'))).code).toBe(0)
  })

  it('verify --db passes: every stream, every node, every checkpoint', async () => {
    const r = await run('--db', base, '--key', VKEY)
    expect(r.code, r.out.join('\n')).toBe(0)
    for (const check of ['stream', 'tree.leaves', 'tree.nodes', 'checkpoint', 'database.verified']) {
      expect(r.out.some((l) => l.startsWith(`ok   ${check}`))).toBe(true)
    }
    expect(r.err.some((l) => /events checked/.test(l))).toBe(true) // progress on stderr
  })

  it('verify --db with no key to check signatures with fails, and still audits the rest', async () => {
    // No --key and no configured key (the test's env has none): api.md §4 allows exit 0 only
    // when every signature checks.
    const r = await run('--db', base)
    expect(r.code, r.out.join('\n')).toBe(1)
    expect(r.out[0]).toMatch(/^FAIL key: .*signatures cannot be checked; pass --key/)
    expect(r.out.some((l) => l.startsWith('ok   tree.nodes'))).toBe(true)
    expect(r.out.at(-1)).toMatch(/^FAIL signatures: not checked: pass --key/)
    // A database with no checkpoint has no signature to check.
    const empty = path('no-checkpoint.db')
    const fresh = openSqlite(empty)
    await migrateToLatest(fresh)
    await fresh.close()
    const e = await run('--db', empty)
    expect(e.code, e.out.join('\n')).toBe(0)
    expect(e.out[0]).toMatch(/^ok {3}key: .*no checkpoint to check/)
  })

  it('--since a saved checkpoint passes, for the bundle and the database', async () => {
    const backend = openSqlite(copy('since.db'))
    const deps = createDeps(backend, { ledger: { origin: ORIGIN, signingKey: KEY } })
    const b = await exportDecision(deps, { personId: 'per_x', orgId: 'org_x', role: 'admin' }, decision, {
      since: savedSize,
    })
    await backend.close()
    expect((await run(writeJson('since.json', b), '--key', VKEY, '--since', path('saved.checkpoint'))).code).toBe(0)
    expect((await run('--db', base, '--key', VKEY, '--since', path('saved.checkpoint'))).code).toBe(0)
  })

  it('usage errors exit 2; a missing proof for --since is named', async () => {
    expect((await run(path('honest.json'))).code).toBe(2)
    expect((await run()).code).toBe(2)
    // --threads: a whole number up to 64, and only with --db.
    for (const bad of ['many', '-1', '65', '1.5', '']) {
      const r = await run('--db', base, `--threads=${bad}`)
      expect(r.code, bad).toBe(2)
      expect(r.err.join('\n')).toContain('--threads must be a whole number from 0 to 64')
    }
    const bundleThreads = await run(path('honest.json'), '--key', VKEY, '--threads', '2')
    expect(bundleThreads.code).toBe(2)
    expect(bundleThreads.err.join('\n')).toContain('--threads goes with --db')
    expect(failure(await run(path('honest.json'), '--key', VKEY, '--since', path('saved.checkpoint')))).toMatch(
      /no consistency proof/,
    )
  })
})

describe('tampering caught (ledger.md §4)', () => {
  it('a changed byte in a stored event’s data', async () => {
    const file = copy('changed.db')
    const victim = streamRows(file, decision)[2]!
    tamper(file, (db) =>
      db.prepare("update events set data = replace(data, 'a', 'b') where event_id = ?").run(victim.eventId),
    )
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      new RegExp(`^FAIL stream\\.hash ${decision} ${victim.eventId} .*the event was altered`),
    )
    expect(failure(await run(await exportFrom(file), '--key', VKEY))).toMatch(
      new RegExp(`^FAIL event\\.hash ${victim.eventId} \\(v3\\)`),
    )
  })

  it('the same with worker threads or none (--threads 2, --threads 0): the pass, and the failure it names', async () => {
    const file = copy('changed-threads.db')
    const victim = streamRows(file, decision)[2]!
    const honestRuns = [
      await run('--db', file, '--key', VKEY, '--threads', '0'),
      await run('--db', file, '--key', VKEY, '--threads', '2'),
    ]
    for (const r of honestRuns) expect(r.code, r.out.join('\n')).toBe(0)
    expect(honestRuns[1]?.out).toEqual(honestRuns[0]?.out)
    expect(honestRuns[1]?.err.join('\n')).not.toContain('could not run')
    tamper(file, (db) =>
      db.prepare("update events set data = replace(data, 'a', 'b') where event_id = ?").run(victim.eventId),
    )
    const [none, two] = [
      await run('--db', file, '--key', VKEY, '--threads', '0'),
      await run('--db', file, '--key', VKEY, '--threads', '2'),
    ]
    expect(failure(two)).toMatch(
      new RegExp(`^FAIL stream\\.hash ${decision} ${victim.eventId} .*the event was altered`),
    )
    expect(two.out).toEqual(none.out)
  })

  it('a deleted event in the middle of a stream', async () => {
    const file = copy('deleted.db')
    const [, , v3, v4] = streamRows(file, decision)
    tamper(file, (db) => db.prepare('delete from events where event_id = ?').run(v3!.eventId))
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      new RegExp(`^FAIL stream\\.version ${decision} ${v4!.eventId} .*expected version 3`),
    )
    expect(failure(await run(await exportFrom(file), '--key', VKEY))).toMatch(
      new RegExp(`^FAIL stream\\.version ${v4!.eventId} \\(v4\\)`),
    )
  })

  it('a truncated tail: events removed (the bundle alone cannot tell; the database audit can)', async () => {
    const file = copy('truncated.db')
    const rows = streamRows(file, decision)
    const [last, beforeLast] = [rows.at(-1)!, rows.at(-2)!]
    tamper(file, (db) => {
      db.prepare('delete from events where event_id in (?, ?)').run(last.eventId, beforeLast.eventId)
    })
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(/^FAIL stream\.head .*removed from its tail/)
    // The operator also fixes the stream head: the tree still has the leaves of the lost events.
    const head = rows.at(-3)!
    tamper(file, (db) =>
      db
        .prepare('update streams set version = ?, head_hash = ? where stream_id = ?')
        .run(head.version, head.hash, decision),
    )
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      new RegExp(`^FAIL tree\\.leaves leaf \\d+ \\(${beforeLast.eventId}\\): .*an event was deleted`),
    )
    // The known limit: a bundle of the truncated stream verifies on its own, and says what it
    // does not cover.
    const r = await run(await exportFrom(file), '--key', VKEY)
    expect(r.code).toBe(0)
    expect(r.out.at(-1)).toMatch(/Later events, if any, are not covered/)
    // A bundle that drops the tail events but keeps their proofs is caught by itself.
    const cut = structuredClone(honest)
    cut.events.splice(-2)
    expect(failure(await run(writeJson('cut.json', cut), '--key', VKEY))).toMatch(/^FAIL bundle\.proofs/)
  })

  it('a truncated tail of the whole log, re-signed by the operator, is caught with --since', async () => {
    // First save the honest latest checkpoint, then cut the last event out of everything.
    const file = copy('resigned.db')
    let latest = ''
    tamper(file, (db) => {
      latest = (
        db.prepare('select note from ledger_checkpoints order by tree_size desc limit 1').get() as { note: string }
      ).note
      const n = (db.prepare('select count(*) as n from ledger_leaves').get() as { n: number }).n
      const leaf = db.prepare('select * from ledger_leaves where ledger_index = ?').get(n - 1) as {
        event_id: string
        position: number
      }
      const event = rowToEvent(db.prepare('select * from events where event_id = ?').get(leaf.event_id) as never)
      db.prepare('delete from events where event_id = ?').run(leaf.event_id)
      const prev = db
        .prepare('select * from events where stream_id = ? and version = ?')
        .get(event.decisionId, event.version - 1) as { hash: string }
      db.prepare('update streams set version = ?, head_hash = ? where stream_id = ?').run(
        event.version - 1,
        prev.hash,
        event.decisionId,
      )
      db.prepare('delete from ledger_leaves where ledger_index = ?').run(n - 1)
      // Nodes not inside the first n − 1 leaves: their last leaf is n − 1.
      db.prepare('delete from ledger_nodes where (idx + 1) * (1 << level) > ?').run(n - 1)
      db.prepare('delete from ledger_checkpoints where tree_size >= ?').run(n - 1)
      const nodes = new Map(
        (
          db.prepare('select level, idx, hash from ledger_nodes').all() as Array<{
            level: number
            idx: number
            hash: string
          }>
        ).map((r) => [nodeKey(r.level, r.idx), fromHex(r.hash)]),
      )
      const root = rootFrom(n - 1, nodes)
      const note = signCheckpoint({ origin: ORIGIN, size: n - 1, rootHash: root }, KEY)
      db.prepare('insert into ledger_checkpoints values (?, ?, ?, ?)').run(n - 1, toHex(root), note, 'later')
      db.prepare('update ledger_state set next_index = ?, last_position = ?').run(n - 1, leaf.position - 1)
    })
    writeFileSync(path('latest.checkpoint'), latest)
    // Internally consistent: the audit alone passes, and so does a bundle.
    expect((await run('--db', file, '--key', VKEY)).code).toBe(0)
    const bundle = await exportFrom(file)
    expect((await run(bundle, '--key', VKEY)).code).toBe(0)
    // Against the checkpoint the auditor saved before, it is not.
    expect(failure(await run('--db', file, '--key', VKEY, '--since', path('latest.checkpoint')))).toMatch(
      /^FAIL since\.consistency: .*the tail of the log was removed/,
    )
    writeFileSync(path('empty-proof.json'), JSON.stringify({ hashes: [] }))
    expect(
      failure(
        await run(
          bundle,
          '--key',
          VKEY,
          '--since',
          path('latest.checkpoint'),
          '--consistency',
          path('empty-proof.json'),
        ),
      ),
    ).toMatch(/^FAIL since\.consistency: .*history was rewritten/)
  })

  it('a reordered pair', async () => {
    const file = copy('swapped.db')
    const [, v2, v3] = streamRows(file, decision)
    tamper(file, (db) => {
      const set = db.prepare('update events set version = ? where event_id = ?')
      set.run(-1, v2!.eventId)
      set.run(2, v3!.eventId)
      set.run(3, v2!.eventId)
    })
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      new RegExp(`^FAIL stream\\.(hash|version) ${decision} ${v2!.eventId}`),
    )
    expect(failure(await run(await exportFrom(file), '--key', VKEY))).toMatch(
      new RegExp(`^FAIL event\\.hash ${v3!.eventId} \\(v2\\)`),
    )
    // In a bundle: the pair swapped in the list.
    const b = structuredClone(honest)
    ;[b.events[1], b.events[2]] = [b.events[2]!, b.events[1]!]
    expect(failure(await run(writeJson('swapped.json', b), '--key', VKEY))).toMatch(/^FAIL stream\.version/)
  })

  it('an event inserted into the tree with a forged position', async () => {
    const file = copy('forged.db')
    const last = streamRows(file, decision).at(-1)!
    // A well-formed event (hash and chain correct) written now, in a new stream so no stream
    // check can see it, and claiming to have been committed before everything else.
    const forged = {
      ...last,
      eventId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ',
      decisionId: OTHER,
      version: 1,
      type: 'DecisionInitiated',
      data: { title: '倒签的决策' },
      evidence: [],
      prevHash: GENESIS_HASH,
    }
    forged.hash = eventHash(forged)
    tamper(file, (db) => {
      db.prepare(
        `insert into events (event_id, stream_id, version, type, schema_version, occurred_at, recorded_at,
          actor_person_id, actor_org_id, actor_role, data, evidence, prev_hash, hash)
         values (?, ?, 1, ?, 1, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`,
      ).run(
        forged.eventId,
        OTHER,
        forged.type,
        forged.occurredAt,
        forged.recordedAt,
        forged.actor.personId,
        forged.actor.orgId,
        forged.actor.role,
        JSON.stringify(forged.data),
        forged.prevHash,
        forged.hash,
      )
      db.prepare("insert into streams values (?, 'decision', 1, ?, '{}', 'x', 'x')").run(OTHER, forged.hash)
    })
    // The operator's own sequencer (with the real key) appends it and signs; then the position is
    // forged, in the events and in the leaf.
    await sequence(file)
    tamper(file, (db) => {
      db.prepare('update events set position = 0 where event_id = ?').run(forged.eventId)
      db.prepare('update ledger_leaves set position = 0 where event_id = ?').run(forged.eventId)
    })
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      new RegExp(`^FAIL tree\\.order leaf \\d+ \\(${forged.eventId}\\): position 0 is not after .*forged position`),
    )
    // Rebuilding and re-signing the whole tree around the forged position makes the database
    // consistent again, so only the checkpoint the auditor saved catches it.
    await resequence(file)
    expect((await run('--db', file, '--key', VKEY)).code).toBe(0)
    expect(failure(await run('--db', file, '--key', VKEY, '--since', path('saved.checkpoint')))).toMatch(
      /^FAIL since\.consistency: .*history was rewritten/,
    )
    // In a bundle: v6 claims the earlier leaf of another decision's event (still after v5's).
    const b = structuredClone(honest)
    const v6 = b.events[5]!
    expect(v6.ledgerIndex - 1).toBeGreaterThan(b.events[4]!.ledgerIndex)
    v6.ledgerIndex -= 1
    b.proofs[5]!.ledgerIndex = v6.ledgerIndex
    expect(failure(await run(writeJson('forged.json', b), '--key', VKEY))).toMatch(
      new RegExp(`^FAIL event\\.inclusion ${v6.eventId} \\(v6\\): not in the log at ledger index ${v6.ledgerIndex}`),
    )
  })

  it('a checkpoint signed by another key', async () => {
    const file = copy('otherkey.db')
    const mallory = generateSigningKey()
    tamper(file, (db) => {
      const row = db
        .prepare('select tree_size, note from ledger_checkpoints order by tree_size desc limit 1')
        .get() as {
        tree_size: number
        note: string
      }
      const forged = signNote(parseNote(row.note).text, ORIGIN, mallory)
      db.prepare('update ledger_checkpoints set note = ? where tree_size = ?').run(forged, row.tree_size)
    })
    expect(failure(await run('--db', file, '--key', VKEY))).toMatch(
      /^FAIL checkpoint\.signature checkpoint \d+: does not verify with the supplied key/,
    )
    expect(failure(await run(await exportFrom(file), '--key', VKEY))).toMatch(/^FAIL checkpoint\.signature/)
    // And a bundle verified with a key it was not signed by.
    expect(failure(await run(path('honest.json'), '--key', vkeyOf(mallory)))).toMatch(/^FAIL checkpoint\.signature/)
  })

  it('a rewritten history, internally consistent and re-signed, is caught with --since', async () => {
    // The same jurisdiction and steps, but one payload altered: what an operator holding the
    // signing key would produce by rewriting the whole database.
    const rewrite = async (commentPatch: Record<string, unknown>) => {
      const j = await ledgerJurisdiction(KEY)
      const d = await j.initiate({ title: '关于调整城市公交票价的决定' })
      await j.record(j.client.undertaking, d, 'DraftPrepared')
      await j.record(j.client.undertaking, d, 'PublicCommentOpened', commentPatch)
      await j.record(j.client.undertaking, d, 'PublicCommentClosed')
      await j.record(j.client.organ, d, 'DecisionPublished')
      await j.deps.ledger.sequenceNow()
      return { j, d }
    }
    const h = await rewrite({})
    const size = await h.j.deps.ledger.treeSize()
    writeFileSync(path('h.checkpoint'), (await h.j.deps.ledger.latestCheckpoint())!.note)
    const r = await rewrite({ submissionMethod: '仅限现场提交（事后改写）' })
    expect(await r.j.deps.ledger.treeSize()).toBe(size)
    const rBundle = await exportBundle(r.j, r.d, `?since=${size}`)
    const rFile = await copyToFile(r.j, path('rewritten.db'))
    await h.j.close()
    await r.j.close()
    // On its own the rewrite verifies...
    expect((await run(writeJson('rewritten.json', rBundle), '--key', VKEY)).code).toBe(0)
    expect((await run('--db', rFile, '--key', VKEY)).code).toBe(0)
    // ...but not against the checkpoint the auditor saved from the honest log.
    expect(failure(await run(path('rewritten.json'), '--key', VKEY, '--since', path('h.checkpoint')))).toMatch(
      /^FAIL since\.consistency: .*history was rewritten/,
    )
    expect(failure(await run('--db', rFile, '--key', VKEY, '--since', path('h.checkpoint')))).toMatch(
      /^FAIL since\.consistency: .*history was rewritten/,
    )
  })
})

describe('the real CLI', () => {
  const exec = promisify(execFile)
  const cli = async (args: string[], env: Record<string, string>) => {
    try {
      const r = await exec(process.execPath, ['bin/decision-trail.mjs', ...args], {
        env: { ...process.env, ...env, LOG_LEVEL: 'info' },
        maxBuffer: 32 * 1024 * 1024,
      })
      return { code: 0, stdout: r.stdout, stderr: r.stderr }
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string }
      return { code: x.code, stdout: x.stdout, stderr: x.stderr }
    }
  }

  it('export <id> > bundle.json, then verify bundle.json --key and verify --db; a tampered copy exits 1', async () => {
    const file = copy('cli.db')
    const env = { DATABASE_URL: file, LEDGER_SIGNING_KEY: privateKeyToPem(KEY), LEDGER_ORIGIN: ORIGIN }
    const exported = await cli(['export', decision], env)
    expect(exported.code, exported.stderr).toBe(0)
    writeFileSync(path('cli.bundle.json'), exported.stdout)
    const ok = await cli(['verify', path('cli.bundle.json'), '--key', VKEY], {})
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^ok {3}bundle\.verified/m)
    expect((await cli(['verify', '--db', file, '--key', VKEY], {})).code).toBe(0)
    const victim = streamRows(file, decision)[1]!
    tamper(file, (db) =>
      db.prepare("update events set data = replace(data, 'a', 'c') where event_id = ?").run(victim.eventId),
    )
    const bad = await cli(['verify', '--db', file, '--key', VKEY], {})
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain(`FAIL stream.hash ${decision} ${victim.eventId}`)
    const help = await cli(['verify', '--help'], {})
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--since/)
  }, 60_000)
})
