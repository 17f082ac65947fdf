// Reads a JSON body through the strict intake: size, media type, UTF-8, grammar, duplicate keys,
// unsafe integers, NFC. Handlers then validate with zod (the same schemas the OpenAPI shows).
import type { Context } from 'hono'
import { DomainError } from '../domain/errors'
import { decodeUtf8, parseStrictJson } from '../domain/strict-json'

export const MAX_BODY_BYTES = 1024 * 1024

const tooLarge = () => new DomainError('payload-too-large', 'Request bodies are limited to 1 MiB.')

/** What this file needs of Node's IncomingMessage (no import: the same code runs on Workers). */
interface NodeBody {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  once(event: 'end', listener: () => void): unknown
  once(event: 'error', listener: (error: Error) => void): unknown
  removeListener(event: string, listener: (...args: never[]) => void): unknown
}

/**
 * Node's request when served by @hono/node-server (it passes `{ incoming, outgoing }` as the
 * environment). Reading it directly spares building a web Request and a stream around it — a
 * good part of what an append costs in the HTTP layer.
 */
function nodeBody(c: Context): NodeBody | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeBody> & { pipe?: unknown } } | undefined)?.incoming
  return incoming && typeof incoming.on === 'function' && typeof incoming.pipe === 'function'
    ? (incoming as NodeBody)
    : undefined
}

/** Node's request body, refused past the limit as soon as the limit is passed (chunked or not). */
function readNodeBody(incoming: NodeBody): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    const done = () => {
      incoming.removeListener('data', onData)
      incoming.removeListener('end', onEnd)
      incoming.removeListener('error', onError)
    }
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength
      // The rest is drained by @hono/node-server once the response is sent.
      if (size > MAX_BODY_BYTES) {
        done()
        reject(tooLarge())
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(chunks)
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    incoming.on('data', onData)
    incoming.once('end', onEnd)
    incoming.once('error', onError)
  })
}

/** A web Request's body, refused past the limit as soon as the limit is passed. */
async function readWebBody(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = []
  if (!body) return chunks
  const reader = body.getReader()
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return chunks
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/** Refuses a request whose declared Content-Length is over the limit, before reading anything. */
export function refuseDeclaredTooLarge(c: Context): void {
  if (Number(c.req.header('content-length') ?? 'NaN') > MAX_BODY_BYTES) throw tooLarge()
}

/**
 * The request body of a /v1 route, at most 1 MiB: a declared Content-Length over it is refused
 * before anything is read, a body that turns out longer (sent in chunks) as soon as it passes.
 */
export async function readBytes(c: Context): Promise<Uint8Array> {
  refuseDeclaredTooLarge(c)
  const incoming = nodeBody(c)
  return concat(incoming ? await readNodeBody(incoming) : await readWebBody(c.req.raw.body))
}

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type')
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported-media-type', `Send JSON (Content-Type: application/json), not ${type}.`)
  }
  const bytes = await readBytes(c)
  if (bytes.byteLength === 0) throw new DomainError('malformed-json', 'The request body is empty; send a JSON object.')
  return parseStrictJson(decodeUtf8(bytes))
}
