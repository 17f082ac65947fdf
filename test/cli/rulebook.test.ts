// `decision-trail rulebook validate <file.json>`: exit 0 valid, 1 invalid (each bad or loosening
// field printed with its path), 2 usage.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rulebookValidateCommand } from '../../src/cli/rulebook'
import { runCli, runDirect, tempDir } from './run'

const validate = (args: string[], env: Record<string, string> = {}) => runDirect(rulebookValidateCommand, args, env)

const dir = tempDir()
const overlay = JSON.parse(readFileSync('test/scenarios/rulebooks/cn-test-local.json', 'utf8')) as Record<
  string,
  unknown
>
const write = (name: string, value: unknown) => {
  const file = join(dir, name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

describe.concurrent('decision-trail rulebook validate', () => {
  it('accepts a tightening overlay (exit 0)', async () => {
    const r = await runCli(['rulebook', 'validate', write('ok.json', overlay)])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('valid — cn-test-local v1 (extends cn-713), effective 2020-01-01')
  })

  it('refuses an overlay that loosens its parent, naming each field (exit 1)', async () => {
    const loose = {
      ...overlay,
      id: 'cn-test-loose',
      parameters: {
        commentMinDays: { value: 20, basis: 'shorter than the national 30 days' },
        publishMaxWorkingDays: { value: 30, basis: 'longer than the national 20 working days' },
      },
    }
    const r = await runCli(['rulebook', 'validate', write('loose.json', loose)])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('invalid')
    expect(r.stdout).toMatch(/^ {2}parameters\.commentMinDays: /m)
    expect(r.stdout).toMatch(/^ {2}parameters\.publishMaxWorkingDays: /m)
  })

  it('serve refuses a loosening overlay in RULEBOOKS_DIR at load: each field named, no stack trace (exit 1)', async () => {
    const books = tempDir()
    const loose = {
      ...overlay,
      id: 'cn-test-loose',
      parameters: { commentMinDays: { value: 20, basis: 'shorter than the national 30 days' } },
    }
    writeFileSync(join(books, 'loose.json'), JSON.stringify(loose))
    const r = await runCli(['serve'], { RULEBOOKS_DIR: books, DATABASE_URL: join(tempDir(), 'db.sqlite'), PORT: '0' })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: invalid rulebook\(s\)$/m)
    expect(r.stderr).toMatch(/^ {2}cn-test-loose v1 parameters\.commentMinDays: /m)
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /)
  })

  it('a file of RULEBOOKS_DIR that is not JSON is named, for serve and for validate (exit 1)', async () => {
    const books = tempDir()
    writeFileSync(join(books, 'broken.json'), '{ "id": "cn-broken", }')
    const served = await runCli(['serve'], {
      RULEBOOKS_DIR: books,
      DATABASE_URL: join(tempDir(), 'db.sqlite'),
      PORT: '0',
    })
    expect(served.code).toBe(1)
    expect(served.stderr).toMatch(/^error: invalid rulebook\(s\)$/m)
    expect(served.stderr).toContain(`${join(books, 'broken.json')} (root): not JSON: `)
    expect(served.stderr).not.toMatch(/SyntaxError|\n\s+at /)
    const checked = await validate([write('ok-again.json', overlay)], { RULEBOOKS_DIR: books })
    expect(checked.code).toBe(1)
    expect(checked.stdout).toContain(`${join(books, 'broken.json')} (root): not JSON: `)
  })

  it('refuses a malformed document, naming each field (exit 1)', async () => {
    const bad = { ...overlay, version: 'one', parameters: { quorum: { value: 'half', basis: 'x' } } }
    const r = await validate([write('bad.json', bad)])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^ {2}version: /m)
    expect(r.stdout).toMatch(/^ {2}parameters\.quorum\.value: /m)
  })

  it('refuses text that is not JSON (exit 1)', async () => {
    const r = await validate([write('text.json', '{ "id": ')])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('not JSON')
  })

  it('usage error on no file, through the real CLI (exit 2)', async () => {
    const r = await runCli(['rulebook', 'validate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: decision-trail rulebook validate')
  })

  it.each([
    ['two files', ['a.json', 'b.json']],
    ['a file that does not exist', [join(dir, 'missing.json')]],
  ])('usage error on %s (exit 2)', async (_what, args) => {
    const r = await validate(args)
    expect(r.code).toBe(2)
    expect(r.stderr.length).toBeGreaterThan(0)
  })

  it('has --help (exit 0) and is listed in the top-level help', async () => {
    const help = await runCli(['rulebook', 'validate', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: decision-trail rulebook validate <file.json>')
    const top = await runCli(['--help'])
    expect(top.stdout).toContain('rulebook validate')
    expect(top.stdout).toContain('rebuild-projections')
    expect(top.stdout).toMatch(/^ {2}report /m)
  })

  it('checks against RULEBOOKS_DIR too: an overlay of a local rulebook', async () => {
    const child = { ...overlay, id: 'cn-test-child', extends: 'cn-test-local', parameters: {} }
    const file = write('child.json', child)
    expect((await validate([file])).code).toBe(1)
    const r = await validate([file], { RULEBOOKS_DIR: 'test/scenarios/rulebooks' })
    expect(r.code, r.stdout + r.stderr).toBe(0)
  })
})
