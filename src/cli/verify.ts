// `decision-trail verify`: offline verification of an export bundle, or an audit of a whole
// database (ledger.md §4). Prints one line per check to stdout, progress to stderr; exit code 0
// only when every check passes, 1 naming the first failure, 2 for bad usage.
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { auditDatabase } from '../app/ledger-audit'
import { type Checkpoint, parseCheckpoint } from '../ledger/checkpoint'
import {
  formatVerifierKey,
  parseNote,
  parsePublicKeyInput,
  parseSigningKey,
  publicKeyRaw,
  type VerifierKey,
} from '../ledger/note'
import { allPassed, type CheckResult, verifyBundle } from '../ledger/verify'
import type { Backend } from '../store/backend'
import { readLatestCheckpoint } from '../store/ledger-store'
import { parseThreads } from './io'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
}

export interface VerifyEnv extends CliIo {
  /** Opens a database for --db (the CLI passes node.ts's openBackend). */
  openDb: (url: string) => Promise<Backend>
  /** The configured signing key's verifier key, for --db without --key (undefined when none). */
  configuredKey?: () => Promise<string | undefined>
}

export const VERIFY_HELP = `Usage:
  decision-trail verify <bundle.json> --key <vkey | key file> [--since <checkpoint file>] [--consistency <proof.json>]
  decision-trail verify --db <database url> [--key <vkey | key file>] [--since <checkpoint file>] [--threads <n>]

Offline verification (ledger.md §4). With a bundle (from \`decision-trail export\` or
GET /v1/decisions/{id}/export): recomputes every event hash, the decision's version sequence and
prevHash chain, every inclusion proof, and the checkpoint signature against the key YOU supply —
never a key found in the bundle. Get the key once, out of band (GET /v1/ledger/key → verifierKey,
or the operator's published vkey), and keep it.

  --key <k>           the log's verifier key (vkey "<origin>+<key id>+<base64>"), a PEM public key,
                      base64 of the raw 32 bytes, or a file holding one of those
  --origin <name>     key name for a PEM or raw key (default: the checkpoint's origin line)
  --since <file>      a checkpoint (signed note) you saved earlier: the bundle's checkpoint must be
                      an append-only extension of it (catches a rewritten or truncated history)
  --consistency <f>   the consistency proof between the two (JSON from
                      GET /v1/ledger/proofs/consistency?from=<saved size>&to=<bundle size>);
                      not needed when the bundle was exported with ?since=<saved size>
  --db <url>          audit a whole database instead: every stream, every leaf and node of the
                      tree, every stored checkpoint (signature, root, consistency). Without --key
                      the configured signing key's public half is used, and the output says so;
                      with no key at all the signatures cannot be checked and it exits 1.
  --threads <n>       with --db on a SQLite file: worker threads checking slices of the events
                      (default: one per core, up to 4, from 50,000 events; 0: all on this thread).
                      The checks and their results are the same either way.

Prints one line per check ("ok" or "FAIL", the check, the event or proof, why) and exits 0 only
when every check passes; otherwise 1, at the first failure.`

/**
 * The key an auditor passes: a verifier key, PEM public key or raw base64, inline or in a file. The
 * log's own signing key file is accepted too (its public half is used), for operators' checks.
 */
function keyFromInput(value: string, name: string): VerifierKey {
  const text = (existsSync(value) ? readFileSync(value, 'utf8') : value).trim()
  if (text.startsWith('-----BEGIN PRIVATE KEY-----') || text.startsWith('PRIVATE+KEY+')) {
    const parsed = parseSigningKey(text)
    return parsePublicKeyInput(formatVerifierKey(parsed.name ?? name, publicKeyRaw(parsed.key)), name)
  }
  return parsePublicKeyInput(text, name)
}

/** The tree head a note states, unverified (only to pick a key name or a proof), or undefined. */
function headOf(note: unknown): Checkpoint | undefined {
  if (typeof note !== 'string') return undefined
  try {
    return parseCheckpoint(parseNote(note).text)
  } catch {
    return undefined
  }
}

export function formatResult(r: CheckResult): string {
  return `${r.ok ? 'ok  ' : 'FAIL'} ${r.check}${r.subject ? ` ${r.subject}` : ''}: ${r.detail}`
}

/** Reads a consistency proof file: the endpoint's JSON ({ hashes }) or a bare array of hex. */
function readProof(file: string): string[] {
  const v = JSON.parse(readFileSync(file, 'utf8')) as unknown
  const hashes = Array.isArray(v) ? v : (v as { hashes?: unknown })?.hashes
  if (!Array.isArray(hashes) || hashes.some((h) => typeof h !== 'string')) {
    throw new Error(`${file} is not a consistency proof ({ "hashes": [...] })`)
  }
  return hashes as string[]
}

