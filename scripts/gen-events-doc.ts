// Writes docs/events.md from the event schemas. Run: npx tsx scripts/gen-events-doc.ts
// (test/domain/events-doc.test.ts fails until the committed file matches the schemas).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderEventsDoc } from '../src/domain/events/doc'

export { renderEventsDoc }

export const EVENTS_DOC_PATH = fileURLToPath(new URL('../docs/events.md', import.meta.url))

// Only write when run as a script, so the test can import this module without side effects.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(EVENTS_DOC_PATH, renderEventsDoc())
  console.log(`wrote ${EVENTS_DOC_PATH}`)
}
