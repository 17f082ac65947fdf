// The bench's processes run compiled, as the CLI does (bin/compiled-cli.mjs): the same compiler,
// the same options, each source file keeping its own import.meta.url, and the worker threads of
// the rebuild and the audit started from their compiled jobs. Through tsx each case's process
// took ~1.5 s to start and each rebuild worker 1.3–1.7 s; what runs is the same code.
import * as esbuild from 'esbuild'
import { compileModules, writeModules } from '../../bin/compiled-cli.mjs'
import { BENCH_DIR, REPO_DIR } from './paths'

/**
 * Compiles `entries` ({ name: source file }) into `<name>.mjs` modules of `outdir` (with the
 * worker jobs beside them); `dirs`: directories besides bench/ whose files keep their own
 * import.meta.url (the cases' directory).
 */
export async function compileBench(
  entries: Record<string, string>,
  outdir: string,
  dirs: string[] = [],
): Promise<void> {
  // The repository named, not found: this module may itself run compiled (case 3 compiles its
  // writer from its case process), where bin/compiled-cli.mjs's own import.meta.url is the bundle's.
  const files = await compileModules(esbuild, { root: REPO_DIR, entries, outdir, sourceDirs: [BENCH_DIR, ...dirs] })
  writeModules(files, outdir, outdir)
}
