// Where CLI commands write: stdout for results, stderr for progress and errors (so a redirected
// report stays clean). Tests pass their own.
export interface CliIo {
  out: (text: string) => void
  err: (line: string) => void
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
}

/** A progress callback that prints "label: done/total" every 100 items and at the end. */
export function progressLine(io: CliIo, label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (total > 0 && (done === total || done % 100 === 0)) io.err(`${label}: ${done}/${total}`)
  }
}

/** At most this many threads on request: more than any machine here has cores, fewer than a typo's. */
export const MAX_THREADS = 64

/**
 * The value of `--threads` (worker threads besides this one): undefined when not given (the
 * command picks by size and cores), a whole number 0–64, or an error message.
 */
export function parseThreads(value: string | undefined): number | undefined | { error: string } {
  if (value === undefined) return undefined
  const n = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN
  return Number.isInteger(n) && n <= MAX_THREADS
    ? n
    : { error: `--threads must be a whole number from 0 to ${MAX_THREADS} (0: this thread only), not "${value}"` }
}
