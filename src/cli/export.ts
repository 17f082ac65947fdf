// `decision-trail export <decisionId> [--since <tree size>] > bundle.json`: the same bundle as
// GET /v1/decisions/{id}/export, read straight from the database with administrator rights.
import { parseArgs } from 'node:util'
import type { AppDeps } from '../app/deps'
import { exportDecision } from '../app/ledger-export'
import type { Actor } from '../domain/envelope'
import type { CliIo } from './verify'

export const EXPORT_HELP = `Usage: decision-trail export <decisionId> [--since <tree size>] > bundle.json

Writes the decision's verifiable bundle (ledger.md §3) to stdout: its events as stored with their
ledger indexes, the latest signed checkpoint (the pending events are sequenced and signed first),
one inclusion proof per event, and the directory events its trail relies on, with their proofs.
--since <size> adds the consistency proof from a checkpoint of that size you saved earlier, for
\`decision-trail verify bundle.json --key … --since saved.checkpoint\`.

Reads DATABASE_URL and signs with the ledger key (LEDGER_SIGNING_KEY or the key file), like serve.`

const CLI_ACTOR: Actor = { personId: 'per_cli', orgId: 'org_cli', role: 'admin' }

export async function exportCommand(args: string[], env: CliIo & { deps: () => Promise<AppDeps> }): Promise<number> {
  let values: { since?: string | undefined }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { since: { type: 'string' } } }))
  } catch (e) {
    env.err(`${(e as Error).message}\n\n${EXPORT_HELP}`)
    return 2
  }
  const since = values.since
  if (positionals.length !== 1 || (since !== undefined && !/^\d{1,15}$/.test(since))) {
    env.err(EXPORT_HELP)
    return 2
  }
  const deps = await env.deps()
  const bundle = await exportDecision(deps, CLI_ACTOR, positionals[0]!, {
    since: since === undefined ? undefined : Number(since),
  })
  env.out(JSON.stringify(bundle, null, 2))
  env.err(
    `exported ${bundle.events.length} events and ${bundle.directory.events.length} directory events of ${bundle.decisionId} at tree size ${bundle.proofs[0]?.treeSize ?? 0}`,
  )
  return 0
}
