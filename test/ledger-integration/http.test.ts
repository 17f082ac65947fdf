// The ledger endpoints through the app: key, checkpoints, proofs that verify against them, the
// export bundle, who may read what, and witness cosignatures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromBase64, fromHex, toHex } from '../../src/ledger/bytes'
import { formatCosignatureLine, verifyCheckpoint } from '../../src/ledger/checkpoint'
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle'
import {
  formatVerifierKey,
  generateSigningKey,
  parseNote,
  publicKeyRaw,
  SIG_COSIGNATURE_V1,
} from '../../src/ledger/note'
import { allPassed, verifyBundle } from '../../src/ledger/verify'
import { payload } from '../http/support'
import { exportBundle, fareDecision, ledgerJurisdiction, ORIGIN } from './support'

const witnessKey = generateSigningKey()
const WITNESS = 'audit-office.example'
const witnessVkey = formatVerifierKey(WITNESS, publicKeyRaw(witnessKey), SIG_COSIGNATURE_V1)

let j: Awaited<ReturnType<typeof ledgerJurisdiction>>
let decision: string
let secret: string
let firstSize: number
beforeAll(async () => {
  const { parseVerifierKey } = await import('../../src/ledger/note')
  j = await ledgerJurisdiction(undefined, { witnessKeys: [parseVerifierKey(witnessVkey)] })
  decision = await fareDecision(j)
  firstSize = (await j.deps.ledger.sequenceNow()).treeSize
  const flags = { ...(payload('DecisionInitiated').flags as object), nonDisclosable: true }
  secret = await j.initiate({ title: '依法不予公开的决策', flags })
  await j.record(j.client.organ, decision, 'ExecutingUnitAssigned')
  await j.deps.ledger.sequenceNow()
})
afterAll(() => j.close())

const text = (body: unknown) => body as string

describe('GET /v1/ledger/key', () => {
  it('serves origin, key id, vkey and raw key, to anyone', async () => {
    const res = await j.public.get('/v1/ledger/key')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      origin: ORIGIN,
      keyId: j.vkey.split('+')[1],
      verifierKey: j.vkey,
      publicKey: expect.any(String),
    })
    expect(fromBase64(res.body.publicKey as string)).toEqual(publicKeyRaw(j.key))
  })
})

describe('checkpoints', () => {
  it('GET /v1/ledger/checkpoint is the latest signed note, as text/plain, for anyone', async () => {
    const res = await j.public.get('/v1/ledger/checkpoint')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const cp = verifyCheckpoint(text(res.body), j.vkey, { origin: ORIGIN })
    expect(cp.size).toBe(await j.deps.ledger.treeSize())
  })

  it('GET /v1/ledger/checkpoints lists every one; ?size= returns a historical one', async () => {
    const list = await j.public.get('/v1/ledger/checkpoints')
    expect(list.status).toBe(200)
    const items = list.body.items as Array<{ treeSize: number; rootHash: string }>
    expect(items.map((i) => i.treeSize)).toEqual([firstSize, await j.deps.ledger.treeSize()])
    const old = await j.public.get(`/v1/ledger/checkpoints?size=${firstSize}`)
    expect(old.status).toBe(200)
    expect(verifyCheckpoint(text(old.body), j.vkey).rootHash).toEqual(fromHex(items[0]!.rootHash))
    const paged = await j.public.get('/v1/ledger/checkpoints?limit=1')
    expect((paged.body.items as unknown[]).length).toBe(1)
    const next = await j.public.get(`/v1/ledger/checkpoints?limit=1&cursor=${paged.body.nextCursor}`)
    expect((next.body.items as Array<{ treeSize: number }>)[0]!.treeSize).toBe(items[1]!.treeSize)
  })

  it('answers 404 for a size never signed and 400 for a malformed size or cursor', async () => {
    expect((await j.public.get('/v1/ledger/checkpoints?size=3')).status).toBe(404)
    expect((await j.public.get('/v1/ledger/checkpoints?size=-1')).body.code).toBe('validation-failed')
    const forged = await j.public.get('/v1/ledger/checkpoints?cursor=5')
    expect(forged.status).toBe(400)
    expect(forged.body.code).toBe('invalid-cursor')
  })
})

