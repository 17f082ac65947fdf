// Entry of a rebuild worker (rebuild-workers.ts). The CLI runs the TypeScript sources through tsx
// (bin/decision-trail.mjs), and a worker does not inherit a loader registered in code, so it
// registers its own.
import { register } from 'tsx/esm/api'

register()
await import('./rebuild-job.ts')
