// bin/compiled-cli.mjs: the CLI's sources compiled into modules (the CLI and the worker threads'
// jobs), cached by a hash of the sources. Built here from a copy of the repository's sources, so
// the real cache is not touched.
import { execFile } from 'node:child_process'
import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { SourceMap } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { compiledCli, WORKER_JOBS } from '../../bin/compiled-cli.mjs'
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

/** Every module of a build, by file name: the CLI, the workers and the chunks they share. */
function modulesOf(url: URL | undefined): Map<string, string> {
  const dir = dirname(fileURLToPath(url as URL))
  const names = readdirSync(dir).filter((f) => f.endsWith('.mjs'))
  return new Map(names.map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
}

describe('the compiled CLI', () => {
  const copy = copyOfSources()

  it('is built once, named by its sources, and built anew (the old one removed) when a source changes', async () => {
    const first = await compiledCli(copy)
    expect(first).toBeInstanceOf(URL)
    const file = fileURLToPath(first as URL)
    expect(file.startsWith(copy.cacheDir)).toBe(true)
    expect(basename(file)).toBe('cli.mjs')
    // The build is a directory of its own: the CLI, each worker, the chunks they share; no
    // temporary directory is left beside it.
    expect(readdirSync(copy.cacheDir)).toEqual([basename(dirname(file))])
    expect([...modulesOf(first).keys()]).toEqual(
      expect.arrayContaining(['cli.mjs', 'rebuild-worker.mjs', 'audit-slice-worker.mjs', 'audit-hash-worker.mjs']),
    )
    const written = statSync(file).mtimeMs

    const again = await compiledCli(copy)
    expect(again?.href).toBe(first?.href)
    expect(statSync(file).mtimeMs).toBe(written)

    appendFileSync(join(copy.root, 'src', 'config.ts'), '\n// changed\n')
    const changed = await compiledCli(copy)
    expect(changed).toBeInstanceOf(URL)
    expect(changed?.href).not.toBe(first?.href)
    expect(existsSync(fileURLToPath(changed as URL))).toBe(true)
    expect(existsSync(dirname(file))).toBe(false)
    expect(readdirSync(copy.cacheDir)).toEqual([basename(dirname(fileURLToPath(changed as URL)))])
  })

  it('has a source map beside each module that names the TypeScript lines', async () => {
    const url = await compiledCli(copy)
    // localDateAt is in a chunk the CLI shares with the rebuild workers.
    const [name] = [...modulesOf(url)].find(([, text]) => text.includes('function localDateAt(')) ?? []
    const file = join(dirname(fileURLToPath(url as URL)), name as string)
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
    expect(dirname(fileURLToPath(there as URL))).not.toBe(dirname(fileURLToPath(here as URL)))
    expect(existsSync(fileURLToPath(here as URL))).toBe(true)
    const text = [...modulesOf(there).values()].join('\n')
    expect(text).toContain(JSON.stringify(pathToFileURL(join(elsewhere.root, 'src', 'store', 'sqlite.ts')).href))
    // (The shared cache lies inside the first copy: only its sources must not be named.)
    expect(text).not.toContain(pathToFileURL(join(first.root, 'src')).href)
  })

  it("keeps each source file's own import.meta.url, so every worker entry it names exists", async () => {
    const url = await compiledCli(copy)
    const text = [...modulesOf(url).values()].join('\n')
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

  it('builds each worker thread from its job, loading no TypeScript loader, and names the build as where workers start', async () => {
    const url = await compiledCli(copy)
    const modules = modulesOf(url)
    const build = pathToFileURL(`${dirname(fileURLToPath(url as URL))}/`).href
    // The CLI's workerEntry names the build's directory (src/app/worker-entry.ts), not the sources'.
    expect(modules.get('cli.mjs')).toContain(`new URL(\`\${name}.mjs\`, ${JSON.stringify(build)})`)
    for (const name of Object.keys(WORKER_JOBS)) {
      const text = modules.get(`${name}.mjs`) as string
      expect(text, name).toBeDefined()
      // What a worker loads: its module and the chunks it imports, none of them tsx.
      const loaded = [
        text,
        ...[...text.matchAll(/from "\.\/(chunk-[^"]+\.mjs)"/g)].map((m) => modules.get(m[1] as string)),
      ]
      for (const part of loaded) expect(part).not.toMatch(/tsx\/esm\/api|from "tsx"/)
    }
  })

  it("runs verify --db and rebuild-projections on compiled worker threads (the sources' worker entries removed)", async () => {
    const own = copyOfSources()
    const url = await compiledCli(own)
    for (const name of Object.keys(WORKER_JOBS)) rmSync(join(own.root, 'src', 'app', `${name}.mjs`))
    const cli = fileURLToPath(url as URL)
    const env = { ...process.env, DATABASE_URL: join(tempDir(), 'demo.db'), LOG_LEVEL: 'silent' }
    await run(process.execPath, [cli, 'demo'], { env })
    const verified = await run(process.execPath, [cli, 'verify', '--db', env.DATABASE_URL, '--threads', '2'], { env })
    expect(verified.stdout).toMatch(/^ok {3}database\.verified: \d+ streams and \d+ leaves verified/m)
    expect(verified.stderr).toMatch(/^streams: \d+ events checked$/m)
    expect(verified.stderr).not.toContain('could not run')
    const rebuilt = await run(process.execPath, [cli, 'rebuild-projections', '--threads', '2'], { env })
    expect(rebuilt.stdout).toMatch(
      /^rebuilt \d+ decisions .* evaluated on [12] worker thread\(s\); compliance as of \S+$/m,
    )

    // With no worker module to start, both say so (or say no thread ran) and do the work on their
    // own thread: the same verdict, the same rebuild.
    const build = dirname(cli)
    for (const name of Object.keys(WORKER_JOBS)) rmSync(join(build, `${name}.mjs`))
    const alone = await run(process.execPath, [cli, 'verify', '--db', env.DATABASE_URL, '--threads', '2'], { env })
    expect(alone.stderr).toMatch(/^a worker thread could not run \(.+\); checking on this thread$/m)
    expect(alone.stdout).toBe(verified.stdout)
    const rebuiltAlone = await run(process.execPath, [cli, 'rebuild-projections', '--threads', '2'], { env })
    expect(rebuiltAlone.stdout).toMatch(
      /^rebuilt \d+ decisions and \d+ directory stream\(s\) from \d+ events in [\d.]+ s; compliance as of \S+$/m,
    )
  }, 60_000)

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
