// decision-trail <command>: thin commands over app/. Exit codes: 0 ok, 1 failure, 2 usage.
import { parseArgs } from 'node:util'
import { backfillProjections } from '../app/rebuild'
import { backfillReportItems } from '../app/reports'
import { StaleRefresher } from '../app/stale-refresher'
import { createToken, installAdminSecret, isRole, issueStartupAdminToken } from '../app/tokens'
import { readConfig } from '../config'
import { loadLedgerKey, logger, migrateToLatest, nodeDeps, openBackend, startServer } from '../node'
import { RulebookLoadError } from '../rules'
import { BACKUP_HELP, backupCommand, RESTORE_HELP, restoreCommand } from './backup'
import { seedDemoIfEmpty } from './demo'
import { EXPORT_HELP, exportCommand } from './export'
import { processIo, progressLine } from './io'
import { REBUILD_HELP, rebuildCommand } from './rebuild'
import { REPORT_HELP, reportCommand } from './report'
import { RULEBOOK_VALIDATE_HELP, rulebookValidateCommand } from './rulebook'
import { VERIFY_HELP, verifyCommand, vkeyOf } from './verify'

/** A DECISION_TRAIL_ADMIN_TOKEN shorter than this is accepted, with a warning. */
const ADVISED_SECRET_LENGTH = 16

const HELP: Record<string, string> = {
  '': `decision-trail — audit trails for major administrative decisions (重大行政决策)

Usage: decision-trail <command> [options]

Commands:
  serve                 migrate, seed the demo (unless DEMO=0), serve API + web pages
  migrate               bring the database schema up to date
  demo                  seed the demo jurisdiction into an empty database
  token create          issue an API token (printed once)
  report                an organ's compliance report for a period (JSON or CSV)
  rulebook validate     check a rulebook or overlay file (names each bad or loosening field)
  rebuild-projections   rebuild every read model from the events
  export <decisionId>   write a decision's verifiable bundle (events, checkpoint, proofs) to stdout
  verify                check a bundle offline, or audit a whole database (--db)
  backup <file>         copy the SQLite database online to <file>, then verify the copy
  restore <file>        check and verify a backup, then put it in place (server stopped)

Every command has --help. Configuration comes from the environment:
  DATABASE_URL   SQLite file (default ./data/decision-trail.db) or :memory:
  PORT, HOST     where to listen (default 127.0.0.1:8787)
  DEMO=0         do not seed the demo on first start
  DECISION_TRAIL_ADMIN_TOKEN  make this exact secret a valid admin token
  JURISDICTION   directory stream name (dir_<jurisdiction>, default main)
  LEDGER_SIGNING_KEY  the ledger's Ed25519 key (PKCS#8 PEM, base64 seed or note signer key);
                 else LEDGER_KEY_FILE (default: ledger-signing-key beside the database, created
                 with mode 0600 on first start; :memory: uses an ephemeral key)
  LEDGER_ORIGIN  checkpoint origin line (default decision-trail.local/<jurisdiction>)
  LEDGER_WITNESS_KEYS  comma-separated witness verifier keys accepted by POST /v1/ledger/cosignatures`,
  serve: `Usage: decision-trail serve [--port N] [--host H]

Migrates the database, seeds the demo jurisdiction on first start unless DEMO=0, then serves
the API and web pages and prints the URL and an admin token. Stop with Ctrl-C.`,
  migrate: `Usage: decision-trail migrate

Applies every pending migration to DATABASE_URL and prints their names.`,
  demo: `Usage: decision-trail demo

Seeds the demo jurisdiction (江州市: its government, departments, people and decisions) into
DATABASE_URL. Does nothing when the database already has decisions.`,
  'token create': `Usage: decision-trail token create --person <per_…> --org <org_…> --role <role> [--expires <RFC 3339>]

Issues a token for a person acting for an organization in a role and prints it once.
Roles: admin, organ_office, undertaking, legality_reviewer, reviewer, executing, inspector.`,
  report: REPORT_HELP,
  'rulebook validate': RULEBOOK_VALIDATE_HELP,
  'rebuild-projections': REBUILD_HELP,
  export: EXPORT_HELP,
  verify: VERIFY_HELP,
  backup: BACKUP_HELP,
  restore: RESTORE_HELP,
}

/** One line per call, for the ledger commands (stdout results, stderr progress). */
const lineIo = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }

function usage(command: string, code: number): never {
  ;(code === 0 ? console.log : console.error)(HELP[command] ?? HELP[''])
  process.exit(code)
}

