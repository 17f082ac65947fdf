// bin/compiled-cli.mjs: the CLI's sources compiled into one module, cached by a hash of the
// sources. Built here from a copy of the repository's sources, so the real cache is not touched.
import { execFile } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { compiledCli } from '../../bin/compiled-cli.mjs'
import { runCli, tempDir } from './run'

const run = promisify(execFile)
const ROOT = resolve('.')

/** A copy of the sources with the real node_modules, and a cache directory inside it. */
function copyOfSources() {
  const root = tempDir()
  for (const dir of ['src', 'migrations']) cpSync(join(ROOT, dir), join(root, dir), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  return { root, cacheDir: join(root, 'cache') }
}

describe('the compiled CLI', () => {
  const copy = copyOfSources()

  it('is built once, named by its sources, and built anew (the old one removed) when a source changes', async () => {
    const first = await compiledCli(copy)
    expect(first).toBeInstanceOf(URL)
    const file = fileURLToPath(first as URL)
    expect(file.startsWith(copy.cacheDir)).toBe(true)
    const written = statSync(file).mtimeMs

    const again = await compiledCli(copy)
    expect(again?.href).toBe(first?.href)
    expect(statSync(file).mtimeMs).toBe(written)

    appendFileSync(join(copy.root, 'src', 'config.ts'), '\n// changed\n')
    const changed = await compiledCli(copy)
    expect(changed).toBeInstanceOf(URL)
    expect(changed?.href).not.toBe(first?.href)
    expect(existsSync(fileURLToPath(changed as URL))).toBe(true)
    expect(existsSync(file)).toBe(false)
    expect(existsSync(`${file}.map`)).toBe(false)
  })

  it('has a source map beside it that names the TypeScript lines', async () => {
    const file = fileURLToPath((await compiledCli(copy)) as URL)
    const lines = readFileSync(file, 'utf8').split('\n')
    expect(lines.at(-1) || lines.at(-2)).toBe(`//# sourceMappingURL=${basename(file)}.map`)
    const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')))
    const line = lines.findIndex((l) => l.includes('function localDateAt('))
    expect(line).toBeGreaterThan(0)
    const source = readFileSync(join(copy.root, 'src', 'rules', 'time.ts'), 'utf8').split('\n')
    const entry = map.findEntry(line, lines[line]?.indexOf('function') ?? 0)
    expect('originalSource' in entry && resolve(dirname(file), entry.originalSource)).toBe(
      join(copy.root, 'src', 'rules', 'time.ts'),
    )
    expect('originalLine' in entry && source[entry.originalLine]).toContain('function localDateAt(')
  })

  it('is built anew for the same sources at another place (the module names its files by absolute URL); a shared cache keeps both', async () => {
    const first = copyOfSources()
    const elsewhere = copyOfSources()
    const cacheDir = first.cacheDir
    const here = await compiledCli({ root: first.root, cacheDir })
    const there = await compiledCli({ root: elsewhere.root, cacheDir })
    expect(basename(fileURLToPath(there as URL))).not.toBe(basename(fileURLToPath(here as URL)))
    expect(existsSync(fileURLToPath(here as URL))).toBe(true)
    const text = readFileSync(fileURLToPath(there as URL), 'utf8')
    expect(text).toContain(JSON.stringify(pathToFileURL(join(elsewhere.root, 'src', 'store', 'sqlite.ts')).href))
    expect(text).not.toContain(first.root)
  })

  it("keeps each source file's own import.meta.url, so every worker entry it names exists", async () => {
    const url = await compiledCli(copy)
    const text = readFileSync(fileURLToPath(url as URL), 'utf8')
    expect(text).not.toContain('import.meta.url')
    const entries = [...text.matchAll(/new URL\("(\.\/[^"]+\.mjs)", "(file:[^"]+)"\)/g)]
    const names = entries.map((m) => m[1])
    // The SQLite writer thread, the rebuild workers and both kinds of audit worker.
    expect(names).toEqual(
      expect.arrayContaining([
        './sqlite-writer.mjs',
        './rebuild-worker.mjs',
        './audit-hash-worker.mjs',
        './audit-slice-worker.mjs',
      ]),
    )
    for (const [, entry, base] of entries) {
      const target = fileURLToPath(new URL(entry as string, base))
      expect(target.startsWith(join(copy.root, 'src')), target).toBe(true)
      expect(existsSync(target), target).toBe(true)
    }
    // A package's JSON (the holiday calendar) is inlined: Node 20 would want an import attribute.
    expect(text).not.toMatch(/from "[^"]+\.json"/)
  })

  it('runs: the compiled module answers as the CLI does', async () => {
    const url = await compiledCli(copy)
    const { stdout } = await run(process.execPath, [fileURLToPath(url as URL), '--help'])
    expect(stdout).toContain('Usage: decision-trail <command> [options]')
  })

  it('is not built where it cannot be written (the caller then runs the sources through tsx)', async () => {
    const blocked = join(tempDir(), 'a-file')
    writeFileSync(blocked, '')
    expect(await compiledCli({ root: copy.root, cacheDir: join(blocked, 'cache') })).toBeUndefined()
  })
})

describe('bin/decision-trail.mjs', () => {
  it('answers the same compiled and through tsx (DECISION_TRAIL_TSX=1)', async () => {
    // The module the bin runs here is built (not the tsx fallback taken silently).
    const url = await compiledCli()
    expect(url).toBeInstanceOf(URL)
    expect(existsSync(fileURLToPath(url as URL))).toBe(true)
    expect(fileURLToPath(url as URL).startsWith(join(ROOT, 'node_modules', '.cache', 'decision-trail'))).toBe(true)
    const [compiled, tsx] = await Promise.all([
      runCli(['token', 'create', '--help']),
      runCli(['token', 'create', '--help'], { DECISION_TRAIL_TSX: '1' }),
    ])
    expect(compiled.code).toBe(0)
    expect(tsx.code).toBe(0)
    expect(compiled.stdout).toContain('token create')
    expect(compiled.stdout).toBe(tsx.stdout)
  })
})