describe('proofs', () => {
  it('an inclusion proof verifies against the signed checkpoint, for every event of the decision', async () => {
    const note = text((await j.public.get('/v1/ledger/checkpoint')).body)
    const cp = verifyCheckpoint(note, j.vkey)
    const events = (await j.admin.get(`/v1/decisions/${decision}/events`)).body.items as Array<{
      eventId: string
      hash: string
    }>
    for (const e of events) {
      const res = await j.client.undertaking.get(`/v1/ledger/proofs/inclusion?eventId=${e.eventId}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      const p = res.body as { ledgerIndex: number; treeSize: number; leafHash: string; hashes: string[] }
      expect(p.treeSize).toBe(cp.size)
      // The leaf comes from the event's own hash, not from the server's answer.
      expect(p.leafHash).toBe(toHex(leafHash(e.hash)))
      expect(
        verifyInclusion(
          leafHash(e.hash),
          p.ledgerIndex,
          p.treeSize,
          p.hashes.map((h) => fromHex(h)),
          cp.rootHash,
        ),
      ).toBe(true)
    }
  })

  it('an inclusion proof against an older tree size verifies against that checkpoint', async () => {
    const first = (await j.admin.get(`/v1/decisions/${decision}/events`)).body.items as Array<{
      eventId: string
      hash: string
    }>
    const res = await j.admin.get(`/v1/ledger/proofs/inclusion?eventId=${first[0]!.eventId}&treeSize=${firstSize}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.treeSize).toBe(firstSize)
    const old = verifyCheckpoint(text((await j.public.get(`/v1/ledger/checkpoints?size=${firstSize}`)).body), j.vkey)
    const p = res.body as { ledgerIndex: number; hashes: string[] }
    expect(
      verifyInclusion(
        leafHash(first[0]!.hash),
        p.ledgerIndex,
        firstSize,
        p.hashes.map((h) => fromHex(h)),
        old.rootHash,
      ),
    ).toBe(true)
  })

  it('a consistency proof links two checkpoints', async () => {
    const latest = verifyCheckpoint(text((await j.public.get('/v1/ledger/checkpoint')).body), j.vkey)
    const old = verifyCheckpoint(text((await j.public.get(`/v1/ledger/checkpoints?size=${firstSize}`)).body), j.vkey)
    const res = await j.public.get(`/v1/ledger/proofs/consistency?from=${firstSize}&to=${latest.size}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ from: firstSize, to: latest.size })
    const hashes = (res.body.hashes as string[]).map((h) => fromHex(h))
    expect(verifyConsistency(old.size, latest.size, old.rootHash, latest.rootHash, hashes)).toBe(true)
    const defaulted = await j.public.get(`/v1/ledger/proofs/consistency?from=${firstSize}`)
    expect(defaulted.body).toEqual(res.body)
  })

  it('refuses impossible sizes with 400', async () => {
    const size = await j.deps.ledger.treeSize()
    expect((await j.public.get(`/v1/ledger/proofs/consistency?from=${size + 1}&to=${size}`)).status).toBe(400)
    expect((await j.public.get(`/v1/ledger/proofs/consistency?from=1&to=${size + 5}`)).status).toBe(400)
    const e = ((await j.admin.get(`/v1/decisions/${decision}/events`)).body.items as Array<{ eventId: string }>).at(-1)!
    const tooSmall = await j.admin.get(`/v1/ledger/proofs/inclusion?eventId=${e.eventId}&treeSize=1`)
    expect(tooSmall.status).toBe(400)
    expect((await j.admin.get('/v1/ledger/proofs/inclusion?eventId=nope')).status).toBe(404)
  })

  it('sequences on demand when asked for an event not yet in the tree', async () => {
    const ev = await j.record(j.client.organ, decision, 'DecisionSuspended', {})
    const res = await j.admin.get(`/v1/ledger/proofs/inclusion?eventId=${ev.eventId}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.treeSize).toBe(await j.deps.ledger.treeSize())
  })
})

describe('who may read proofs and bundles', () => {
  const eventsOf = async (id: string) =>
    (await j.admin.get(`/v1/decisions/${id}/events`)).body.items as Array<{ eventId: string; type: string }>

  it('the public: proofs of the public record of a published decision only', async () => {
    const events = await eventsOf(decision)
    const shown = (await j.public.get(`/v1/public/decisions/${decision}`)).body.events as Array<{ eventId: string }>
    expect(shown.length).toBeGreaterThan(0)
    for (const e of events) {
      const res = await j.public.get(`/v1/ledger/proofs/inclusion?eventId=${e.eventId}`)
      expect(res.status, e.type).toBe(shown.some((s) => s.eventId === e.eventId) ? 200 : 404)
    }
    const hidden = await eventsOf(secret)
    expect((await j.public.get(`/v1/ledger/proofs/inclusion?eventId=${hidden[0]!.eventId}`)).status).toBe(404)
  })

  it('directory events: proofs for authenticated roles, not the public', async () => {
    const dirEvent = (await exportBundle(j, decision)).directory.events[0]!
    const url = `/v1/ledger/proofs/inclusion?eventId=${dirEvent.eventId}`
    expect((await j.public.get(url)).status).toBe(404)
    const res = await j.client.undertakingB.get(url)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.ledgerIndex).toBe(dirEvent.ledgerIndex)
  })

  it('a role with no part in the decision: 403', async () => {
    const e = (await eventsOf(decision))[0]!
    expect((await j.client.undertakingB.get(`/v1/ledger/proofs/inclusion?eventId=${e.eventId}`)).status).toBe(403)
    expect((await j.client.undertakingB.get(`/v1/decisions/${decision}/export`)).status).toBe(403)
  })

  it('the export bundle: any role that reads the decision, never the public', async () => {
    expect((await j.client.undertaking.get(`/v1/decisions/${decision}/export`)).status).toBe(200)
    expect((await j.client.inspector.get(`/v1/decisions/${decision}/export`)).status).toBe(200)
    const pub = await j.public.get(`/v1/decisions/${decision}/export`)
    expect(pub.status).toBe(403)
    expect((await j.public.get(`/v1/decisions/${secret}/export`)).status).toBe(404)
    expect((await j.admin.get('/v1/decisions/dec_01ZZZZZZZZZZZZZZZZZZZZZZZZ/export')).status).toBe(404)
  })
})

