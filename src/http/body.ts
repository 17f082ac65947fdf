// Reads a JSON body through the strict intake: size, media type, UTF-8, grammar, duplicate keys,
// unsafe integers, NFC. Handlers then validate with zod (the same schemas the OpenAPI shows).
import type { Context } from 'hono'
import type { z } from 'zod'
import { DomainError } from '../domain/errors'
import { decodeUtf8, parseStrictJson } from '../domain/strict-json'
import { parseOrThrow } from '../domain/validation'

export const MAX_BODY_BYTES = 1024 * 1024

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type')
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported-media-type', `Send JSON (Content-Type: application/json), not ${type}.`)
  }
  const declared = Number(c.req.header('content-length') ?? 'NaN')
  if (declared > MAX_BODY_BYTES) throw new DomainError('payload-too-large', 'Request bodies are limited to 1 MiB.')
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  if (bytes.byteLength > MAX_BODY_BYTES)
    throw new DomainError('payload-too-large', 'Request bodies are limited to 1 MiB.')
  if (bytes.byteLength === 0) throw new DomainError('malformed-json', 'The request body is empty; send a JSON object.')
  return parseStrictJson(decodeUtf8(bytes))
}

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJson(c))
}
