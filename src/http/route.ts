// Registers a route in the OpenAPI registry and mounts its handler. Validation is NOT delegated
// to the generated validators: bodies go through the strict intake first (duplicate keys,
// unsafe integers, NFC), then through the same zod schemas the document shows.
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { z } from 'zod'
import { DomainError } from '../domain/errors'
import type { Env } from './env'
import { ProblemSchema } from './schemas'

export type Handler = (c: Context<Env>) => Response | Promise<Response>

export function route(app: OpenAPIHono<Env>, config: RouteConfig, handler: Handler): void {
  app.openAPIRegistry.registerPath(config)
  app.on(config.method.toUpperCase(), config.path.replace(/\{(\w+)\}/g, ':$1'), handler)
}

export const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid input; `errors[]` names each bad field',
  401: 'Bad, expired or revoked token',
  403: 'The role lacks the permission (named in the problem)',
  404: 'Unknown decision or entity',
  409: 'Impossible sequence or duplicate id',
  412: 'Stale If-Match version',
  413: 'Body over 1 MiB',
  422: 'Idempotency-Key reused with another body',
  429: 'Rate limited',
}

export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: DESCRIPTIONS[s] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } },
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
