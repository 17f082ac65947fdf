// One error type with a code from a closed union. The HTTP layer maps every code to a status in a
// Record<ErrorCode, number>, so a new code that is not mapped fails to compile.

export const ERROR_CODES = [
  // 400
  'malformed-json',
  'invalid-utf8',
  'duplicate-key',
  'unsafe-integer',
  'validation-failed',
  'unknown-event-type',
  'occurred-in-future',
  'doc-ref-not-in-evidence',
  'unknown-reference',
  'invalid-cursor',
  'invalid-query',
  'cosignature-invalid',
  // 401 / 403
  'unauthenticated',
  'token-invalid',
  'token-expired',
  'token-revoked',
  'forbidden',
  'unknown-witness',
  // 404
  'not-found',
  // 409
  'duplicate-id',
  'already-initiated',
  'not-initiated',
  'no-open-comment-period',
  'no-open-legality-review-request',
  'decision-terminated',
  'unknown-event-reference',
  'cannot-correct-correction',
  'finding-unknown',
  'finding-already-exists',
  'finding-already-resolved',
  'finding-not-resolvable',
  'position-already-ended',
  'token-already-revoked',
  'write-conflict',
  // 412
  'stale-version',
  'precondition-malformed',
  // 413
  'payload-too-large',
  // 415
  'unsupported-media-type',
  // 422
  'idempotency-key-reused',
  // 429
  'rate-limited',
  // 503
  'not-ready',
  'ledger-unavailable',
  'access-log-unavailable',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** One bad field: its path from the request body's root, and what is wrong with it. */
export interface FieldIssue {
  path: ReadonlyArray<string | number>
  message: string
  code?: string
}

export class DomainError extends Error {
  readonly code: ErrorCode
  readonly errors: FieldIssue[] | undefined
  readonly extra: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message: string, errors?: FieldIssue[], extra?: Record<string, unknown>) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.errors = errors
    this.extra = extra
  }
}

export const fail = (
  code: ErrorCode,
  message: string,
  errors?: FieldIssue[],
  extra?: Record<string, unknown>,
): never => {
  throw new DomainError(code, message, errors, extra)
}

/** RFC 6901 JSON pointer (as a URI fragment, like RFC 9457's example) for a path. */
export function jsonPointer(path: ReadonlyArray<string | number>): string {
  return `#${path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`
}

/** JSONPath-style dotted form, e.g. `data.statements[0].personId` (empty string for the root). */
export function dottedPath(path: ReadonlyArray<string | number>): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`
    else out += `[${JSON.stringify(p)}]`
  }
  return out
}
