// Request bodies served by @hono/node-server are read straight from Node's request (src/http/body.ts)
// rather than through a web Request. Over a real socket: an append is read whole, a chunked body
// too, and an oversized body — declared, or sent in chunks — is refused
// with a 413 problem that reaches the client, and nothing is stored.
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import type { Context } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBytes } from '../../src/http/body'
import { createJurisdiction, eventBody, type Jurisdiction, payload } from './support'

let j: Jurisdiction
let d: string
let server: ReturnType<typeof serve>
let port: number

beforeAll(async () => {
  j = await createJurisdiction()
  d = await j.initiate()
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: j.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await j.close()
})

/** Sends `chunks` as the body (chunked unless `length` is given) and returns status and JSON. */
function post(
  chunks: Buffer[],
  opts: { length?: number } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      authorization: `Bearer ${j.secrets.undertaking}`,
    }
    if (opts.length !== undefined) headers['content-length'] = opts.length
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: `/v1/decisions/${d}/events`, headers },
      (res) => {
        const parts: Buffer[] = []
        res.on('data', (c: Buffer) => parts.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) }),
        )
      },
    )
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })
}

const draft = () => Buffer.from(JSON.stringify(eventBody('DraftPrepared', payload('DraftPrepared'))))
const version = async () => Number((await j.admin.get(`/v1/decisions/${d}`)).body.version)

describe('request bodies over a real Node server', () => {
  it('reads a body with Content-Length, and one sent in chunks', async () => {
    const before = await version()
    const whole = draft()
    const a = await post([whole], { length: whole.length })
    expect(a.status, JSON.stringify(a.body)).toBe(201)
    expect((a.body.event as { type: string }).type).toBe('DraftPrepared')
    const b = await post([whole.subarray(0, 7), whole.subarray(7, 300), whole.subarray(300)])
    expect(b.status, JSON.stringify(b.body)).toBe(201)
    expect(await version()).toBe(before + 2)
  })

  it('refuses an oversized body (declared, or sent in chunks) with a 413 problem', async () => {
    const before = await version()
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20)
    const declared = await post([big], { length: big.length })
    expect(declared.status).toBe(413)
    expect(declared.body.code).toBe('payload-too-large')
    const chunked = await post(Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x20)))
    expect(chunked.status).toBe(413)
    expect(chunked.body.code).toBe('payload-too-large')
    expect(await version()).toBe(before)
    // Both refusals are logged with who tried (domain.md §5): the token is read before the
    // declared length is judged.
    const refusals = (await j.client.inspector.get('/v1/refusals?limit=500')).body.items as Array<
      Record<string, unknown>
    >
    const tooLarge = refusals.filter((r) => r.status === 413)
    expect(tooLarge).toHaveLength(2)
    for (const r of tooLarge) expect([r.personId, r.role]).toEqual(['per_staff_undertaking', 'undertaking'])
    // The connection still serves requests afterwards.
    const whole = draft()
    expect((await post([whole], { length: whole.length })).status).toBe(201)
  })
})

describe('readBytes', () => {
  // A context as @hono/node-server builds it: Node's request in env.incoming. The web Request's
  // body is absent here, so bytes can only have come from the Node request.
  const context = (chunks: Buffer[], length?: number) =>
    ({
      env: { incoming: Readable.from(chunks) },
      req: {
        header: (name: string) => (name === 'content-length' && length !== undefined ? String(length) : undefined),
        raw: { body: null },
      },
    }) as unknown as Context

  it("reads Node's request itself when there is one", async () => {
    const bytes = await readBytes(context([Buffer.from('{"a":'), Buffer.from('1}')]))
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"a":1}')
  })

  it('refuses it as soon as it passes 1 MiB, and a declared length over 1 MiB before reading', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20)
    await expect(readBytes(context([chunk, chunk, chunk, chunk, Buffer.from(' ')]))).rejects.toMatchObject({
      code: 'payload-too-large',
    })
    await expect(readBytes(context([], 1024 * 1024 + 1))).rejects.toMatchObject({ code: 'payload-too-large' })
  })
})