export async function verifyCommand(args: string[], env: VerifyEnv): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args)
  } catch (e) {
    env.err(`${(e as Error).message}\n\n${VERIFY_HELP}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.db === undefined && positionals.length !== 1) {
    env.err(VERIFY_HELP)
    return 2
  }
  const threads = parseThreads(values.threads)
  if (typeof threads === 'object' || (threads !== undefined && values.db === undefined)) {
    env.err(`${typeof threads === 'object' ? threads.error : '--threads goes with --db'}\n\n${VERIFY_HELP}`)
    return 2
  }
  try {
    const results =
      values.db !== undefined ? await verifyDb(values, env, threads) : verifyFile(positionals[0]!, values, env)
    if (results === undefined) return 2
    for (const r of results) env.out(formatResult(r))
    return allPassed(results) ? 0 : 1
  } catch (e) {
    env.err(`error: ${(e as Error).message}`)
    return 1
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      origin: { type: 'string' },
      since: { type: 'string' },
      consistency: { type: 'string' },
      db: { type: 'string' },
      threads: { type: 'string' },
    },
  })
}

type Values = ReturnType<typeof parse>['values']

function verifyFile(file: string, values: Values, env: VerifyEnv): CheckResult[] | undefined {
  if (values.key === undefined) {
    env.err(`--key is required: the log's verifier key, obtained independently of the bundle.\n\n${VERIFY_HELP}`)
    return undefined
  }
  let bundle: unknown
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    return [{ ok: false, check: 'bundle.read', detail: `${file}: ${(e as Error).message}` }]
  }
  const note = (bundle as { checkpoint?: unknown })?.checkpoint
  const name = values.origin ?? headOf(note)?.origin ?? 'unknown'
  let key: VerifierKey
  try {
    key = keyFromInput(values.key, name)
  } catch (e) {
    return [{ ok: false, check: 'key', detail: `the supplied key does not parse: ${(e as Error).message}` }]
  }
  let since: { checkpoint: string; consistencyProof: string[] } | undefined
  if (values.since !== undefined) {
    const saved = readFileSync(values.since, 'utf8')
    let proof: string[] | undefined
    if (values.consistency !== undefined) proof = readProof(values.consistency)
    else {
      const savedSize = headOf(saved)?.size
      const currentSize = headOf(note)?.size
      const carried = (bundle as { sinceProof?: { from?: unknown; to?: unknown; hashes?: unknown } }).sinceProof
      if (savedSize !== undefined && (savedSize === 0 || savedSize === currentSize)) proof = []
      else if (carried?.from === savedSize && carried?.to === currentSize && Array.isArray(carried?.hashes)) {
        proof = carried.hashes as string[]
      }
    }
    if (proof === undefined) {
      return [
        {
          ok: false,
          check: 'since.consistency',
          detail:
            'no consistency proof between the saved checkpoint and the bundle: export with ?since=<saved size> ' +
            '(decision-trail export <id> --since <size>) or pass --consistency <proof.json>',
        },
      ]
    }
    since = { checkpoint: saved, consistencyProof: proof }
  }
  return verifyBundle({ bundle, key, ...(since ? { since } : {}) })
}

/** `threads`: the parsed `--threads`, or undefined for the audit's own choice. */
async function verifyDb(values: Values, env: VerifyEnv, threads: number | undefined): Promise<CheckResult[]> {
  const url = values.db!
  const file = url.replace(/^file:/, '')
  if (!/^postgres(ql)?:\/\//.test(url) && file !== ':memory:' && !existsSync(file)) {
    return [{ ok: false, check: 'database', detail: `no database at ${url}` }]
  }
  const backend = await env.openDb(url)
  try {
    let key: VerifierKey | undefined
    const head: CheckResult[] = []
    const latest = await readLatestCheckpoint(backend.db)
    const name = values.origin ?? headOf(latest?.note)?.origin ?? 'unknown'
    if (values.key !== undefined) {
      try {
        key = keyFromInput(values.key, name)
      } catch (e) {
        return [{ ok: false, check: 'key', detail: `the supplied key does not parse: ${(e as Error).message}` }]
      }
      head.push({ ok: true, check: 'key', detail: `${key.name} (key ${key.keyId}), as supplied` })
    } else {
      const configured = await env.configuredKey?.()
      if (configured !== undefined) {
        key = parsePublicKeyInput(configured, name)
        head.push({
          ok: true,
          check: 'key',
          detail: `${key.name} (key ${key.keyId}) from this machine's configured signing key — NOT independent; pass --key for an audit`,
        })
      } else if (latest !== undefined) {
        // api.md §4: exit 0 only when every signature checks. With no key none can be, so the audit
        // still runs and reports everything else, and the command fails on this line.
        head.push({
          ok: false,
          check: 'key',
          detail: 'no --key and no configured key: the checkpoint signatures cannot be checked; pass --key <vkey>',
        })
      } else {
        head.push({ ok: true, check: 'key', detail: 'no --key and no configured key; no checkpoint to check' })
      }
    }
    const since = values.since !== undefined ? readFileSync(values.since, 'utf8') : undefined
    for (const r of head) env.out(formatResult(r))
    const unsigned = head.find((r) => r.check === 'key' && !r.ok)
    const results = await auditDatabase({
      backend,
      key,
      ...(since !== undefined ? { since } : {}),
      progress: (line) => env.err(line),
      ...(threads !== undefined ? { workers: threads } : {}),
    })
    // The verdict is the last line: with no key it cannot be a pass, whatever else checked.
    return unsigned
      ? [...results, { ok: false, check: 'signatures', detail: 'not checked: pass --key <vkey>' }]
      : results
  } finally {
    await backend.close()
  }
}

/** The vkey of a private key under `origin` (for --db without --key). */
export const vkeyOf = (origin: string, key: Parameters<typeof publicKeyRaw>[0]): string =>
  formatVerifierKey(origin, publicKeyRaw(key))
