/**
 * The URL of the compiled CLI (src/cli/main.ts bundled by esbuild, cached by a hash of the
 * sources), built first if the sources changed; undefined where it cannot be built or written.
 */
export function compiledCli(options?: { root?: string; cacheDir?: string }): Promise<URL | undefined>