async function main(argv: string[]): Promise<void> {
  const [first, second] = argv
  const twoWords = first === 'token' || first === 'rulebook'
  const command = twoWords ? `${first} ${second ?? ''}`.trim() : (first ?? '')
  const rest = argv.slice(twoWords ? 2 : 1)
  // `token --help`, `rulebook --help`: the help of every command of the group (none named: usage error).
  if (twoWords && (second === undefined || second === '--help' || second === '-h')) {
    const group = Object.keys(HELP).filter((k) => k.startsWith(`${first} `))
    ;(second ? console.log : console.error)(group.map((k) => HELP[k]).join('\n\n'))
    process.exit(second ? 0 : 2)
  }
  if (command === '' || command === '--help' || command === '-h' || command === 'help')
    usage('', command === '' ? 2 : 0)
  if (!(command in HELP)) {
    console.error(`Unknown command: ${command}\n`)
    usage('', 2)
  }
  if (rest.includes('--help') || rest.includes('-h')) usage(command, 0)
  const config = readConfig()

  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, host: { type: 'string' } } })
      if (values.port) config.port = Number(values.port)
      if (values.host) config.host = values.host
      const backend = await openBackend(config.databaseUrl, config)
      await migrateToLatest(backend)
      const deps = await nodeDeps(backend, config)
      // A database from before the compliance projection gets its rows once.
      await backfillProjections(deps, progressLine(processIo, 'projecting compliance'))
      await backfillReportItems(deps, progressLine(processIo, 'storing report entries'))
      if (config.demo) {
        const seeded = await seedDemoIfEmpty(backend, deps, (line) => console.log(line))
        if (seeded) console.log(seeded)
      }
      let adminToken: string
      if (config.adminToken) {
        await installAdminSecret(deps, config.adminToken)
        adminToken = '(the value of DECISION_TRAIL_ADMIN_TOKEN)'
        if (config.adminToken.length < ADVISED_SECRET_LENGTH)
          console.error(
            `warning: DECISION_TRAIL_ADMIN_TOKEN has ${config.adminToken.length} characters; ` +
              `use at least ${ADVISED_SECRET_LENGTH} random ones outside a test (it is an admin token)`,
          )
      } else {
        adminToken = await issueStartupAdminToken(deps)
      }
      deps.ledger.start(deps.commits)
      // Rows whose deadline passes are re-evaluated in the background, not by the next reader.
      const refresher = new StaleRefresher(deps, logger(config))
      refresher.start()
      const server = await startServer(deps, backend, config)
      console.log(`decision-trail is serving on ${server.url}`)
      console.log(`  ledger key:  ${deps.ledger.keyInfo().verifierKey}`)
      console.log(`  API docs:    ${server.url}/docs`)
      console.log(`  admin token: ${adminToken}`)
      const stop = async () => {
        await server.close()
        await refresher.stop()
        await deps.ledger.stop()
        await backend.close()
        process.exit(0)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      return
    }
    case 'migrate': {
      const backend = await openBackend(config.databaseUrl, config)
      const applied = await migrateToLatest(backend)
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date')
      await backend.close()
      return
    }
    case 'demo': {
      const backend = await openBackend(config.databaseUrl, config)
      await migrateToLatest(backend)
      const deps = await nodeDeps(backend, config)
      const seeded = await seedDemoIfEmpty(backend, deps, (line) => console.log(line))
      console.log(seeded ?? 'the database already has decisions; the demo was not seeded')
      await backend.close()
      return
    }
    case 'report':
      process.exitCode = await reportCommand(rest, config, processIo)
      return
    case 'rulebook validate':
      process.exitCode = await rulebookValidateCommand(rest, config, processIo)
      return
    case 'export': {
      const backend = await openBackend(config.databaseUrl, config)
      try {
        process.exitCode = await exportCommand(rest, {
          ...lineIo,
          deps: async () => {
            await migrateToLatest(backend)
            return nodeDeps(backend, config)
          },
        })
      } finally {
        await backend.close()
      }
      return
    }
    case 'verify':
      process.exitCode = await verifyCommand(rest, {
        ...lineIo,
        openDb: openBackend,
        configuredKey: async () => {
          const key = await loadLedgerKey(config, false)
          return key ? vkeyOf(config.ledger.origin, key.key) : undefined
        },
      })
      return
    case 'backup':
      process.exitCode = await backupCommand(rest, config, processIo)
      return
    case 'restore':
      process.exitCode = await restoreCommand(rest, config, processIo)
      return
    case 'rebuild-projections':
      process.exitCode = await rebuildCommand(rest, config, processIo)
      return
    case 'token create': {
      const { values } = parseArgs({
        args: rest,
        options: {
          person: { type: 'string' },
          org: { type: 'string' },
          role: { type: 'string' },
          expires: { type: 'string' },
        },
      })
      if (!values.person || !values.org || !values.role) usage(command, 2)
      if (!isRole(values.role) || values.role === 'public') {
        console.error(`Unknown role ${values.role}.`)
        usage(command, 2)
      }
      const backend = await openBackend(config.databaseUrl, config)
      await migrateToLatest(backend)
      const deps = await nodeDeps(backend, config)
      const { token, view } = await createToken(deps, undefined, {
        personId: values.person,
        orgId: values.org,
        role: values.role,
        ...(values.expires ? { expiresAt: values.expires } : {}),
      })
      console.log(token)
      console.error(
        `token ${view.id}: ${view.role} for ${view.personId} at ${view.orgId}${view.expiresAt ? `, expires ${view.expiresAt}` : ''}`,
      )
      await backend.close()
      return
    }
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // One line per bad field where the error lists them (a rulebook refused at load names each
  // document and field; zod names a path as a list): never a stack trace.
  const e = err as { message?: string; errors?: unknown }
  const issues = Array.isArray(e.errors) ? (e.errors as Array<Record<string, unknown>>) : []
  if (issues.length) console.error(`error: ${err instanceof RulebookLoadError ? 'invalid rulebook(s)' : e.message}`)
  else console.error(`error: ${e.message ?? String(err)}`)
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '')
    const where = typeof issue.document === 'string' ? `${issue.document} ${path}` : path
    console.error(`  ${where}: ${String(issue.message)}`)
  }
  process.exit(1)
})
