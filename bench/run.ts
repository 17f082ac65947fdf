// npm run bench [-- --quick] [--only 1,4] [--seed N] [--out file] [--cpu-prof] [--markdown] [--strict]
//                 [--cases dir]
// npm run bench -- --history [--markdown]
//
// Runs every case module bench/cases/<n>-<name>.ts (in file-name order, each in a child process
// of its own, compiled first as the CLI is: lib/compile.ts), writes bench/results/<date>.json
// ({ machine, date, cases: [...] }) and prints the table. Peers are measured side by side in the
// same run, so ratios are comparable across runs even where absolute figures drift. --quick runs
// every case at reduced sizes (CI smoke). Before each case the host's speed is checked
// (lib/host-check.ts) and recorded with the results. A full run keeps an earlier results file of
// the same day as <date>-<HHMM>.json; --history prints the kept full runs side by side
// (lib/history.ts).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compileBench } from './lib/compile'
import { historyTable, keepEarlier, readHistory } from './lib/history'
import { hostCheck } from './lib/host-check'
import { machine } from './lib/machine'
import { BENCH_DIR, DATA_DIR, DEFAULT_SEED } from './lib/paths'
import { machineLine, markdownTable, textTable } from './lib/table'
import type { CaseOutcome, ResultsFile } from './lib/types'

/** Case modules in run order: `<n>-<name>.ts`, by number then name. */
export function caseModules(dir = join(BENCH_DIR, 'cases')): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+-[a-z0-9-]+\.ts$/.test(f))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b))
    .map((f) => f.slice(0, -3))
}

/** lib/child.ts and the case modules `ids` compiled into `outdir`: child.mjs and `<id>.mjs`. */
async function compileCases(casesDir: string, ids: readonly string[], outdir: string): Promise<void> {
  const entries = Object.fromEntries(ids.map((id) => [id, join(casesDir, `${id}.ts`)]))
  await compileBench({ child: join(BENCH_DIR, 'lib', 'child.ts'), ...entries }, outdir, [casesDir])
}

function runChild(
  id: string,
  outFile: string,
  opts: { quick: boolean; seed: number; cpuProf: boolean; casesDir: string; compiled: string },
) {
  const nodeArgs = ['--expose-gc']
  if (opts.cpuProf) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(DATA_DIR, 'prof', id)}`)
  const args = [join(opts.compiled, 'child.mjs'), id, outFile, join(opts.compiled, `${id}.mjs`)]
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      BENCH_QUICK: opts.quick ? '1' : '0',
      BENCH_SEED: String(opts.seed),
      BENCH_CPU_PROF: opts.cpuProf ? '1' : '0',
      BENCH_CASES_DIR: opts.casesDir,
    },
  })
  return new Promise<number>((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))))
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      cases: { type: 'string' },
      history: { type: 'boolean', default: false },
    },
  })
  if (values.history) {
    console.log(historyTable(readHistory(join(BENCH_DIR, 'results')), values.markdown ? 'markdown' : 'text'))
    return 0
  }
  const casesDir = resolve(values.cases ?? join(BENCH_DIR, 'cases'))
  const quick = values.quick ?? false
  const seed = values.seed ? Number(values.seed) : DEFAULT_SEED
  const only = values.only?.split(',').map((s) => s.trim())
  const ids = caseModules(casesDir).filter((id) => !only || only.some((o) => id === o || id.split('-')[0] === o))
  if (ids.length === 0) {
    console.error(`no case matches --only ${values.only}; cases: ${caseModules(casesDir).join(', ')}`)
    return 2
  }
  const startedAt = new Date().toISOString()
  const date = startedAt.slice(0, 10)
  const out = resolve(
    values.out ??
      (only
        ? join(DATA_DIR, `results-${date}-${only.join('_')}${quick ? '-quick' : ''}.json`)
        : join(BENCH_DIR, 'results', `${date}${quick ? '-quick' : ''}.json`)),
  )
  mkdirSync(DATA_DIR, { recursive: true })
  const tmp = mkdtempSync(join(DATA_DIR, 'run-'))
  const started = performance.now()
  const outcomes: CaseOutcome[] = []
  const hostCheckMs: NonNullable<ResultsFile['hostCheckMs']> = []
  console.log(`decision-trail bench${quick ? ' --quick' : ''}: ${ids.join(', ')}`)
  try {
    // With --cpu-prof the modules the profiles name are kept beside them, with their source maps.
    const cpuProf = values['cpu-prof'] ?? false
    const compiled = cpuProf ? join(DATA_DIR, 'prof', 'compiled') : join(tmp, 'compiled')
    rmSync(compiled, { recursive: true, force: true })
    await compileCases(casesDir, ids, compiled)
    for (const id of ids) {
      // A quick run takes 5 tries, not 15: ~0.1 s a case instead of ~0.3–0.4 s, within its minute.
      hostCheckMs.push({ before: id, ms: hostCheck(quick ? 5 : 15) })
      const file = join(tmp, `${id}.json`)
      const code = await runChild(id, file, { quick, seed, cpuProf, casesDir, compiled })
      let outcome: CaseOutcome
      try {
        outcome = JSON.parse(readFileSync(file, 'utf8')) as CaseOutcome
      } catch {
        outcome = { id, title: id, seconds: 0, results: [], error: `the case process exited with code ${code}` }
      }
      outcomes.push(outcome)
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const results: ResultsFile = {
    machine: machine(DATA_DIR),
    date,
    startedAt,
    hostCheckMs,
    quick,
    seed,
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    cases: outcomes.flatMap((o) => o.results),
    runs: outcomes.map(({ results: _r, ...run }) => run),
  }
  mkdirSync(dirname(out), { recursive: true })
  const kept = values.out === undefined && !only && !quick ? keepEarlier(out) : undefined
  if (kept) console.log(`the earlier run of ${date} kept as ${kept}`)
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\n${machineLine(results)}; ${results.durationSeconds} s\n`)
  console.log(textTable(results))
  if (values.markdown) console.log(`\n${markdownTable(results)}`)
  console.log(`\nwritten to ${out}`)
  const failed = outcomes.some((o) => o.error !== undefined)
  const missed = results.cases.some((c) => !c.met)
  return failed || (values.strict && missed) ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