describe('GET /v1/decisions/{id}/export', () => {
  it('is a bundle verify.ts accepts, with the directory events the trail relies on', async () => {
    const b = await exportBundle(j, decision)
    const results = verifyBundle({ bundle: b, key: j.vkey })
    expect(allPassed(results), JSON.stringify(results.at(-1))).toBe(true)
    const stream = (await j.admin.get(`/v1/decisions/${decision}/events`)).body.items as unknown[]
    expect(b.events).toHaveLength(stream.length)
    expect(b.proofs).toHaveLength(stream.length)
    // Organizations and people named by the decision (and actors), the organs' ancestors, heads.
    const dirTypes = new Set(b.directory.events.map((e) => e.type))
    expect(dirTypes).toEqual(new Set(['OrganizationRegistered', 'PersonRegistered', 'PositionAssigned']))
    const orgIds = b.directory.events.filter((e) => e.type === 'OrganizationRegistered').map((e) => e.data.orgId)
    expect(orgIds).toEqual(expect.arrayContaining(['org_province', b.events[0]!.data.organId]))
    expect(orgIds).not.toContain('org_city_b')
    const heads = b.directory.events.filter((e) => e.type === 'PositionAssigned' && e.data.capacity === 'head')
    expect(heads.length).toBeGreaterThan(0)
    expect(b.directory.proofs).toHaveLength(b.directory.events.length)
  })

  it('with ?since= carries the consistency proof from a saved checkpoint', async () => {
    const b = (await exportBundle(j, decision, `?since=${firstSize}`)) as Awaited<ReturnType<typeof exportBundle>> & {
      sinceProof: { from: number; to: number; hashes: string[] }
    }
    const saved = text((await j.public.get(`/v1/ledger/checkpoints?size=${firstSize}`)).body)
    expect(b.sinceProof.from).toBe(firstSize)
    const results = verifyBundle({
      bundle: b,
      key: j.vkey,
      since: { checkpoint: saved, consistencyProof: b.sinceProof.hashes },
    })
    expect(allPassed(results)).toBe(true)
    expect(results.map((r) => r.check)).toContain('since.consistency')
  })
})

