// The one append loop every write goes through: read the head, decide, write one atomic unit.
// On a concurrent writer: 412 when the client named a version (If-Match), otherwise re-read and
// decide again. An Idempotency-Key replay or clash is detected before and after.

import type { StoredEvent } from '../domain/envelope'
import { DomainError } from '../domain/errors'
import { UniqueViolation } from '../store/backend'
import { type AppendUnit, type StreamHead, VersionConflict } from '../store/event-store'
import type { AppDeps } from './deps'
import { findIdempotent, type IdempotencyRequest, recordIdempotent, type StoredResponse } from './idempotency'

export interface Planned {
  unit: Omit<AppendUnit, 'also'> & { also?: AppendUnit['also'] }
  /** What to store for an idempotent replay (event ids are filled in from the unit). */
  response: StoredResponse
}

export type AppendResult =
  | { replayed: false; events: StoredEvent[]; response: StoredResponse }
  | { replayed: true; response: StoredResponse }

const MAX_ATTEMPTS = 20

export async function appendWithRetry<S>(
  deps: AppDeps,
  streamId: string,
  opts: { ifMatch?: number | undefined; idempotency?: IdempotencyRequest | undefined },
  plan: (head: StreamHead<S> | undefined) => Promise<Planned>,
): Promise<AppendResult> {
  const earlier = await findIdempotent(deps, opts.idempotency)
  if (earlier) return { replayed: true, response: earlier }
  for (let attempt = 1; ; attempt++) {
    const head = await deps.store.readHead<S>(streamId)
    // No stream at all is the planner's 404, not a stale version.
    if (opts.ifMatch !== undefined && head !== undefined && head.version !== opts.ifMatch) {
      throw new DomainError(
        'stale-version',
        `The stream is at version ${head?.version ?? 0}, not ${opts.ifMatch}.`,
        undefined,
        {
          currentVersion: head?.version ?? 0,
        },
      )
    }
    const { unit, response } = await plan(head)
    try {
      const events = await deps.store.append({
        ...unit,
        also: [...(unit.also ?? []), ...recordIdempotent(deps, opts.idempotency, response)],
      })
      deps.commits?.emit()
      return { replayed: false, events, response }
    } catch (e) {
      if (!(e instanceof VersionConflict || e instanceof UniqueViolation)) throw e
      // A concurrent request with the same key may have won: answer as it did.
      const replay = await findIdempotent(deps, opts.idempotency)
      if (replay) return { replayed: true, response: replay }
      if (e instanceof UniqueViolation) {
        if (e.table === 'idempotency') throw e
        // A read model's key taken by a concurrent write (two registrations of one id, say):
        // decide again against the stream as it now is, which answers the duplicate with its own
        // 409. If the stream has not moved, no race explains it: it is not ours to hide.
        const now = await deps.store.readHead(streamId)
        if ((now?.version ?? 0) === (head?.version ?? 0)) throw e
      }
      if (opts.ifMatch !== undefined) {
        throw new DomainError(
          'stale-version',
          `Another write reached the stream first; it is no longer at version ${opts.ifMatch}.`,
        )
      }
      if (attempt >= MAX_ATTEMPTS) throw new DomainError('write-conflict', 'The stream is too busy; retry the request.')
      // Many writers on one stream (PostgreSQL lets them all plan at once): after the first
      // retries, wait a random few milliseconds, up to 50, so they stop colliding in lockstep.
      if (attempt > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)))
    }
  }
}
