// Runs the real CLI (bin/decision-trail.mjs through tsx) as a user would, against a temp SQLite
// file, with DEMO=0 and no stray configuration from the environment.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIo } from '../../src/cli/io'
import { type Config, readConfig } from '../../src/config'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'decision-trail-cli-'))
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['DATABASE_URL', 'RULEBOOKS_DIR', 'DEMO', 'DECISION_TRAIL_ADMIN_TOKEN'].includes(k),
    ),
  ) as Record<string, string>
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/decision-trail.mjs', ...args],
      { cwd: process.cwd(), env: { ...clean, DEMO: '0', LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Runs a command function in-process (faster than a process; same code path after parsing). */
export async function runDirect(
  command: (args: string[], config: Config, io: CliIo) => Promise<number>,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = { out: (text) => (stdout += text), err: (line) => (stderr += `${line}\n`) }
  const code = await command(args, readConfig({ DEMO: '0', LOG_LEVEL: 'silent', ...env }), io)
  return { code, stdout, stderr }
}
