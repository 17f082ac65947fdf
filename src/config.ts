// Configuration is read once, here, and validated (style.md): the composition roots call it.
import { z } from 'zod'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('./data/decision-trail.db'),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  PG_PREPARE: z.enum(['0', '1', 'false', 'true', 'no', 'yes']).default('1'),
  DEMO: z.enum(['0', '1', 'false', 'true', 'no', 'yes']).default('1'),
  // Any secret, as api.md §1 says ("that exact secret"); `serve` warns about one under 16 characters.
  DECISION_TRAIL_ADMIN_TOKEN: z.string().min(1).optional(),
  JURISDICTION: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)
    .default('main'),
  DEFAULT_RULEBOOK: z.string().default('cn-713'),
  RULEBOOKS_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
  LEDGER_SIGNING_KEY: z.string().optional(),
  LEDGER_KEY_FILE: z.string().optional(),
  LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'no spaces or "+" (it is also the key name)')
    .optional(),
  LEDGER_WITNESS_KEYS: z.string().optional(),
})

export type Config = {
  port: number
  host: string
  databaseUrl: string
  /** PG_POOL_MAX: connections per process on PostgreSQL (processes × this < max_connections). */
  pgPoolMax: number
  /** PG_PREPARE: prepare the statements of atomic units per connection (off behind a transaction pooler). */
  pgPrepare: boolean
  demo: boolean
  adminToken: string | undefined
  jurisdiction: string
  defaultRulebook: string
  rulebooksDir: string | undefined
  logLevel: 'silent' | 'error' | 'info'
  ledger: {
    /** LEDGER_SIGNING_KEY: PEM, base64 seed or note signer key (src/ledger/note.ts parseSigningKey). */
    signingKey: string | undefined
    /** LEDGER_KEY_FILE; default `ledger-signing-key` beside a SQLite file database. */
    keyFile: string | undefined
    /** LEDGER_ORIGIN; default `decision-trail.local/<jurisdiction>`. */
    origin: string
    /** LEDGER_WITNESS_KEYS: comma-separated witness vkeys (cosignature/v1). */
    witnessKeys: string[]
  }
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const r = Env.safeParse(clean)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = r.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgPoolMax: e.PG_POOL_MAX,
    pgPrepare: ['1', 'true', 'yes'].includes(e.PG_PREPARE),
    demo: ['1', 'true', 'yes'].includes(e.DEMO),
    adminToken: e.DECISION_TRAIL_ADMIN_TOKEN,
    jurisdiction: e.JURISDICTION,
    defaultRulebook: e.DEFAULT_RULEBOOK,
    rulebooksDir: e.RULEBOOKS_DIR,
    logLevel: e.LOG_LEVEL,
    ledger: {
      signingKey: e.LEDGER_SIGNING_KEY,
      keyFile: e.LEDGER_KEY_FILE,
      origin: e.LEDGER_ORIGIN ?? `decision-trail.local/${e.JURISDICTION}`,
      witnessKeys: (e.LEDGER_WITNESS_KEYS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    },
  }
}
