// One storage contract, run against every backend (SQLite now; PostgreSQL and D1 reuse it).
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { appendWithRetry } from '../../src/app/append'
import { chainEvents } from '../../src/app/envelope'
import { createDeps } from '../../src/compose'
import type { Actor } from '../../src/domain/envelope'
import { GENESIS_HASH } from '../../src/domain/envelope'
import { DomainError } from '../../src/domain/errors'
import { eventHash } from '../../src/ledger/event-hash'
import type { Backend } from '../../src/store/backend'
import { type StreamHead, VersionConflict } from '../../src/store/event-store'
import { migrateToLatest } from '../../src/store/migrate'
import { sequentialIds, testClock } from '../support/app'

const actor: Actor = { personId: 'per_clerk', orgId: 'org_unit', role: 'undertaking' }

/** `durable`: the backend survives a close and reopen (a file or a server, not :memory:). */
export function eventStoreContract(
  name: string,
  open: () => Promise<{ backend: Backend; reopen?: () => Promise<Backend> }>,
  opts: { durable: boolean },
) {
  async function setup() {
    const { backend, reopen } = await open()
    await migrateToLatest(backend)
    const clock = testClock()
    const deps = createDeps(backend, { clock: clock.now, newId: sequentialIds() })
    /** Appends `n` events to `stream` through the real append loop. */
    const append = async (stream: string, n = 1, opts: { ifMatch?: number; key?: string; bodyHash?: string } = {}) =>
      appendWithRetry<{ n: number }>(
        deps,
        stream,
        {
          ifMatch: opts.ifMatch,
          idempotency: opts.key ? { scope: 'test', key: opts.key, requestHash: opts.bodyHash ?? 'h' } : undefined,
        },
        async (head) => {
          const events = chainEvents(
            deps,
            stream,
            { version: head?.version ?? 0, headHash: head?.headHash ?? '' },
            actor,
            Array.from({ length: n }, (_, i) => ({
              type: 'DraftRevised',
              occurredAt: '2025-03-01T09:00:00+08:00',
              data: { i, reason: '修改' },
            })),
            () => 1,
          )
          return {
            unit: {
              streamId: stream,
              kind: 'decision',
              expectedVersion: head?.version ?? 0,
              events,
              newState: { n: (head?.state.n ?? 0) + n },
            },
            response: { status: 201, events: events.map((e) => e.eventId), shape: 'appended' },
          }
        },
      )
    return { backend, deps, clock, append, reopen }
  }

  describe(`event store contract: ${name}`, () => {
    it('appends and reads back a stream in version order, with contiguous versions', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_A', 3)
      await append('dec_A', 2)
      const events = await deps.store.readStream('dec_A')
      expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5])
      expect(events.map((e) => e.data.i)).toEqual([0, 1, 2, 0, 1])
      const head = await deps.store.readHead<{ n: number }>('dec_A')
      expect(head).toMatchObject({ version: 5, headHash: events[4]?.hash, state: { n: 5 } })
      await backend.close()
    })

    it('returns the appended events exactly as they read back (fields, key order, position)', async () => {
      const { deps, backend } = await setup()
      const events = chainEvents(
        deps,
        'dec_R',
        { version: 0, headHash: '' },
        actor,
        [
          { type: 'DraftRevised', occurredAt: '2025-03-01T09:00:00+08:00', data: { reason: '修改', n: 1.5 } },
          {
            type: 'DraftRevised',
            occurredAt: '2025-03-02T09:00:00+08:00',
            data: { reason: '再改' },
            evidence: [{ name: '草案.pdf', sha256: 'a'.repeat(64) }],
            correlationId: 'corr-1',
            causationId: 'cause-1',
          },
        ],
        () => 1,
      )
      const appended = await deps.store.append({
        streamId: 'dec_R',
        kind: 'decision',
        expectedVersion: 0,
        events,
        newState: {},
        also: [],
      })
      const read = await Promise.all(appended.map((e) => deps.store.readEventById(e.eventId)))
      // The HTTP answer of a fresh append is built from these, a replay's from the stored rows.
      expect(JSON.stringify(appended)).toBe(JSON.stringify(read))
      expect(JSON.stringify(appended)).toBe(JSON.stringify(await deps.store.readStream('dec_R')))
      await backend.close()
    })

    it('reads the streams of an id range in one query, by stream and version', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_C', 1)
      await append('dec_A', 2)
      await append('dec_B', 1)
      await append('dec_A', 1)
      const events = await deps.store.readStreamRange('dec_A', 'dec_B')
      expect(events.map((e) => `${e.decisionId} v${e.version}`)).toEqual([
        'dec_A v1',
        'dec_A v2',
        'dec_A v3',
        'dec_B v1',
      ])
      expect(events).toEqual([...(await deps.store.readStream('dec_A')), ...(await deps.store.readStream('dec_B'))])
      await backend.close()
    })

    it('chains every event to the previous one and stores hashes that recompute', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_A', 4)
      const events = await deps.store.readStream('dec_A')
      expect(events[0]?.prevHash).toBe(GENESIS_HASH)
      events.forEach((e, i) => {
        expect(eventHash(e)).toBe(e.hash)
        if (i > 0) expect(e.prevHash).toBe(events[i - 1]?.hash)
      })
      await backend.close()
    })

    it('refuses a stale expected version with 412 and writes nothing', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_A', 2)
      await expect(append('dec_A', 1, { ifMatch: 1 })).rejects.toMatchObject({ code: 'stale-version' })
      expect((await deps.store.readStream('dec_A')).length).toBe(2)
      await backend.close()
    })

    it('lets exactly one of two concurrent writers with the same expected version win', async () => {
      const { deps, backend } = await setup()
      const base = await (async () => {
        const events = chainEvents(
          deps,
          'dec_A',
          { version: 0, headHash: '' },
          actor,
          [{ type: 'DraftPrepared', occurredAt: '2025-03-01T09:00:00+08:00', data: {} }],
          () => 1,
        )
        await deps.store.append({
          streamId: 'dec_A',
          kind: 'decision',
          expectedVersion: 0,
          events,
          newState: {},
          also: [],
        })
        return (await deps.store.readHead('dec_A')) as StreamHead
      })()
      const unit = (label: string) => ({
        streamId: 'dec_A',
        kind: 'decision' as const,
        expectedVersion: base.version,
        events: chainEvents(
          deps,
          'dec_A',
          base,
          actor,
          [{ type: 'DraftRevised', occurredAt: '2025-03-02T09:00:00+08:00', data: { label } }],
          () => 1,
        ),
        newState: { label },
        also: [],
      })
      const results = await Promise.allSettled([deps.store.append(unit('a')), deps.store.append(unit('b'))])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
      expect(rejected).toHaveLength(1)
      expect(rejected[0]?.reason).toBeInstanceOf(VersionConflict)
      const events = await deps.store.readStream('dec_A')
      expect(events.map((e) => e.version)).toEqual([1, 2])
      const head = await deps.store.readHead<{ label: string }>('dec_A')
      expect(head?.state.label).toBe(events[1]?.data.label)
      await backend.close()
    })

    it('retries without If-Match when another writer got there first, keeping versions contiguous', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_A', 1)
      await Promise.all(Array.from({ length: 10 }, () => append('dec_A', 1)))
      const events = await deps.store.readStream('dec_A')
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1))
      await backend.close()
    })

    it('answers an idempotent retry with the original events and stores nothing twice', async () => {
      const { deps, append, backend } = await setup()
      const first = await append('dec_A', 1, { key: 'k1' })
      const again = await append('dec_A', 1, { key: 'k1' })
      expect(first.replayed).toBe(false)
      expect(again.replayed).toBe(true)
      expect(again.response).toEqual(first.response)
      expect((await deps.store.readStream('dec_A')).length).toBe(1)
      const other = await append('dec_A', 1, { key: 'k1', bodyHash: 'another body' }).catch((e: unknown) => e)
      expect(other).toBeInstanceOf(DomainError)
      expect((other as DomainError).code).toBe('idempotency-key-reused')
      expect((await deps.store.readStream('dec_A')).length).toBe(1)
      await backend.close()
    })

    it('gives the global feed in commit order with strictly increasing positions', async () => {
      const { deps, append, backend } = await setup()
      await append('dec_A', 2)
      await append('dec_B', 1)
      await append('dec_A', 1)
      const feed = await deps.store.readFeed(0, 100)
      expect(feed.map((e) => [e.decisionId, e.version])).toEqual([
        ['dec_A', 1],
        ['dec_A', 2],
        ['dec_B', 1],
        ['dec_A', 3],
      ])
      const positions = feed.map((e) => e.position)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
      expect(new Set(positions).size).toBe(positions.length)
      expect((await deps.store.readFeed(positions[1] as number, 100)).map((e) => e.position)).toEqual(
        positions.slice(2),
      )
      await backend.close()
    })

    it('writes nothing of a unit when any statement in it fails', async () => {
      const { deps, backend } = await setup()
      const events = chainEvents(
        deps,
        'dec_A',
        { version: 0, headHash: '' },
        actor,
        [{ type: 'DraftPrepared', occurredAt: '2025-03-01T09:00:00+08:00', data: {} }],
        () => 1,
      )
      const failing = sql`insert into no_such_table values (1)`.compile(deps.store.db)
      await expect(
        deps.store.append({
          streamId: 'dec_A',
          kind: 'decision',
          expectedVersion: 0,
          events,
          newState: {},
          also: [failing],
        }),
      ).rejects.toThrow()
      expect(await deps.store.readStream('dec_A')).toEqual([])
      expect(await deps.store.readHead('dec_A')).toBeUndefined()
      await backend.close()
    })

    it('never lets a feed reader step past an event that commits late, with concurrent writers', async () => {
      const { deps, backend, reopen } = await setup()
      // Where the backend can open more connections (PostgreSQL), each writer gets its own pool,
      // so transactions really overlap; elsewhere the writers share the one connection.
      const writerBackends = await Promise.all(
        Array.from({ length: 4 }, async () => (opts.durable && reopen ? await reopen() : backend)),
      )
      const writers = writerBackends.map((b, i) =>
        createDeps(b, { clock: deps.clock, newId: sequentialIds(1_000_000 * (i + 1)) }),
      )
      let writing = true
      const seen: string[] = []
      let cursor = 0
      const poll = async () => {
        for (const e of await deps.store.readFeed(cursor, 500)) {
          seen.push(e.eventId)
          cursor = e.position
        }
      }
      const reader = (async () => {
        while (writing) {
          await poll()
          await new Promise((resolve) => setImmediate(resolve)) // a real reader polls, not spins
        }
      })()
      await Promise.all(
        writers.map(async (w, i) => {
          for (let k = 0; k < 40; k++) {
            const stream = `dec_W${i}_${k % 3}`
            await appendWithRetry(w, stream, {}, async (head) => {
              const events = chainEvents(
                w,
                stream,
                { version: head?.version ?? 0, headHash: head?.headHash ?? '' },
                actor,
                [{ type: 'DraftRevised', occurredAt: '2025-03-01T09:00:00+08:00', data: { i, k, reason: '修改' } }],
                () => 1,
              )
              return {
                unit: { streamId: stream, kind: 'decision', expectedVersion: head?.version ?? 0, events, newState: {} },
                response: { status: 201, events: [], shape: 'appended' },
              }
            })
          }
        }),
      )
      writing = false
      await reader
      await poll()
      const all = await deps.store.readFeed(0, 10_000)
      expect(all).toHaveLength(160)
      expect(seen).toEqual(all.map((e) => e.eventId))
      for (const b of new Set(writerBackends)) if (b !== backend) await b.close()
      await backend.close()
    })

    // Only where it means something: an in-memory database has nothing to reopen.
    if (opts.durable)
      it('keeps acknowledged events across a close and reopen', async () => {
        const { append, backend, reopen } = await setup()
        if (!reopen) throw new Error('a durable backend must provide reopen()')
        await append('dec_A', 3)
        await backend.close()
        const again = await reopen()
        const deps = createDeps(again)
        expect((await deps.store.readStream('dec_A')).map((e) => e.version)).toEqual([1, 2, 3])
        await again.close()
      })
  })
}
