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
