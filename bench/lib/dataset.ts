// The large seeded data sets of cases 4-6 (100,000 decisions / 1,000,000 events; --quick: 2,000 /
// 20,000): generated, chained with proper hashes and written straight into the event store, then
// projected by rebuild-projections and sequenced into the ledger. Built once and cached under
// bench/.data, keyed by seed, size and a fingerprint of the generator and the migrations.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { refreshStale } from '../../src/app/compliance-projection'
import { rebuildProjections } from '../../src/app/rebuild'
import { privateKeyFromSeed, privateKeyToPem } from '../../src/ledger/note'
import { migrateToLatest } from '../../src/store/migrate'
import { openSqlite } from '../../src/store/sqlite'
import { allocate, planDecision } from './generator'
import { DATA_DIR, REPO_DIR } from './paths'
import type { Dataset, DatasetSpec } from './types'
import { appendToStore, benchDeps, chainPlan, seedDirectory } from './write'

export const DATASET_ORIGIN = 'bench.decision-trail.local/main'

/** Bump when the way a data set is built changes (not its generated content, which is hashed). */
const BUILD_FORMAT = 5 // 3: payloads and evidence stored as canonical JSON; 4: heads keep the inputs of corrections; 5: heads keep the termination's time

/**
 * Changes when the generated data, the hashing or the schema does, so a stale cache is never
 * used: a hash of sample decisions (planned and chained), the migrations and BUILD_FORMAT.
 */
export function fingerprint(seed: number): string {
  const h = createHash('sha256').update(`format ${BUILD_FORMAT}\n`)
  const { deps, set } = benchDeps(openSqlite(':memory:'), seed)
  for (let i = 0; i < 8; i++) {
    const plan = planDecision(seed, i)
    h.update(JSON.stringify(plan))
    for (const e of chainPlan(deps, set, plan.events).events) h.update(e.hash)
  }
  for (const f of readdirSync(join(REPO_DIR, 'migrations')).sort()) h.update(f)
  return h.digest('hex').slice(0, 12)
}

/** The data set's signing key: derived from the seed, so the same data set always has the same key. */
export function datasetKey(seed: number) {
  return privateKeyFromSeed(createHash('sha256').update(`bench-ledger-key:${seed}`).digest())
}

const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}

export async function loadDataset(spec: DatasetSpec, seed: number, log: (line: string) => void): Promise<Dataset> {
  const base = `ds-s${seed}-d${spec.decisions}-e${spec.events}`
  const name = `${base}-${fingerprint(seed)}`
  const file = join(DATA_DIR, `${name}.db`)
  const manifest = join(DATA_DIR, `${name}.json`)
  mkdirSync(DATA_DIR, { recursive: true })
  if (existsSync(manifest) && existsSync(file)) return JSON.parse(readFileSync(manifest, 'utf8')) as Dataset
  // Older builds of the same size (another generator or schema) are stale: make room.
  for (const f of readdirSync(DATA_DIR)) if (f.startsWith(`${base}-`)) rmSync(join(DATA_DIR, f), { force: true })

  const building = join(DATA_DIR, `${name}.building.db`)
  removeDb(building)
  log(
    `building data set ${spec.decisions.toLocaleString()} decisions / ${spec.events.toLocaleString()} events (cached in ${file})`,
  )
  const started = performance.now()
  const backend = openSqlite(building)
  await migrateToLatest(backend)
  // The build itself needs no durability: it is thrown away unless it completes.
  await sql`pragma synchronous = off`.execute(backend.db)
  const key = datasetKey(seed)
  const { deps, at, set } = benchDeps(backend, seed, { origin: DATASET_ORIGIN, signingKey: key })
  await seedDirectory(deps, at)

  const starts: number[] = []
  const lengths: number[] = []
  for (let i = 0; i < spec.decisions; i++) {
    const plan = planDecision(seed, i)
    lengths.push(plan.events.length)
    starts.push(Date.parse(plan.events[0]?.recordedAt ?? ''))
  }
  const keep = allocate(seed, lengths, spec.events)
  // Written in order of initiation, so the global feed reads roughly like history.
  const order = starts.map((_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number) || a - b)
  let written = 0
  for (const [n, i] of order.entries()) {
    const plan = planDecision(seed, i)
    const chained = chainPlan(deps, set, plan.events.slice(0, keep[i]))
    await appendToStore(deps, chained)
    written += chained.events.length
    if ((n + 1) % 10_000 === 0)
      log(`  ${(n + 1).toLocaleString()} decisions, ${written.toLocaleString()} events written`)
  }
  log(`  events written in ${((performance.now() - started) / 1000).toFixed(1)} s; rebuilding projections`)
  // rebuild-projections evaluates every decision as of the clock's now: the real one, so that the
  // rows are those of a server that has been running (every passed deadline judged). What passes
  // during the rebuild is refreshed after it, as `serve` would.
  set(new Date().toISOString())
  const t0 = performance.now()
  await rebuildProjections(deps)
  const buildRebuildSeconds = (performance.now() - t0) / 1000
  log(`  projections rebuilt in ${buildRebuildSeconds.toFixed(1)} s; refreshing what is stale as of now`)
  set(new Date().toISOString())
  const refreshed = await refreshStale(deps)
  log(`  ${refreshed.toLocaleString()} decisions re-evaluated as of now; sequencing the ledger`)
  const t1 = performance.now()
  const seq = await deps.ledger.sequenceNow()
  log(`  ${seq.sequenced.toLocaleString()} leaves sequenced in ${((performance.now() - t1) / 1000).toFixed(1)} s`)
  await sql`pragma wal_checkpoint(truncate)`.execute(backend.db)
  await backend.close()
  removeDb(file)
  renameSync(building, file)
  const dataset: Dataset = {
    ...spec,
    file,
    keyPem: privateKeyToPem(key),
    origin: DATASET_ORIGIN,
    buildRebuildSeconds,
  }
  writeFileSync(manifest, JSON.stringify(dataset, null, 2))
  log(`data set built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return dataset
}
