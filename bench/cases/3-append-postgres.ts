// Case 3: appends on PostgreSQL from 4 writer processes, decision-trail vs Emmett's PostgreSQL
// event store (@event-driven-io/emmett-postgresql 0.42.0, a workspace of its own under
// bench/peers/), on the same server, the same generated events, each system in a fresh database.
// Each writer process owns a quarter of the streams and appends one event per append, one after
// the other, with the expected version; the figure is all appends over the wall time from "go"
// to the last writer's "done"; three rounds in alternating order (two in a quick run), the median
// of each. Needs a server: BENCH_DATABASE_URL or TEST_DATABASE_URL (a role that may create
// databases). Without one the case is reported as skipped.
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout } from 'node:timers/promises'
import pg from 'pg'
import { migrateToLatest } from '../../src/store/migrate'
import { openPostgres } from '../../src/store/postgres'
import { interleave, workload } from '../lib/append-workload'
import { compileBench } from '../lib/compile'
import { now, ratioRow } from '../lib/measure'
import { BENCH_DIR, REPO_DIR } from '../lib/paths'
import { type BenchCase, type BenchContext, type CaseResult, SkipCase } from '../lib/types'

const WRITERS = 4

const serverUrl = () => process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined

async function admin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await f(c)
  } finally {
    await c.end()
  }
}

/**
 * Drops a round's database. FORCE ends the writers' sessions that may linger after their
 * processes; but PostgreSQL 15 refuses FORCE (42501: "must be a member of the role whose process
 * is being terminated") when an autovacuum worker, a superuser's process, happens to be in the
 * database, as it does now and then after a round's thousands of inserts. A plain DROP cancels
 * autovacuum itself, and waits a few seconds for other sessions to end: tried then, a few times.
 */