describe('POST /v1/ledger/cosignatures', () => {
  it('stores a configured witness’s cosignature and serves it with the checkpoint', async () => {
    const note = text((await j.public.get('/v1/ledger/checkpoint')).body)
    const body = parseNote(note).text
    const size = verifyCheckpoint(note, j.vkey).size
    const line = formatCosignatureLine(body, WITNESS, witnessKey, 1_795_000_000)
    const res = await j.client.inspector.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: [line] })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toEqual({
      treeSize: size,
      cosignatures: [{ name: WITNESS, keyId: expect.any(String), timestamp: 1_795_000_000 }],
    })
    const served = text((await j.public.get('/v1/ledger/checkpoint')).body)
    expect(served).toBe(note + line)
    const cp = verifyCheckpoint(served, j.vkey, { witnesses: [witnessVkey] })
    expect(cp.cosignatures).toEqual([{ name: WITNESS, keyId: expect.any(String), timestamp: 1_795_000_000 }])
    // Again: no duplicate line.
    expect(
      (await j.client.inspector.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: [line] })).status,
    ).toBe(201)
    expect(text((await j.public.get('/v1/ledger/checkpoint')).body)).toBe(served)
    const listed = (await j.public.get('/v1/ledger/checkpoints')).body.items as Array<{
      treeSize: number
      cosignatures: number
    }>
    expect(listed.find((i) => i.treeSize === size)?.cosignatures).toBe(1)
  })

  it('refuses an unknown witness (403), a signature over another checkpoint (400), and the public (403)', async () => {
    const note = text((await j.public.get('/v1/ledger/checkpoint')).body)
    const size = verifyCheckpoint(note, j.vkey).size
    const stranger = formatCosignatureLine(parseNote(note).text, 'stranger.example', generateSigningKey(), 1)
    const unknown = await j.admin.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: [stranger] })
    expect(unknown.status).toBe(403)
    expect(unknown.body.code).toBe('unknown-witness')
    const oldBody = parseNote(text((await j.public.get(`/v1/ledger/checkpoints?size=${firstSize}`)).body)).text
    const wrong = formatCosignatureLine(oldBody, WITNESS, witnessKey, 2)
    const bad = await j.admin.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: [wrong] })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('cosignature-invalid')
    expect(
      (await j.admin.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: ['not a line'] })).status,
    ).toBe(400)
    expect((await j.admin.post('/v1/ledger/cosignatures', { treeSize: 3, cosignatures: [wrong] })).status).toBe(404)
    expect((await j.public.post('/v1/ledger/cosignatures', { treeSize: size, cosignatures: [wrong] })).status).toBe(403)
  })

  it('honours Idempotency-Key: a retry gets the original response, the key on another body is 422', async () => {
    const note = text((await j.public.get('/v1/ledger/checkpoint')).body)
    const size = verifyCheckpoint(note, j.vkey).size
    const line = (t: number) => formatCosignatureLine(parseNote(note).text, WITNESS, witnessKey, t)
    const key = { 'idempotency-key': 'cosign-retry-1' }
    const first = await j.client.inspector.post(
      '/v1/ledger/cosignatures',
      { treeSize: size, cosignatures: [line(7)] },
      key,
    )
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const stored = text((await j.public.get(`/v1/ledger/checkpoints?size=${size}`)).body)
    const again = await j.client.inspector.post(
      '/v1/ledger/cosignatures',
      { treeSize: size, cosignatures: [line(7)] },
      key,
    )
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true'])
    expect(again.body).toEqual(first.body)
    const other = await j.client.inspector.post(
      '/v1/ledger/cosignatures',
      { treeSize: size, cosignatures: [line(8)] },
      key,
    )
    expect([other.status, other.body.code]).toEqual([422, 'idempotency-key-reused'])
    // Nothing of the refused request was stored (a witness's line per checkpoint is kept once).
    expect(text((await j.public.get(`/v1/ledger/checkpoints?size=${size}`)).body)).toBe(stored)
  })
})
