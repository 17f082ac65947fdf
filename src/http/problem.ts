// The one place error codes become HTTP statuses and RFC 9457 problem documents.
import { DomainError, dottedPath, type ErrorCode, jsonPointer } from '../domain/errors'

export const STATUS: Record<ErrorCode, number> = {
  'malformed-json': 400,
  'invalid-utf8': 400,
  'duplicate-key': 400,
  'unsafe-integer': 400,
  'validation-failed': 400,
  'unknown-event-type': 400,
  'occurred-in-future': 400,
  'doc-ref-not-in-evidence': 400,
  'unknown-reference': 400,
  'invalid-cursor': 400,
  'invalid-query': 400,
  'cosignature-invalid': 400,
  'precondition-malformed': 400,
  unauthenticated: 401,
  'token-invalid': 401,
  'token-expired': 401,
  'token-revoked': 401,
  forbidden: 403,
  'unknown-witness': 403,
  'not-found': 404,
  'duplicate-id': 409,
  'already-initiated': 409,
  'not-initiated': 409,
  'no-open-comment-period': 409,
  'no-open-legality-review-request': 409,
  'decision-terminated': 409,
  'unknown-event-reference': 409,
  'cannot-correct-correction': 409,
  'finding-unknown': 409,
  'finding-already-exists': 409,
  'finding-already-resolved': 409,
  'finding-not-resolvable': 409,
  'position-already-ended': 409,
  'token-already-revoked': 409,
  'write-conflict': 409,
  'stale-version': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'idempotency-key-reused': 422,
  'rate-limited': 429,
  'not-ready': 503,
  'ledger-unavailable': 503,
  'access-log-unavailable': 503,
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  errors?: Array<{ path: string; pointer: string; message: string; code?: string }>
  [extra: string]: unknown
}

export const problemType = (code: string) => `urn:decision-trail:problem:${code}`

export function problemFrom(err: DomainError, instance?: string): Problem {
  const status = STATUS[err.code]
  const p: Problem = {
    type: problemType(err.code),
    title: TITLES[status] ?? 'Error',
    status,
    detail: err.message,
    code: err.code,
  }
  if (instance) p.instance = instance
  if (err.errors?.length) {
    p.errors = err.errors.map((e) => {
      const item: { path: string; pointer: string; message: string; code?: string } = {
        path: dottedPath(e.path),
        pointer: jsonPointer(e.path),
        message: e.message,
      }
      if (e.code) item.code = e.code
      return item
    })
  }
  if (err.extra) Object.assign(p, err.extra)
  return p
}

export function internalProblem(instance?: string): Problem {
  const p: Problem = {
    type: problemType('internal'),
    title: TITLES[500] as string,
    status: 500,
    detail: 'An internal error occurred; it has been logged.',
    code: 'internal',
  }
  if (instance) p.instance = instance
  return p
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError
