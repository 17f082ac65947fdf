// Byte helpers for the ledger. Uint8Array only (no Buffer), so the same code runs on Node and on
// Cloudflare Workers. Decoders are strict: an auditor's tool must not accept two spellings of the
// same bytes, or a signature could cover text that later parses differently.
import { createHash } from 'node:crypto'

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

const HEX = '0123456789abcdef'
// Table-driven: verifying a database converts millions of hashes between hex and bytes.
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => HEX[b >> 4]! + HEX[b & 15]!)
/** Value of each lowercase hex digit by char code; -1 for every other character. */
const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) NIBBLE[HEX.charCodeAt(i)] = i

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!]
  return out
}

/** Lowercase hex only (the form `hash` and `prevHash` are stored in); throws on anything else. */
export function fromHex(hex: string, expectedLength?: number): Uint8Array {
  if (hex.length % 2 !== 0) throw new TypeError('not lowercase hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = NIBBLE[hex.charCodeAt(2 * i)] ?? -1
    const lo = NIBBLE[hex.charCodeAt(2 * i + 1)] ?? -1
    if (hi < 0 || lo < 0) throw new TypeError('not lowercase hex')
    out[i] = (hi << 4) | lo
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new TypeError(`expected ${expectedLength} bytes, got ${out.length}`)
  }
  return out
}

/** Standard base64 (RFC 4648 §4) with padding, as signed notes and checkpoints use. */
export function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Strict standard base64: padding required, no whitespace, no non-zero trailing bits. */
export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new TypeError('not canonical base64')
  const bin = atob(text)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  // atob ignores non-zero padding bits; re-encoding catches a second spelling of the same bytes.
  if (toBase64(out) !== text) throw new TypeError('not canonical base64')
  return out
}

export function fromBase64Url(text: string): Uint8Array {
  const std = text.replaceAll('-', '+').replaceAll('_', '/')
  return fromBase64(std + '='.repeat((4 - (std.length % 4)) % 4))
}

const encoder = new TextEncoder()

export const utf8 = (text: string): Uint8Array => encoder.encode(text)
