import type { AppDeps } from '../app/deps'
import { seedDemo } from '../demo/seed'
import type { Backend } from '../store/backend'
import { withSimulatedClock } from './demo-client'

/** Seeds the demo unless the database already holds decisions; returns a summary line. */
export async function seedDemoIfEmpty(
  backend: Backend,
  deps: AppDeps,
  progress: (line: string) => void,
): Promise<string | undefined> {
  const any = await backend.db.selectFrom('decisions').select('decision_id').limit(1).executeTakeFirst()
  if (any) return undefined
  progress('seeding the demo jurisdiction…')
  const summary = await withSimulatedClock(backend, deps, (client, token) =>
    seedDemo(client, token, {
      onProgress: (done, total) => {
        if (done === total || done % 100 === 0) progress(`  ${done}/${total} steps`)
      },
    }),
  )
  return `demo: ${summary.organizations} organizations, ${summary.people} people, ${summary.decisions} decisions, ${summary.events} events (${summary.refused} deliberate refusals logged)`
}
