// Idempotency-Key (api.md §2): a retry with the same key and body gets the original response;
// the same key with another body is 422. The record is written in the same atomic unit as the
// change it acknowledges, so a crash can never leave one without the other.
import type { CompiledQuery } from 'kysely'
import { DomainError } from '../domain/errors'
import { canonicalJson, sha256Hex } from '../ledger/event-hash'
import type { AppDeps } from './deps'

export interface IdempotencyRequest {
  scope: string
  key: string
  requestHash: string
}

/** What is stored: either a body as is, or the ids of events whose stored form is the body. */
export type StoredResponse =
  | { status: number; body: unknown }
  | { status: number; events: string[]; shape: 'created' | 'appended' }

export function requestHash(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method} ${path}\n${canonicalJson(body ?? null)}`)
}

export async function findIdempotent(
  deps: AppDeps,
  req: IdempotencyRequest | undefined,
): Promise<StoredResponse | undefined> {
  if (!req) return undefined
  const row = await deps.store.db
    .selectFrom('idempotency')
    .selectAll()
    .where('scope', '=', req.scope)
    .where('key', '=', req.key)
    .executeTakeFirst()
  if (!row) return undefined
  if (row.request_hash !== req.requestHash) {
    throw new DomainError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used with a different request body.',
    )
  }
  return JSON.parse(row.response) as StoredResponse
}

export function recordIdempotent(
  deps: AppDeps,
  req: IdempotencyRequest | undefined,
  response: StoredResponse,
): CompiledQuery[] {
  if (!req) return []
  return [
    deps.store.db
      .insertInto('idempotency')
      .values({
        scope: req.scope,
        key: req.key,
        request_hash: req.requestHash,
        status: response.status,
        response: JSON.stringify(response),
        created_at: deps.clock().toISOString(),
      })
      .compile(),
  ]
}
