// Where the harness keeps things: bench/.data (git-ignored) for cached data sets and scratch
// files, on the same disk as the repository so durable commits really reach the disk.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const DATA_DIR = join(BENCH_DIR, '.data')
export const REPO_DIR = join(BENCH_DIR, '..')
export const DEFAULT_SEED = 20261121
