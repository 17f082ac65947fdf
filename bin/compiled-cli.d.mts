/**
 * The URL of the compiled CLI (src/cli/main.ts bundled by esbuild, with the worker threads' jobs
 * beside it, cached by a hash of the sources), built first if the sources changed; undefined where
 * it cannot be built or written.
 */
export function compiledCli(options?: { root?: string; cacheDir?: string }): Promise<URL | undefined>

/** The worker threads' jobs, by the name of the module each is compiled into. */
export const WORKER_JOBS: Readonly<Record<'rebuild-worker' | 'audit-slice-worker' | 'audit-hash-worker', string>>

/** An output file of esbuild: where it belongs and its bytes. */
export interface OutputFile {
  path: string
  contents: Uint8Array
}

/**
 * Compiles `entries` ({ name: source file }) and the worker jobs into ES modules `<name>.mjs` of
 * `outdir`, unwritten; `sourceDirs` keep their files' own `import.meta.url` as src/ does.
 */
export function compileModules(
  esbuild: typeof import('esbuild'),
  options: { root?: string; entries: Record<string, string>; outdir: string; sourceDirs?: string[] },
): Promise<OutputFile[]>

/** Writes `files` (paths under `outdir`) into `dir` instead, keeping their places relative to it. */
export function writeModules(files: readonly OutputFile[], outdir: string, dir: string): void
