// The harness's contract with a case module. A case is a file bench/cases/<n>-<name>.ts whose
// default export is a BenchCase; run.ts finds it by that file name, so adding a case is
// dropping in a module. Each case runs in a child process of its own (a fresh heap and JIT).

/** One measured number: the rows of bench/results/<date>.json and of the printed table. */
export interface CaseResult {
  /** The case id with the measurement, e.g. `1-append-sqlite: decision-trail vs Emmett`. */
  name: string
  metric: string
  value: number
  unit: string
  /** The peer measured side by side in the same run on the same workload. */
  peer?: string
  peerValue?: number
  /** value / peerValue, or the inverse where smaller is better (said by `goal`). */
  ratio?: number
  /** The goal in words, e.g. `≥ 2× Emmett`; `met` says whether this run reached it. */
  goal: string
  met: boolean
  /** Supporting figures (sample counts, absolute times of the peers, sizes). */
  details?: Record<string, number | string | boolean>
}

export interface DatasetSpec {
  decisions: number
  events: number
}

export interface Dataset extends DatasetSpec {
  /** The cached, projected and sequenced SQLite file (do not write to it: copy it first). */
  file: string
  /** The ledger signing key of the data set (PKCS#8 PEM) and its origin. */
  keyPem: string
  origin: string
  /** Seconds rebuild-projections took when the data set was built. */
  buildRebuildSeconds: number
}

export interface BenchContext {
  quick: boolean
  seed: number
  /** A fresh scratch directory for this case, on the same disk as the data (removed after). */
  scratch: string
  /** bench/.data: cached data sets. */
  dataDir: string
  log(line: string): void
  /** The seeded large data set (built once and cached on disk under bench/.data). */
  dataset(spec: DatasetSpec): Promise<Dataset>
}

export interface BenchCase {
  /** What the case measures, one line (printed before it runs). */
  title: string
  run(ctx: BenchContext): Promise<CaseResult[]>
}

/** Thrown by a case that cannot run here (e.g. no PostgreSQL server): reported, not failed. */
export class SkipCase extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'SkipCase'
  }
}

export interface CaseOutcome {
  /** The module's file name without `.ts`, e.g. `2-append-http`. */
  id: string
  title: string
  seconds: number
  results: CaseResult[]
  skipped?: string
  error?: string
}

export interface ResultsFile {
  machine: Machine
  date: string
  /** When the run started (ISO 8601, UTC); absent in the files of runs before it was recorded. */
  startedAt?: string
  /**
   * The host's speed before each case: the median time of a fixed piece of CPU work, in ms
   * (lib/host-check.ts; lower is quicker). Absent in the files of runs before it was recorded.
   */
  hostCheckMs?: Array<{ before: string; ms: number }>
  quick: boolean
  seed: number
  durationSeconds: number
  cases: CaseResult[]
  /** Per case module: how long it ran, and whether it was skipped or failed. */
  runs: Array<Omit<CaseOutcome, 'results'>>
}

export interface Machine {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  os: string
  disk?: string
}
