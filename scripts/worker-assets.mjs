// Build step of the Worker (wrangler.toml [build]): copies the static files the app serves from
// node_modules into dist/worker-assets, the Workers static-assets directory. Only these files:
// the Worker answers every path itself (run_worker_first) and fetches them through ASSETS.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const swagger = dirname(require.resolve('swagger-ui-dist/package.json'))
const out = join(dirname(new URL(import.meta.url).pathname), '..', 'dist', 'worker-assets')
mkdirSync(out, { recursive: true })
for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js']) copyFileSync(join(swagger, name), join(out, name))
console.log(`worker assets: ${out}`)
