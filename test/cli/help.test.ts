// api.md §4: "every command has --help" — each command of the spec's list, and each two-word
// group (`token`, `rulebook`) as a whole, prints its usage on stdout and exits 0.
import { describe, expect, it } from 'vitest'
import { runCli } from './run'

describe('--help', () => {
  it.each([
    [['serve'], 'Usage: decision-trail serve'],
    [['migrate'], 'Usage: decision-trail migrate'],
    [['demo'], 'Usage: decision-trail demo'],
    [['token'], 'Usage: decision-trail token create'],
    [['token', 'create'], 'Usage: decision-trail token create'],
    [['report'], 'Usage: decision-trail report'],
    [['export'], 'Usage: decision-trail export'],
    [['rulebook'], 'Usage: decision-trail rulebook validate'],
    [['rulebook', 'validate'], 'Usage: decision-trail rulebook validate'],
    [['verify'], 'decision-trail verify --db'],
    [['rebuild-projections'], 'Usage: decision-trail rebuild-projections'],
    [['backup'], 'Usage: decision-trail backup'],
    [['restore'], 'Usage: decision-trail restore'],
  ])('%j --help', async (command, usage) => {
    const r = await runCli([...command, '--help'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(usage)
  })

  it('a group named alone is a usage error (exit 2) that lists its commands', async () => {
    const r = await runCli(['token'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: decision-trail token create')
  })
})
