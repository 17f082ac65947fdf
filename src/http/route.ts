// Registers a route in the OpenAPI registry and mounts its handler. Validation is NOT delegated
// to the generated validators: bodies go through the strict intake first (duplicate keys,
// unsafe integers, NFC), then through the same zod schemas the document shows.
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { z } from 'zod'
import { DomainError } from '../domain/errors'
import { NUL_ISSUE, nulKeys } from '../domain/validation'
import type { Env } from './env'
import { ProblemSchema } from './schemas'

export type Handler = (c: Context<Env>) => Response | Promise<Response>

export function route(app: OpenAPIHono<Env>, config: RouteConfig, handler: Handler): void {
  app.openAPIRegistry.registerPath(config)
  app.on(config.method.toUpperCase(), config.path.replace(/\{(\w+)\}/g, ':$1'), (c) => {
    refuseNulParams(c.req.param() as Record<string, string>)
    return handler(c)
  })
}

/**
 * A path parameter holding U+0000 (`%00`): no identifier holds one, and PostgreSQL's text cannot,
 * so it is refused alike on every backend, naming the parameter (queries: `parseQuery`).
 */
function refuseNulParams(params: Record<string, string>): void {
  const bad = nulKeys(Object.entries(params))
  if (!bad.length) return
  throw new DomainError(
    'validation-failed',
    `The path parameter ${bad[0]} contains the NUL character (U+0000).`,
    bad.map((k) => ({ path: [k], ...NUL_ISSUE })),
  )
}

export const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Malformed or invalid input; `errors[]` names each bad field',
  401: 'Bad, expired or revoked token',
  403: 'The role lacks the permission (named in the problem)',
  404: 'Unknown decision or entity',
  409: 'Impossible sequence or duplicate id',
  412: 'Stale If-Match version',
  413: 'Body over 1 MiB',
  415: 'The body is not `application/json`',
  422: 'Idempotency-Key reused with another body',
  429: 'Too many requests from this address: after 20 failed authentications in a minute every request carrying a token is refused (`rate-limited`), valid token or not, until `Retry-After` seconds pass; public feedback is limited to 10 per minute',
  503: 'Temporarily unavailable, nothing was served: the database is not ready (`not-ready`), the ledger cannot sequence yet (`ledger-unavailable`), or a read that must be recorded in the access log could not be (`access-log-unavailable`). Retry shortly',
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds until the address may try again (sent when failed authentications are limited)',
    required: false,
    schema: { type: 'integer' as const, minimum: 1 },
  },
}

/**
 * Problem responses for `statuses`. Any route that may answer 401 may also answer 429: the
 * failed-authentication limit applies to every request carrying a token.
 */
export function problems(...statuses: ProblemStatus[]) {
  const all: ProblemStatus[] = statuses.includes(401) && !statuses.includes(429) ? [...statuses, 429] : statuses
  return Object.fromEntries(
    all.map((s) => [
      s,
      {
        description: DESCRIPTIONS[s],
        ...(s === 429 ? { headers: RETRY_AFTER } : {}),
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  )
}

export const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  schema: { type: 'string' as const, maxLength: 200 },
  description: 'A retry with the same key and body returns the original response; another body is 422.',
}

/** `If-Match: "3"` (or W/"3", or a bare 3) → 3; `*` or none → undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header)
  if (!m)
    throw new DomainError('precondition-malformed', 'If-Match must be a version ETag such as "3".', [
      { path: ['If-Match'], message: 'not a version ETag' },
    ])
  return Number(m[1])
}

export const etag = (version: number) => `"${version}"`

export function param(c: Context<Env>, name: string): string {
  return c.req.param(name) ?? ''
}
