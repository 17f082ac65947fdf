// Cursor pagination (api.md §2): ?limit= (max 500) and an opaque ?cursor=.
import { z } from 'zod'
import { DomainError } from '../domain/errors'

export const MAX_LIMIT = 500
export const DEFAULT_LIMIT = 100

export function parseLimit(raw: string | undefined, fallback = DEFAULT_LIMIT): number {
  if (raw === undefined || raw === '') return fallback
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new DomainError('invalid-query', `limit must be an integer from 1 to ${MAX_LIMIT}.`, [
      { path: ['limit'], message: `1…${MAX_LIMIT}` },
    ])
  }
  return Number(raw)
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

export function decodeCursor<T>(raw: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (raw === undefined || raw === '') return undefined
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (check(v)) return v
  } catch {
    // fall through
  }
  throw invalidCursor()
}

const invalidCursor = () =>
  new DomainError('invalid-cursor', 'The cursor is not one this service issued.', [
    { path: ['cursor'], message: 'invalid cursor' },
  ])

/** A page of `limit` items fetched as limit + 1 rows tells whether there is a next page. */
export function page<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null }
}

/** The query of a plain paged list. */
export const PageQuery = z.strictObject({ limit: z.string().optional(), cursor: z.string().optional() })

/**
 * Lists in the order of a number (the global feed's position, the refusal and access logs' ids):
 * `?after=` the last number read, or `?cursor=` the list's `nextCursor`, which is that number
 * (api.md §2's convention; the feed's own line names `after`).
 */
const Position = z
  .string()
  .regex(/^\d{1,15}$/)
  .optional()
export const PositionQuery = { after: Position, cursor: Position, limit: z.string().optional() }

/** The number to read after: `cursor` or `after` (0 for the start); two different ones are refused. */
export function afterPosition(q: { after?: string | undefined; cursor?: string | undefined }): number {
  if (q.after !== undefined && q.cursor !== undefined && q.after !== q.cursor) {
    throw new DomainError('invalid-query', 'after and cursor name different positions: give one.', [
      { path: ['cursor'], message: `differs from after (${q.after})` },
    ])
  }
  return Number(q.cursor ?? q.after ?? 0)
}

/** A page of items read as limit + 1 rows, its `nextCursor` the last item's number. */
export function positionPage<T>(rows: T[], limit: number, numberOf: (last: T) => number) {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last !== undefined ? String(numberOf(last)) : null }
}

/** A cursor that carries the last item's key. */
export const isKeyCursor = (v: unknown): v is { k: string } => typeof (v as { k?: unknown })?.k === 'string'

/**
 * A page of a short list read whole (the tokens, a person's positions, the rulebooks): the items
 * after the cursor's key, in the list's own order. A key no longer in the list is an invalid cursor.
 */
export function pageOf<T>(
  all: readonly T[],
  query: z.infer<typeof PageQuery>,
  keyOf: (item: T) => string,
): { items: T[]; nextCursor: string | null } {
  const limit = parseLimit(query.limit)
  const after = decodeCursor(query.cursor, isKeyCursor)?.k
  let start = 0
  if (after !== undefined) {
    start = all.findIndex((item) => keyOf(item) === after) + 1
    if (start === 0) throw invalidCursor()
  }
  return page(all.slice(start, start + limit + 1), limit, (last) => ({ k: keyOf(last) }))
}
