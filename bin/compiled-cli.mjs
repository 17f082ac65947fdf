// The CLI's TypeScript sources compiled into ES modules, for bin/decision-trail.mjs.
//
// esbuild (the compiler tsx itself runs) bundles src/cli/main.ts with everything it imports from
// src/ and migrations/, and each worker thread's job beside it (WORKER_JOBS); packages stay
// imports of node_modules. The modules are written to a directory under
// node_modules/.cache/decision-trail/, named by a hash of every source file (and of this one), so
// they are built once per change of the sources (about half a second) and reused by every later
// start. Run so, a server holds ~55 MB less than through tsx's loader (a loader thread with a heap
// of its own, every module's source map kept in memory) and starts in a third of the time; the
// worker threads of rebuild-projections and verify --db start from their compiled modules in a
// fraction of the time, with no loader thread of their own. What runs is the same code, compiled
// by the same compiler.
//
// Two things a bundle would otherwise change are kept: `import.meta.url` stays each source file's
// own URL (worker entries and packages are found relative to it), and a JSON file imported from a
// package is inlined (Node 20 would want an import attribute on it).
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const SELF = fileURLToPath(import.meta.url)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SOURCE_DIRS = ['src', 'migrations']
const PREFIX = 'cli-'

/** Every file under the source directories of `root`, in a stable order. */
function sourceFiles(root) {
  const out = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(path)
    }
  }
  for (const dir of SOURCE_DIRS) walk(join(root, dir))
  return out
}

/** What the sources are: every file's path and bytes, this file (the build's options), esbuild's version. */
function sourceKey(root, esbuildVersion) {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n`).update(readFileSync(SELF)).update('\0')
  for (const file of sourceFiles(root)) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0')
    hash.update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 24)
}

/** The esbuild plugin that keeps `import.meta.url` per source file under `dirs` and inlines packages' JSON. */
const keepFileUrls = (dirs) => ({
  name: 'decision-trail-file-urls',
  setup(build) {
    const isSource = (path) => dirs.some((dir) => path.startsWith(dir + sep))
    build.onResolve({ filter: /\.json$/ }, (args) => {
      if (args.path.startsWith('.') || args.path.startsWith('/')) return undefined
      return { path: createRequire(join(args.resolveDir, 'x.js')).resolve(args.path) }
    })
    build.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => {
      if (!isSource(args.path)) return undefined
      const text = readFileSync(args.path, 'utf8')
      const contents = text.includes('import.meta.url')
        ? text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        : text
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js', resolveDir: dirname(args.path) }
    })
  },
})

/**
 * The worker threads the sources start, by the name of their entry beside the job in src/app
 * (`<name>.mjs`, which registers tsx in the worker): compiled, each is its job built as a module of
 * that name, and src/app/worker-entry.ts starts that instead.
 */
export const WORKER_JOBS = {
  'rebuild-worker': 'src/app/rebuild-job.ts',
  'audit-slice-worker': 'src/app/audit-slice-job.ts',
  'audit-hash-worker': 'src/app/audit-hash-job.ts',
}

/**
 * Compiles `entries` ({ name: source file }) and the worker jobs into ES modules `<name>.mjs` of
 * `outdir`, the code they share in chunks beside them, each with a linked source map. Nothing is
 * written: the output files are returned (paths under `outdir`) for the caller to write where it
 * will, as long as they end up in `outdir`, which the modules name (DECISION_TRAIL_WORKERS, the
 * directory the worker modules are started from). `sourceDirs`: more directories whose files keep
 * their own `import.meta.url` (src/ and migrations/ always do).
 */
export async function compileModules(esbuild, { root = ROOT, entries, outdir, sourceDirs = [] }) {
  const workers = Object.fromEntries(Object.entries(WORKER_JOBS).map(([name, job]) => [name, join(root, job)]))
  const result = await esbuild.build({
    entryPoints: { ...entries, ...workers },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [keepFileUrls([...SOURCE_DIRS.map((dir) => join(root, dir)), ...sourceDirs])],
    define: { DECISION_TRAIL_WORKERS: JSON.stringify(pathToFileURL(outdir + sep).href) },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    // Read only with NODE_OPTIONS=--enable-source-maps (stack traces in TypeScript).
    sourcemap: 'linked',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  return result.outputFiles
}

/** Writes `files` (paths under `outdir`) into `dir` instead, keeping their places relative to it. */
export function writeModules(files, outdir, dir) {
  for (const file of files) {
    const path = join(dir, relative(outdir, file.path))
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, file.contents)
  }
}

/**
 * The URL of the compiled CLI, built first if the sources changed; undefined where it cannot be
 * built or written (no esbuild, a read-only install): the caller then runs the sources through tsx.
 * `root` (the repository) and `cacheDir` are for tests.
 */
export async function compiledCli({
  root = ROOT,
  cacheDir = join(root, 'node_modules', '.cache', 'decision-trail'),
} = {}) {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    return undefined
  }
  try {
    // cli-<where>-<what>/. Where the sources are is part of the name because the modules name
    // their files by absolute URL: a moved copy builds its own, and a cache shared by two
    // checkouts keeps one build of each.
    const where = createHash('sha256').update(root).digest('hex').slice(0, 8)
    const name = `${PREFIX}${where}-${sourceKey(root, esbuild.version)}`
    const dir = join(cacheDir, name)
    const file = join(dir, 'cli.mjs')
    if (existsSync(file)) return pathToFileURL(file)
    const files = await compileModules(esbuild, {
      root,
      entries: { cli: join(root, 'src', 'cli', 'main.ts') },
      outdir: dir,
    })
    // Written whole into a directory of its own, then renamed: a process starting meanwhile sees
    // no build or all of one. If another process renamed its build of the same sources first,
    // that one is used.
    const temporary = `${dir}.${process.pid}.tmp`
    rmSync(temporary, { recursive: true, force: true })
    writeModules(files, dir, temporary)
    try {
      renameSync(temporary, dir)
    } catch (e) {
      rmSync(temporary, { recursive: true, force: true })
      if (!existsSync(file)) throw e
    }
    // Builds of earlier sources at the same place are not needed again. (A command still running
    // from one loaded its modules when it started: only rebuild-projections and verify --db start
    // worker threads, and they start them at once.)
    for (const other of readdirSync(cacheDir)) {
      if (other.startsWith(`${PREFIX}${where}-`) && other !== name && !other.endsWith('.tmp')) {
        rmSync(join(cacheDir, other), { recursive: true, force: true })
      }
    }
    return pathToFileURL(file)
  } catch {
    return undefined
  }
}
