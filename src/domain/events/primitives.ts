// Building blocks shared by every event payload (spec/domain.md §2).
// Schemas only check form: a value that is late, missing or out of order is a compliance
// finding for rules/, never a validation error here (spec README, principle 1).
// No schema transforms or defaults: the parsed payload must equal the recorded one, because
// that is what gets hashed into the ledger.
import { z } from 'zod'

/** Upper bounds that keep one event small enough to hash, store and render. */
export const LIMITS = {
  title: 500,
  text: 20_000,
  item: 2_000,
  list: 1_000,
  mediaType: 200,
  uri: 2_000,
} as const

const NOT_BLANK = /\S/
// `abort`: an empty text is one problem (too short), not also a second (blank) at the same path.
const notBlank = (max: number) =>
  z.string().min(1, { abort: true }).max(max).regex(NOT_BLANK, { error: 'must contain a non-whitespace character' })

/** A name, title, place or short label: 1–500 characters, not only whitespace. */
export const Title = notBlank(LIMITS.title)
/** Free text (reasons, descriptions, summaries): 1–20,000 characters, not only whitespace. */
export const Text = notBlank(LIMITS.text)
/** One entry of a list of texts (a legal basis, a risk point, an opinion): 1–2,000 characters. */
export const ListItem = notBlank(LIMITS.item)

/** An array of at most 1,000 items; `min` is 0 unless an empty list would be meaningless. */
export const list = <T extends z.ZodType>(item: T, min = 0) => z.array(item).min(min).max(LIMITS.list)

/**
 * A check of a parsed value as a whole (across fields, or across a list's items), for a schema's
 * `.check()`: `refuse(path, message)` adds a custom issue there, and the checks after it still run,
 * as they do after a `.superRefine()`'s `ctx.addIssue`.
 *
 * Not `.superRefine()`, because of what it cost every parse, valid or not: it sets a fresh
 * closure on the parse's payload (`payload.addIssue`), and with it V8's scavenges promoted the
 * parses' objects instead of letting them die young: 0.5–0.8 MB of garbage per scavenge while
 * parsing stored meetings or consultations, and 3–5 ms pauses instead of 0.5 ms. The same check
 * through `.check()` promotes nothing (docs/performance.md, tenth round).
 */
export const crossCheck =
  <T>(fn: (value: T, refuse: (path: PropertyKey[], message: string) => void) => void) =>
  (payload: z.core.ParsePayload<T>): void => {
    fn(payload.value, (path, message) => {
      payload.issues.push({ code: 'custom', path, message, input: payload.value, continue: true })
    })
  }

/**
 * A list used as a set (ids, channels): non-empty unless `min` is 0, at most 1,000 items, no
 * repeats. Each repeat is reported at its own index so the recorder sees which entry to drop.
 */
export const uniqueList = <T extends z.ZodType<string>>(item: T, min = 1) =>
  list(item, min)
    .check(
      crossCheck((values, refuse) => {
        values.forEach((value, i) => {
          if (values.indexOf(value) !== i) refuse([i], `duplicate value "${value}"`)
        })
      }),
    )
    .meta({ uniqueItems: true })

/** A count of things: integer ≥ 0 (zod's `int()` also keeps it within the safe-integer range). */
export const Count = z.number().int().min(0)

export const SHA256_HEX = /^[0-9a-f]{64}$/

/** `{ name, sha256 }`: a pointer from a payload into the event's `evidence` list. */
export const DocRef = z
  .strictObject({
    name: Title,
    sha256: z.string().regex(SHA256_HEX, { error: 'must be 64 lowercase hex characters' }),
  })
  .meta({
    id: 'DocRef',
    description:
      'Pointer into the event `evidence`: the document with that sha256 must be listed there (the digest identifies it; the name labels the reference).',
  })
export type DocRef = z.infer<typeof DocRef>

/** One document of an event's `evidence` list (the envelope, not the payload). */
export const EvidenceDoc = z
  .strictObject({
    name: Title,
    sha256: DocRef.shape.sha256,
    mediaType: z.string().min(1).max(LIMITS.mediaType).optional(),
    size: Count.optional(),
    uri: z.string().min(1).max(LIMITS.uri).optional(),
  })
  .meta({ id: 'EvidenceDoc', description: 'A document attached to an event, identified by its SHA-256.' })
export type EvidenceDoc = z.infer<typeof EvidenceDoc>

export const PersonRef = z
  .string()
  .regex(/^per_[A-Za-z0-9_-]{1,120}$/)
  .meta({ id: 'PersonRef', description: 'A directory person id (`per_…`).' })
export const OrgRef = z
  .string()
  .regex(/^org_[A-Za-z0-9_-]{1,120}$/)
  .meta({ id: 'OrgRef', description: 'A directory organization id (`org_…`).' })
export const PositionRef = z
  .string()
  .regex(/^pos_[A-Za-z0-9_-]{1,120}$/)
  .meta({ id: 'PositionRef', description: 'A directory position id (`pos_…`).' })
/** Crockford base-32 ULID as the server issues for `eventId`. */
export const EventIdRef = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
  .meta({ id: 'EventIdRef', description: 'The `eventId` (ULID) of an earlier event.' })

/** RFC 3339 instant with `Z` or a numeric offset, seconds required; impossible dates are refused. */
export const Timestamp = z.iso.datetime({ offset: true }).meta({
  id: 'Timestamp',
  description: 'RFC 3339 date-time with seconds and `Z` or an offset, e.g. `2025-03-17T09:00:00+08:00`.',
})
/** A calendar date in the jurisdiction's time zone; `2025-02-30` is refused. */
export const CalendarDate = z.iso.date().meta({
  id: 'CalendarDate',
  description: '`YYYY-MM-DD`, a real calendar date in the jurisdiction’s time zone.',
})
export const RulebookId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/)
  .meta({ id: 'RulebookId', description: 'A rulebook id such as `cn-713` or `cn-shanghai`.' })

/**
 * Epoch milliseconds of a valid Timestamp, else undefined. Cross-field checks use it so that a
 * malformed value yields only its own format issue, not a second, confusing ordering issue.
 */
export function instant(value: string): number | undefined {
  return Timestamp.safeParse(value).success ? Date.parse(value) : undefined
}
