// Input hygiene and the hash chain (ledger.md §1): strings are NFC-normalised on intake, and the
// stored `hash` is the recomputation over the canonical envelope, chained by `prevHash`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../src/domain/envelope'
import { eventHash } from '../../src/ledger/event-hash'
import { evidenceFor } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, OCCURRED, payload } from './support'

let j: Jurisdiction
beforeAll(async () => {
  j = await createJurisdiction()
})
afterAll(() => j.close())

const DECOMPOSED = 'Cafe\u0301 \u1100\u1161 ｶ\u3099' // e + combining acute; Hangul jamo; katakana + voiced mark
const COMPOSED = DECOMPOSED.normalize('NFC')

describe('NFC on intake', () => {
  it('stores decomposed strings composed, in values and in keys', async () => {
    expect(COMPOSED).not.toBe(DECOMPOSED)
    expect(COMPOSED).toContain('\u00e9')
    const data = payload('DecisionInitiated', { title: `决策 ${DECOMPOSED}`, summary: DECOMPOSED })
    const res = await j.client.organ.post('/v1/decisions', {
      occurredAt: OCCURRED,
      data,
      correlationId: `corr-${DECOMPOSED}`,
    })
    expect(res.status).toBe(201)
    const event = res.body.event as StoredEvent
    expect(event.data.title).toBe(`决策 ${COMPOSED}`)
    expect(event.data.summary).toBe(COMPOSED)
    expect(event.correlationId).toBe(`corr-${COMPOSED}`)
    const d = res.body.decisionId as string
    expect((await j.client.organ.get(`/v1/decisions/${d}`)).body.title).toBe(`决策 ${COMPOSED}`)
    const stored = (await j.client.organ.get(`/v1/decisions/${d}/events`)).body.items as StoredEvent[]
    expect(stored[0]?.data.summary).toBe(COMPOSED)
    expect(JSON.stringify(stored)).not.toContain('\u0301')
    // A search with the composed form finds it.
    const found = await j.client.organ.get(`/v1/decisions?q=${encodeURIComponent(COMPOSED.slice(0, 4))}`)
    expect((found.body.items as Array<{ decisionId: string }>).map((i) => i.decisionId)).toContain(d)

    // Object keys are normalised before strict validation: a decomposed key is a known key only if
    // its NFC form is. Here "é" is not a field, so the error names it composed.
    const decomposedKey = 'e\u0301'
    const bad = await j.append(j.client.undertaking, d, 'DraftPrepared', {
      ...payload('DraftPrepared'),
      [decomposedKey]: 1,
    })
    expect(bad.status).toBe(400)
    expect((bad.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('data["\u00e9"]')
  })

  it('normalises directory entries too', async () => {
    const res = await j.admin.post('/v1/people', { id: 'per_nfc', name: `Jose\u0301` })
    expect(res.body.name).toBe('Jos\u00e9')
    expect((await j.admin.get('/v1/people/per_nfc')).body.name).toBe('Jos\u00e9')
  })
})

describe('the stored hash and the chain', () => {
  const verifyChain = (events: StoredEvent[]) => {
    let prev = '0'.repeat(64)
    events.forEach((e, i) => {
      expect(e.version).toBe(i + 1)
      expect(e.prevHash).toBe(prev)
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/)
      expect(eventHash(e)).toBe(e.hash)
      prev = e.hash
    })
  }

  it('every decision event hashes to its stored hash, chained from 64 zeros', async () => {
    const d = await j.initiate({ summary: DECOMPOSED })
    await j.record(j.client.undertaking, d, 'DraftPrepared')
    j.clock.advance(1234)
    await j.record(j.client.undertaking, d, 'PublicCommentOpened')
    const res = await j.append(j.client.undertaking, d, 'PublicCommentClosed', payload('PublicCommentClosed'), {
      causationId: 'c-1',
      correlationId: 'k-1',
    })
    expect(res.status).toBe(201)
    const events = (await j.client.undertaking.get(`/v1/decisions/${d}/events`)).body.items as StoredEvent[]
    expect(events).toHaveLength(4)
    expect(events[0]?.prevHash).toBe('0'.repeat(64))
    verifyChain(events)
    // The hash covers the payload: a changed byte changes it.
    const first = events[0] as StoredEvent
    expect(eventHash({ ...first, data: { ...first.data, summary: `${first.data.summary}.` } })).not.toBe(first.hash)
    // The response of the append is the stored event.
    expect(res.body.event).toEqual(events[3])
  })

  it('the directory stream is chained the same way', async () => {
    const events = (await j.admin.get('/v1/directory/events?limit=500')).body.items as StoredEvent[]
    expect(events.length).toBeGreaterThan(30)
    expect(events[0]?.decisionId).toBe('dir_main')
    verifyChain(events)
  })
})

describe('DocRefs and evidence', () => {
  it('match by sha256: the evidence entry may carry another name than the payload’s reference', async () => {
    // The digest identifies the document (evidence may not list one digest twice); a payload's
    // name labels its reference (docs/events.md).
    const d = await j.initiate()
    const data = payload('DraftPrepared')
    const evidence = (evidenceFor(data) as Array<{ name: string; sha256: string }>).map((e) => ({
      ...e,
      name: `归档名-${e.name}`,
    }))
    const res = await j.append(j.client.undertaking, d, 'DraftPrepared', data, { evidence })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const event = res.body.event as StoredEvent
    expect(event.evidence.map((e) => e.name)).toEqual(evidence.map((e) => e.name))
    expect((event.data.draft as { name: string }).name).toBe((data.draft as { name: string }).name)
  })
})

describe('optional lists', () => {
  it('an empty coUnitIds is taken as "no co-units" (domain.md: coUnitIds?: OrgRef[]); a repeat is still refused', async () => {
    const data = { ...payload('DecisionInitiated'), coUnitIds: [] }
    const res = await j.client.organ.post('/v1/decisions', { occurredAt: OCCURRED, data })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((res.body.event as StoredEvent).data.coUnitIds).toEqual([])
    const co = (payload('DecisionInitiated').coUnitIds as string[] | undefined) ?? []
    expect(co.length).toBeGreaterThan(0)
    const twice = await j.client.organ.post('/v1/decisions', {
      occurredAt: OCCURRED,
      data: { ...payload('DecisionInitiated'), coUnitIds: [co[0], co[0]] },
    })
    expect([twice.status, twice.body.code]).toEqual([400, 'validation-failed'])
  })
})
