// docs/events.md is generated from the schemas; this keeps it honest.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EVENTS_DOC_PATH, renderEventsDoc } from '../../scripts/gen-events-doc'
import { DECISION_EVENT_TYPES, DIRECTORY_EVENT_TYPES, EVENT_LABELS } from '../../src/domain/events'

describe('docs/events.md', () => {
  const rendered = renderEventsDoc()

  it('given the current schemas, when regenerated, then it equals the committed file (else run npx tsx scripts/gen-events-doc.ts)', () => {
    expect(readFileSync(EVENTS_DOC_PATH, 'utf8')).toBe(rendered)
  })

  it('is deterministic', () => {
    expect(renderEventsDoc()).toBe(rendered)
  })

  it.each([...DECISION_EVENT_TYPES, ...DIRECTORY_EVENT_TYPES])('has a section for %s with its labels', (type) => {
    const section = rendered.split(`\n### ${type}\n`)[1]?.split('\n### ')[0]
    expect(section).toBeDefined()
    expect(section).toContain(`${EVENT_LABELS[type].zh} · ${EVENT_LABELS[type].en}`)
  })

  it.each([
    [
      'a nested enum',
      '| `proposal.source` | enum | yes | `government_leader` · `department` · `lower_government` · `deputy` · `public` |',
    ],
    ['an optional flag', '| `flags.npcMatter` | boolean | no |'],
    ['a DocRef field', '| `draft` | DocRef | yes |'],
    ['a unique channel list', '| `channels` | enum[] | yes | 1–1000 items; no repeats; each: `gov_website`'],
    ['a nested array field', '| `statements[].order` | integer | yes |'],
    ['a refinement', 'Checks: Refused if `closesAt` is not after `opensAt`.'],
  ])('renders %s', (_, fragment) => {
    expect(rendered).toContain(fragment)
  })
})