async function dropDatabase(url: string, name: string): Promise<void> {
  try {
    await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`))
    return
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(url, (c) => c.query(`drop database if exists ${name}`))
      return
    } catch (e) {
      // 55006: still in use by another session (a writer's, ending).
      if ((e as { code?: string }).code !== '55006' || attempt >= 5) throw e
      await setTimeout(1000)
    }
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Starts the writers, waits until each is ready, says go, and times until the last is done. */
async function runWriters(command: string[][], cwd: string): Promise<number> {
  const children: ChildProcess[] = command.map(([bin, ...args]) =>
    spawn(bin as string, args, { cwd, stdio: ['pipe', 'pipe', 'inherit'] }),
  )
  const said = (c: ChildProcess, word: string) =>
    new Promise<void>((resolve, reject) => {
      let out = ''
      const onData = (b: Buffer) => {
        out += b.toString()
        if (out.includes(`${word}\n`)) {
          c.stdout?.off('data', onData)
          resolve()
        }
      }
      c.stdout?.on('data', onData)
      c.once('exit', (code) => reject(new Error(`writer exited with ${code} before "${word}"`)))
    })
  try {
    await Promise.all(children.map((c) => said(c, 'ready')))
    const done = children.map((c) => said(c, 'done'))
    const t0 = now()
    for (const c of children) c.stdin?.write('go\n')
    await Promise.all(done)
    return (now() - t0) / 1000
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  }
}

/**
 * Rounds per subject: three in a full run; two in a quick one, whose six rounds of ~2.5 s each (a
 * database created and migrated, four writer processes started, 1,200 appends) were a third of
 * the whole quick run (15.8 s of 45.4 s in CI), which must stay under a minute on a slow host too.
 */
const roundsOf = (quick: boolean) => (quick ? 2 : 3)

/** The middle value; with an even count, the mean of the two middle ones. */
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/**
 * bench/lib/pg-writer.ts compiled into a module of `dir`, as the case processes are (compile.ts):
 * four processes loading the sources through tsx took ~3 s to say "ready" on 2 cores (Emmett's
 * plain module ~0.8 s), and that was most of a quick run's case. Only the untimed start changes.
 */
async function compiledWriter(dir: string): Promise<string> {
  await compileBench({ 'pg-writer': join(BENCH_DIR, 'lib', 'pg-writer.ts') }, dir)
  return join(dir, 'pg-writer.mjs')
}

/** One subject's appends from the writer processes, on a database of its own; returns seconds. */
async function oneRound(
  url: string,
  subject: 'dt' | 'emmett',
  files: readonly string[],
  writer: string,
): Promise<number> {
  const name = `bench_${subject}_${process.pid}_${Date.now()}`
  await admin(url, (c) => c.query(`create database ${name}`))
  try {
    const dbUrl = withDatabase(url, name)
    if (subject === 'dt') {
      const migrated = openPostgres(dbUrl, { max: 1 })
      await migrateToLatest(migrated)
      await migrated.close()
      return await runWriters(
        files.map((f) => [process.execPath, writer, dbUrl, f]),
        REPO_DIR,
      )
    }
    const peerDir = join(BENCH_DIR, 'peers', 'emmett-postgresql')
    return await runWriters(
      files.map((f) => [process.execPath, join(peerDir, 'writer.mjs'), dbUrl, f]),
      peerDir,
    )
  } finally {
    await dropDatabase(url, name)
  }
}

export default {
  title: `append on PostgreSQL from ${WRITERS} writer processes: decision-trail vs Emmett PostgreSQL`,
  async run(ctx: BenchContext): Promise<CaseResult[]> {
    const url = serverUrl()
    if (!url) throw new SkipCase('no PostgreSQL server (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
    // Quick rounds of 400 appends (~0.2 s) weigh the writers' start (JIT, each connection's first
    // PREPAREs) more than full rounds: 1.33–1.59× in eight runs (median 1.44×), against 1.33–2.07×
    // in five with 1,200 (median 1.65×) and 1.59–1.74× at full size (docs/performance.md).
    const count = ctx.quick ? 1200 : 4000
    const streams = workload(ctx.seed, count)
    const files: string[] = []
    for (let w = 0; w < WRITERS; w++) {
      const file = join(ctx.scratch, `writer-${w}.json`)
      writeFileSync(file, JSON.stringify(interleave(streams.filter((_, i) => i % WRITERS === w))))
      files.push(file)
    }
    // Three rounds (two quick), each subject on a fresh database, the order alternated (the load of
    // a shared machine drifts by the minute, and whoever runs second inherits the first one's
    // checkpoints): each figure is the subject's median round, as in case 1.
    const writer = await compiledWriter(ctx.scratch)
    const rounds = { dt: [] as number[], emmett: [] as number[] }
    for (let round = 1; round <= roundsOf(ctx.quick); round++) {
      const order: Array<'dt' | 'emmett'> = round % 2 === 1 ? ['dt', 'emmett'] : ['emmett', 'dt']
      for (const subject of order) {
        const seconds = await oneRound(url, subject, files, writer)
        rounds[subject].push(count / seconds)
        ctx.log(
          `round ${round}: ${subject === 'dt' ? 'decision-trail' : 'Emmett PostgreSQL'}: ${Math.round(count / seconds)} appends/s`,
        )
      }
    }
    return [
      ratioRow({
        name: '3 append PostgreSQL: decision-trail vs Emmett',
        metric: `${WRITERS} writer processes, durable commits`,
        unit: 'events/s',
        value: median(rounds.dt),
        peer: 'Emmett PostgreSQL 0.42.0',
        peerValue: median(rounds.emmett),
        atLeast: 1.5,
        goal: '≥ 1.5× Emmett',
        details: {
          appends: count,
          writers: WRITERS,
          streams: streams.length,
          rounds: roundsOf(ctx.quick),
          decisionTrailRounds: rounds.dt.map(Math.round).join(' '),
          emmettRounds: rounds.emmett.map(Math.round).join(' '),
        },
      }),
    ]
  },
} satisfies BenchCase
