// Where a worker thread of `rebuild-projections` or `verify --db` starts. Run through tsx (tests,
// DECISION_TRAIL_TSX=1), it is the `.mjs` beside its job, which registers tsx in the worker (a
// worker does not inherit a loader registered in code). The compiled CLI (bin/compiled-cli.mjs)
// builds each job into a module of the same name beside it and defines DECISION_TRAIL_WORKERS as
// that directory's URL: a worker started from there loads compiled code and no loader, in a
// fraction of the time (docs/operations.md). The Workers runtime starts no worker thread.

/** The directory of the compiled worker modules; a string only where esbuild's `define` set it. */
declare const DECISION_TRAIL_WORKERS: string | undefined

export type WorkerName = 'rebuild-worker' | 'audit-slice-worker' | 'audit-hash-worker'

/** The entry of worker `name`: compiled where the CLI runs compiled, else `source` (the `.mjs`). */
export function workerEntry(name: WorkerName, source: URL): URL {
  return typeof DECISION_TRAIL_WORKERS === 'string' ? new URL(`${name}.mjs`, DECISION_TRAIL_WORKERS) : source
}
