// Runs one case module in this (child) process and writes its CaseOutcome as JSON: a fresh heap
// and JIT per case, so one case's garbage or warm-up never flatters or penalizes the next. It runs
// with decision-trail's V8 settings (bin/v8-flags.mjs), as a server does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { applyV8Flags } from '../../bin/v8-flags.mjs'
import { loadDataset } from './dataset'
import { BENCH_DIR, DATA_DIR, DEFAULT_SEED } from './paths'
import { type BenchCase, type BenchContext, type CaseOutcome, SkipCase } from './types'

async function main(): Promise<void> {
  applyV8Flags()
  const [id, outFile, compiledCase] = process.argv.slice(2)
  if (!id || !outFile) throw new Error('usage: child.ts <case id> <out file> [<the case compiled>]')
  const quick = process.env.BENCH_QUICK === '1'
  const seed = Number(process.env.BENCH_SEED ?? DEFAULT_SEED)
  mkdirSync(DATA_DIR, { recursive: true })
  const scratch = mkdtempSync(join(DATA_DIR, `${id}-`))
  const casesDir = process.env.BENCH_CASES_DIR ?? join(BENCH_DIR, 'cases')
  const mod = (await import(pathToFileURL(compiledCase ?? join(casesDir, `${id}.ts`)).href)) as { default: BenchCase }
  const benchCase = mod.default
  const t0 = performance.now()
  const log = (line: string) => console.log(`  [${id} +${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}`)
  const ctx: BenchContext = {
    quick,
    seed,
    scratch,
    dataDir: DATA_DIR,
    log,
    dataset: (spec) => loadDataset(spec, seed, log),
  }
  console.log(`\n${id}: ${benchCase.title}${quick ? ' (quick)' : ''}`)
  const started = performance.now()
  const outcome: CaseOutcome = { id, title: benchCase.title, seconds: 0, results: [] }
  try {
    outcome.results = await benchCase.run(ctx)
  } catch (e) {
    if (e instanceof SkipCase) outcome.skipped = e.message
    else {
      outcome.error = e instanceof Error ? e.message : String(e)
      console.error(e)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  outcome.seconds = Math.round((performance.now() - started) / 100) / 10
  writeFileSync(outFile, JSON.stringify(outcome))
  log(`done in ${outcome.seconds} s`)
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
