// Entry of a slice worker of `verify --db` (audit-slices.ts); it registers the TypeScript loader
// for itself, as audit-hash-worker.mjs does.
import { register } from 'tsx/esm/api'

register()
await import('./audit-slice-job.ts')
