// Turns zod issues into FieldIssues with paths from the body's root.
import type { z } from 'zod'
import { DomainError, type FieldIssue } from './errors'

type Issue = z.core.$ZodIssue

export function issuesToFields(issues: readonly Issue[], base: ReadonlyArray<string | number> = []): FieldIssue[] {
  const out: FieldIssue[] = []
  for (const issue of issues) {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: [...path, key], message: 'unknown field', code: 'unrecognized_key' })
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest rather than an opaque "invalid input".
      const best = [...issue.errors].sort((a, b) => b.length - a.length)[0] ?? []
      out.push(...(best.length > 0 ? issuesToFields(best, path) : [{ path, message: issue.message, code: issue.code }]))
    } else {
      out.push({ path, message: issue.message, code: issue.code })
    }
  }
  return out
}

/** Parse `value` with `schema` or throw a 400 `validation-failed` naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  base: ReadonlyArray<string | number> = [],
  what = 'request body',
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const errors = issuesToFields(result.error.issues, base)
  const first = errors[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  throw new DomainError('validation-failed', `The ${what} is invalid${where}: ${first?.message ?? 'invalid'}`, errors)
}

/** The NUL character (U+0000): no field may hold it, and PostgreSQL's text and jsonb cannot. */
export const NUL_ISSUE = { message: 'contains U+0000', code: 'nul_character' } as const

/** The names among flat `entries` (query, path or form fields) whose name or value holds U+0000. */
export function nulKeys(entries: Iterable<[string, unknown]>): string[] {
  const holds = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\0') : Array.isArray(v) && v.some(holds))
  return [...entries].filter(([k, v]) => holds(k) || holds(v)).map(([k]) => k)
}

/**
 * A query (`c.req.query()`, one value per name) parsed with `schema`, or a 400 naming every bad
 * parameter — those the schema refuses and those holding U+0000, together.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.output<S> {
  const nul: FieldIssue[] = nulKeys(Object.entries(query)).map((k) => ({ path: [k], ...NUL_ISSUE }))
  const result = schema.safeParse(query)
  if (result.success && !nul.length) return result.data
  const errors = [...(result.success ? [] : issuesToFields(result.error.issues)), ...nul]
  const first = errors[0]
  throw new DomainError(
    'validation-failed',
    `The query is invalid at ${first?.path.join('.')}: ${first?.message ?? 'invalid'}`,
    errors,
  )
}
