import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { decisionEventSchemas } from '../../src/domain/events'
import { crossCheck, uniqueList } from '../../src/domain/events/primitives'
import { ids, validPayloads } from '../fixtures/events'

const issuesOf = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((i) => ({ code: i.code, path: i.path, message: i.message }))

describe('crossCheck: a check of a value as a whole, for .check()', () => {
  const pair = z.strictObject({ low: z.number(), high: z.number() })

  it('refuses with a custom issue at the path and message given, and passes what it does not refuse', () => {
    const ordered = pair.check(
      crossCheck((v, refuse) => {
        if (v.high <= v.low) refuse(['high'], 'high must exceed low')
      }),
    )
    expect(ordered.safeParse({ low: 1, high: 2 })).toEqual({ success: true, data: { low: 1, high: 2 } })
    expect(issuesOf(ordered.safeParse({ low: 2, high: 1 }))).toEqual([
      { code: 'custom', path: ['high'], message: 'high must exceed low' },
    ])
  })

  it('reports every refusal of one parse, and the checks after it still run (as after superRefine)', () => {
    const both = pair
      .check(
        crossCheck((v, refuse) => {
          if (v.low < 0) refuse(['low'], 'negative')
          if (v.high < 0) refuse(['high'], 'negative')
        }),
      )
      .check(
        crossCheck((v, refuse) => {
          if (v.high <= v.low) refuse([], 'not ordered')
        }),
      )
    expect(issuesOf(both.safeParse({ low: -1, high: -2 }))).toEqual([
      { code: 'custom', path: ['low'], message: 'negative' },
      { code: 'custom', path: ['high'], message: 'negative' },
      { code: 'custom', path: [], message: 'not ordered' },
    ])
  })

  it('nests: a refusal inside a field is reported under the field', () => {
    const outer = z.strictObject({ channels: uniqueList(z.string()) })
    expect(issuesOf(outer.safeParse({ channels: ['a', 'b', 'a', 'b'] }))).toEqual([
      { code: 'custom', path: ['channels', 2], message: 'duplicate value "a"' },
      { code: 'custom', path: ['channels', 3], message: 'duplicate value "b"' },
    ])
  })
})

describe('the payload checks written with it', () => {
  const meeting = validPayloads.CollectiveDiscussionHeld

  it('CollectiveDiscussionHeld: each impossible fact of one meeting is refused where it is', () => {
    const [first, second] = meeting.statements
    const payload = {
      ...meeting,
      headId: 'per_absent',
      statements: [first, { ...second, personId: first?.personId, order: first?.order }],
    }
    expect(issuesOf(decisionEventSchemas.CollectiveDiscussionHeld.safeParse(payload))).toEqual([
      { code: 'custom', path: ['headId'], message: 'the head must be among the attendees' },
      { code: 'custom', path: ['statements', 1, 'personId'], message: 'a second statement by this person' },
      { code: 'custom', path: ['statements', 1, 'order'], message: `order ${first?.order} is used twice` },
    ])
  })

  it('InterUnitConsultationRecorded: a repeated unit is refused at its index', () => {
    const payload = { ...validPayloads.InterUnitConsultationRecorded, unitIds: [ids.finance, ids.finance] }
    expect(issuesOf(decisionEventSchemas.InterUnitConsultationRecorded.safeParse(payload))).toEqual([
      { code: 'custom', path: ['unitIds', 1], message: `duplicate value "${ids.finance}"` },
    ])
  })

  it('PublicCommentOpened, PublicOpinionsProcessed, FairCompetitionReviewCompleted, DecisionReclassified', () => {
    const opened = validPayloads.PublicCommentOpened
    expect(
      issuesOf(decisionEventSchemas.PublicCommentOpened.safeParse({ ...opened, closesAt: opened.opensAt })),
    ).toEqual([{ code: 'custom', path: ['closesAt'], message: 'closesAt must be after opensAt' }])
    const processed = validPayloads.PublicOpinionsProcessed
    expect(
      issuesOf(
        decisionEventSchemas.PublicOpinionsProcessed.safeParse({ ...processed, adopted: processed.received + 1 }),
      ),
    ).toEqual([{ code: 'custom', path: ['adopted'], message: 'adopted cannot exceed received' }])
    // An exception recorded without its ground is a fact (domain.md §3 makes the field optional).
    const review = { ...validPayloads.FairCompetitionReviewCompleted, conclusion: 'exception' }
    delete (review as { exceptionJustification?: string }).exceptionJustification
    expect(issuesOf(decisionEventSchemas.FairCompetitionReviewCompleted.safeParse(review))).toEqual([])
    expect(
      issuesOf(
        decisionEventSchemas.DecisionReclassified.safeParse({ ...validPayloads.DecisionReclassified, flags: {} }),
      ),
    ).toEqual([{ code: 'custom', path: ['flags'], message: 'name at least one flag to change' }])
  })
})

// docs/performance.md, tenth round: superRefine sets a fresh closure on every parse's payload, and
// with it V8's scavenges promoted the parses' objects (0.5–0.8 MB per scavenge while parsing stored
// meetings). The payload schemas use crossCheck instead; this keeps it so.
describe('payload schemas', () => {
  it('are not built with superRefine', () => {
    const dir = resolve(process.cwd(), 'src/domain/events')
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .some((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && line.includes('.superRefine(')),
      )
    expect(offenders).toEqual([])
  })
})
