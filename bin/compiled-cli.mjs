// The CLI's TypeScript sources compiled into one ES module, for bin/decision-trail.mjs.
//
// esbuild (the compiler tsx itself runs) bundles src/cli/main.ts with everything it imports from
// src/ and migrations/; packages stay imports of node_modules. The module is written under
// node_modules/.cache/decision-trail/, named by a hash of every source file (and of this one), so
// it is built once per change of the sources (about half a second) and reused by every later
// start. Run so, a server holds ~55 MB less than through tsx's loader (a loader thread with a heap
// of its own, every module's source map kept in memory) and starts in a third of the time; what
// runs is the same code, compiled by the same compiler.
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

/** The esbuild plugin that keeps `import.meta.url` per source file and inlines packages' JSON. */
const keepFileUrls = (root) => ({
  name: 'decision-trail-file-urls',
  setup(build) {
    const isSource = (path) => SOURCE_DIRS.some((dir) => path.startsWith(join(root, dir) + sep))
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
    // cli-<where>-<what>.mjs. Where the sources are is part of the name because the module names
    // their files by absolute URL: a moved copy builds its own, and a cache shared by two
    // checkouts keeps one module of each.
    const where = createHash('sha256').update(root).digest('hex').slice(0, 8)
    const name = `${PREFIX}${where}-${sourceKey(root, esbuild.version)}.mjs`
    const file = join(cacheDir, name)
    if (existsSync(file)) return pathToFileURL(file)
    const result = await esbuild.build({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      plugins: [keepFileUrls(root)],
      // Beside it, read only with NODE_OPTIONS=--enable-source-maps (stack traces in TypeScript).
      sourcemap: 'linked',
      outfile: file,
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    })
    mkdirSync(cacheDir, { recursive: true })
    // Written whole under a temporary name, then renamed: a process starting meanwhile sees the
    // old module or the new one, never a part.
    const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix)).contents
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(`${temporary}.map`, output('.mjs.map'))
    renameSync(`${temporary}.map`, `${file}.map`)
    writeFileSync(temporary, output('.mjs'))
    renameSync(temporary, file)
    // Modules of earlier sources at the same place are not needed again.
    for (const other of readdirSync(cacheDir)) {
      if (other.startsWith(`${PREFIX}${where}-`) && !other.startsWith(name) && /\.mjs(\.map)?$/.test(other)) {
        rmSync(join(cacheDir, other), { force: true })
      }
    }
    return pathToFileURL(file)
  } catch {
    return undefined
  }
}
