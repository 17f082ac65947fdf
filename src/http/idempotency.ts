// Idempotency-Key plumbing for handlers: scope per token (or per address for the public).
import type { Context } from 'hono'
import type { AppendResult } from '../app/append'
import { findIdempotent, type IdempotencyRequest, requestHash } from '../app/idempotency'
import type { StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { UniqueViolation } from '../store/backend'
import type { Env } from './env'
import { etag } from './route'

export function idempotencyOf(c: Context<Env>, body: unknown, clientAddress: string): IdempotencyRequest | undefined {
  const key = c.req.header('idempotency-key')
  if (key === undefined) return undefined
  if (key.length < 1 || key.length > 200) {
    throw new DomainError('validation-failed', 'Idempotency-Key must be 1 to 200 characters.', [
      { path: ['Idempotency-Key'], message: '1…200 characters' },
    ])
  }
  const tokenId = c.get('tokenId')
  return {
    scope: tokenId ? `token:${tokenId}` : `public:${clientAddress}`,
    key,
    requestHash: requestHash(c.req.method, new URL(c.req.url).pathname, body),
  }
}

/**
 * The body of a response: a fresh append's from the events it stored; a replay's rebuilt from the
 * stored response (event responses from the stored events, read again).
 */
export async function responseBody(c: Context<Env>, result: AppendResult): Promise<unknown> {
  const stored = result.response
  if ('body' in stored) return stored.body
  let events: StoredEvent[] = []
  if (result.replayed) {
    for (const id of stored.events) {
      const e = await c.get('deps').store.readEventById(id)
      if (e) events.push(e)
    }
  } else events = result.events
  const first = events[0]
  if (stored.shape === 'created') return { decisionId: first?.decisionId, version: first?.version, event: first }
  return { event: first }
}

export async function send(
  c: Context<Env>,
  result: AppendResult,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = await responseBody(c, result)
  for (const [k, v] of Object.entries(headers)) c.header(k, v)
  if (result.replayed) {
    c.header('Idempotent-Replayed', 'true')
    // The original response (api.md §2) had the stream's ETag, and Location when it created the
    // decision: rebuilt from the stored event, as the body is.
    const event = (body as { event?: StoredEvent }).event
    if ('shape' in result.response && event) {
      c.header('ETag', etag(event.version))
      if (result.response.shape === 'created') c.header('Location', `/v1/decisions/${event.decisionId}`)
    }
  }
  return c.json(body as object, result.response.status as 200)
}

/**
 * A POST whose stored answer is a body (not events): the answer recorded under the key, replayed
 * with `Idempotent-Replayed: true`; else `create()`, which writes the record in the same atomic
 * unit as what it stores. A concurrent request with the same key that stored first is answered
 * as its replay.
 */
export async function createOnce(
  c: Context<Env>,
  idempotency: IdempotencyRequest | undefined,
  create: () => Promise<Response>,
): Promise<Response> {
  const replay = async () => {
    const earlier = await findIdempotent(c.get('deps'), idempotency)
    if (!earlier || !('body' in earlier)) return undefined
    c.header('Idempotent-Replayed', 'true')
    return c.json(earlier.body as object, earlier.status as 201)
  }
  const earlier = await replay()
  if (earlier) return earlier
  try {
    return await create()
  } catch (e) {
    if (!(e instanceof UniqueViolation && e.table === 'idempotency')) throw e
    const again = await replay()
    if (!again) throw e
    return again
  }
}
