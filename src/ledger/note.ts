// C2SP signed-note v1.0.0 (https://c2sp.org/signed-note@v1.0.0) with Ed25519 (signature type 0x01),
// plus the Ed25519 key handling the ledger needs. node:crypto only, which Cloudflare Workers also
// provide under nodejs_compat; bytes are Uint8Array, never Buffer.
//
// Key encodings (see `parseSigningKey` for what LEDGER_SIGNING_KEY accepts):
//   verifier key (public, "vkey"):  <name>+<8 hex key id>+<base64(0x01 ‖ 32-byte public key)>
//   signer key (private):           PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte seed)>
// both as in golang.org/x/mod/sumdb/note, so Go tooling can verify our checkpoints.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { concatBytes, fromBase64, fromBase64Url, fromHex, sha256, toBase64, toHex, utf8 } from './bytes'
import { LedgerError, ledgerFail } from './errors'

/** Signature type bytes assigned by the signed-note spec. */
export const SIG_ED25519 = 0x01
export const SIG_COSIGNATURE_V1 = 0x04

/** The spec requires accepting at least 16; more than this is treated as an abusive note. */
export const MAX_SIGNATURES = 100

const EM_DASH_PREFIX = '\u2014 '

// ---------------------------------------------------------------------------------------------
// Key names and key ids

/** Non-empty, no Unicode spaces, no '+' (it separates vkey fields), no control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControlChar(name, 'name') && !hasLoneSurrogate(name)
}

function requireKeyName(name: string): void {
  if (!isValidKeyName(name)) ledgerFail('malformed-key', `invalid key name ${JSON.stringify(name)}`)
}

/** key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], as 8 lowercase hex characters. */
export function keyId(name: string, publicKeyRaw: Uint8Array, type: number = SIG_ED25519): string {
  return toHex(sha256(utf8(name), Uint8Array.of(0x0a, type), publicKeyRaw).subarray(0, 4))
}

export interface VerifierKey {
  readonly name: string
  /** 8 lowercase hex characters. */
  readonly keyId: string
  /** Signature type byte: SIG_ED25519 for log signatures, SIG_COSIGNATURE_V1 for witnesses. */
  readonly type: number
  readonly publicKey: Uint8Array
}

export function formatVerifierKey(name: string, publicKeyRaw: Uint8Array, type: number = SIG_ED25519): string {
  requireKeyName(name)
  if (publicKeyRaw.length !== 32) ledgerFail('malformed-key', 'an Ed25519 public key is 32 bytes')
  return `${name}+${keyId(name, publicKeyRaw, type)}+${toBase64(concatBytes(Uint8Array.of(type), publicKeyRaw))}`
}

/** Parses a vkey and checks that its key id matches its name and key, so a typo cannot pass. */
export function parseVerifierKey(vkey: string): VerifierKey {
  // Base64 may itself contain '+', so only the first two '+' separate fields.
  const [name, id, material] = splitFields(vkey.trim(), 3) as [string, string, string]
  requireKeyName(name)
  if (!/^[0-9a-f]{8}$/.test(id)) ledgerFail('malformed-key', 'the key id must be 8 lowercase hex characters')
  let raw: Uint8Array
  try {
    raw = fromBase64(material)
  } catch {
    throw new LedgerError('malformed-key', 'the key material is not base64')
  }
  const type = raw[0]
  const publicKey = raw.subarray(1)
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) {
    ledgerFail('malformed-key', `unsupported signature type 0x${(type ?? 0).toString(16).padStart(2, '0')}`)
  }
  if (publicKey.length !== 32) ledgerFail('malformed-key', 'an Ed25519 public key is 32 bytes')
  if (keyId(name, publicKey, type) !== id) ledgerFail('malformed-key', 'the key id does not match the name and key')
  return { name, keyId: id, type: type!, publicKey }
}

// ---------------------------------------------------------------------------------------------
// Ed25519 keys

// DER prefixes of the fixed-length PKCS#8 / SPKI encodings of an Ed25519 key (RFC 8410).
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420')
const SPKI_PREFIX = fromHex('302a300506032b6570032100')

export const generateSigningKey = (): KeyObject => generateKeyPairSync('ed25519').privateKey

export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) ledgerFail('malformed-key', 'an Ed25519 seed is 32 bytes')
  return createPrivateKey({ key: pem('PRIVATE KEY', concatBytes(PKCS8_PREFIX, seed)), format: 'pem' })
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) ledgerFail('malformed-key', 'an Ed25519 public key is 32 bytes')
  return createPublicKey({ key: pem('PUBLIC KEY', concatBytes(SPKI_PREFIX, raw)), format: 'pem' })
}

// PEM rather than DER input: @types/node only admits Buffer for DER, and we avoid Buffer.
const pem = (label: string, der: Uint8Array): string =>
  `-----BEGIN ${label}-----\n${toBase64(der)}\n-----END ${label}-----\n`

function requireEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') ledgerFail('malformed-key', 'the key is not an Ed25519 key')
}

/** The 32-byte seed of a private key (what the base64 form of LEDGER_SIGNING_KEY holds). */
export function privateKeySeed(key: KeyObject): Uint8Array {
  requireEd25519(key)
  const jwk = key.export({ format: 'jwk' })
  if (typeof jwk.d !== 'string') return ledgerFail('malformed-key', 'not a private key')
  return fromBase64Url(jwk.d)
}

export function privateKeyToPem(key: KeyObject): string {
  requireEd25519(key)
  return String(key.export({ format: 'pem', type: 'pkcs8' }))
}

/** The raw 32-byte public key of a private or public Ed25519 key. */
export function publicKeyRaw(key: KeyObject): Uint8Array {
  requireEd25519(key)
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' })
  if (typeof jwk.x !== 'string') return ledgerFail('malformed-key', 'no public key')
  return fromBase64Url(jwk.x)
}

/** The note signer-key string for a private key, the form Go's note.NewSigner reads. */
export function formatSignerKey(name: string, key: KeyObject): string {
  requireKeyName(name)
  const id = keyId(name, publicKeyRaw(key))
  return `PRIVATE+KEY+${name}+${id}+${toBase64(concatBytes(Uint8Array.of(SIG_ED25519), privateKeySeed(key)))}`
}

/**
 * Reads a signing key as given in LEDGER_SIGNING_KEY or a key file. Accepted forms:
 *  1. PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", what `openssl genpkey -algorithm ed25519` writes);
 *  2. base64 (standard, padded) of the 32-byte Ed25519 seed;
 *  3. a note signer key `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>`, whose name is returned.
 */
export function parseSigningKey(input: string): { key: KeyObject; name?: string } {
  const text = input.trim()
  if (text.startsWith('-----BEGIN PRIVATE KEY-----')) {
    let key: KeyObject
    try {
      key = createPrivateKey({ key: text, format: 'pem' })
    } catch {
      throw new LedgerError('malformed-key', 'the PEM private key does not parse')
    }
    requireEd25519(key)
    return { key }
  }
  if (text.startsWith('PRIVATE+KEY+')) {
    const [, , name, id, material] = splitFields(text, 5) as [string, string, string, string, string]
    requireKeyName(name)
    const raw = decodeKeyMaterial(material)
    if (raw[0] !== SIG_ED25519 || raw.length !== 33) ledgerFail('malformed-key', 'not an Ed25519 signer key')
    const key = privateKeyFromSeed(raw.subarray(1))
    if (keyId(name, publicKeyRaw(key)) !== id) ledgerFail('malformed-key', 'the key id does not match the key')
    return { key, name }
  }
  const seed = decodeKeyMaterial(text)
  if (seed.length !== 32) ledgerFail('malformed-key', 'expected a PKCS#8 PEM key or base64 of a 32-byte seed')
  return { key: privateKeyFromSeed(seed) }
}

/**
 * Reads the public key an auditor supplies: a vkey (preferred: it carries the name), an SPKI PEM
 * public key, or base64 of the raw 32 bytes; the last two take `name` (normally the log's origin).
 */
export function parsePublicKeyInput(input: string, name: string): VerifierKey {
  const text = input.trim()
  if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
    let key: KeyObject
    try {
      key = createPublicKey({ key: text, format: 'pem' })
    } catch {
      throw new LedgerError('malformed-key', 'the PEM public key does not parse')
    }
    const raw = publicKeyRaw(key)
    return { name, keyId: keyId(name, raw), type: SIG_ED25519, publicKey: raw }
  }
  if (/^[^+]+\+[0-9a-f]{8}\+/.test(text)) return parseVerifierKey(text)
  const raw = decodeKeyMaterial(text)
  requireKeyName(name)
  if (raw.length !== 32) ledgerFail('malformed-key', 'expected a verifier key, a PEM public key or 32 base64 bytes')
  return { name, keyId: keyId(name, raw), type: SIG_ED25519, publicKey: raw }
}

/** Splits at the first `count − 1` '+' signs (so exactly `count` fields); the last keeps its base64 '+'. */
function splitFields(text: string, count: number): string[] {
  const out: string[] = []
  let rest = text
  for (let i = 1; i < count; i++) {
    const at = rest.indexOf('+')
    if (at < 0) ledgerFail('malformed-key', 'a key is <name>+<key id>+<base64 key> (signer keys: PRIVATE+KEY+…)')
    out.push(rest.slice(0, at))
    rest = rest.slice(at + 1)
  }
  out.push(rest)
  return out
}

function decodeKeyMaterial(text: string): Uint8Array {
  try {
    return fromBase64(text)
  } catch {
    throw new LedgerError('malformed-key', 'the key is not base64')
  }
}

// ---------------------------------------------------------------------------------------------
// Signers and verifiers

export interface NoteSigner {
  readonly name: string
  readonly keyId: string
  /** Signature bytes over the note text (without the key id). */
  sign(text: string): Uint8Array
}

export interface NoteVerifier {
  readonly name: string
  readonly keyId: string
  verify(text: string, sig: Uint8Array): boolean
}

export function ed25519Signer(name: string, key: KeyObject): NoteSigner {
  requireKeyName(name)
  requireEd25519(key)
  return {
    name,
    keyId: keyId(name, publicKeyRaw(key)),
    sign: (text) => new Uint8Array(sign(null, utf8(text), key)),
  }
}

export function ed25519Verifier(vkey: string | VerifierKey): NoteVerifier {
  const k = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey
  const known = typeof vkey === 'string' ? undefined : verifiers.get(vkey)
  if (known !== undefined) return known
  if (k.type !== SIG_ED25519) ledgerFail('malformed-key', `${k.name} is not an Ed25519 note key (type 0x01)`)
  const publicKey = publicKeyFromRaw(k.publicKey)
  const verifier: NoteVerifier = {
    name: k.name,
    keyId: k.keyId,
    verify: (text, sig) => sig.length === 64 && safeVerify(utf8(text), publicKey, sig),
  }
  if (typeof vkey !== 'string') verifiers.set(vkey, verifier)
  return verifier
}

/**
 * The verifier of each key object already made: making the public key object costs as much as
 * checking a signature, and an audit checks every checkpoint with the same key.
 */
const verifiers = new WeakMap<VerifierKey, NoteVerifier>()

/** Ed25519 verification that treats an unusable key or signature as a failed check. */
export function safeVerify(message: Uint8Array, publicKey: KeyObject, sig: Uint8Array): boolean {
  try {
    return verify(null, message, publicKey, sig)
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Notes

export interface NoteSignature {
  readonly name: string
  readonly keyId: string
  /** The signature proper, after the 4-byte key id. */
  readonly sig: Uint8Array
}

export interface ParsedNote {
  /** The signed text, including its final newline. */
  readonly text: string
  readonly signatures: readonly NoteSignature[]
}

export interface OpenedNote {
  readonly text: string
  readonly signatures: ReadonlyArray<NoteSignature & { readonly verified: boolean }>
}

/**
 * Control characters: note text may hold none below U+0020 except newline (the spec's rule);
 * a key name may hold neither those, nor newline, nor DEL.
 */
function hasControlChar(s: string, mode: 'text' | 'name'): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (mode === 'text' ? c < 0x20 && c !== 0x0a : c < 0x20 || c === 0x7f) return true
  }
  return false
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
}

/** Text a note may carry: valid UTF-8 (no lone surrogates), no control characters but newline. */
function textError(text: string): string | undefined {
  if (hasLoneSurrogate(text)) return 'the note is not valid UTF-8'
  if (hasControlChar(text, 'text')) return 'the note contains a control character other than newline'
  return undefined
}

export function formatSignatureLine(name: string, id: string, sig: Uint8Array): string {
  requireKeyName(name)
  return `${EM_DASH_PREFIX}${name} ${toBase64(concatBytes(fromHex(id, 4), sig))}\n`
}

/** Parses one signature line (without its newline): em dash, space, name, space, base64. */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(EM_DASH_PREFIX)) {
    ledgerFail('malformed-note', `signature line does not start with an em dash (U+2014) and a space: ${line}`)
  }
  const rest = line.slice(EM_DASH_PREFIX.length)
  const space = rest.indexOf(' ')
  const name = rest.slice(0, space)
  if (space < 0 || !isValidKeyName(name)) ledgerFail('malformed-note', `malformed signature line: ${line}`)
  let raw: Uint8Array
  try {
    raw = fromBase64(rest.slice(space + 1))
  } catch {
    throw new LedgerError('malformed-note', `signature of ${name} is not base64`)
  }
  if (raw.length < 5) ledgerFail('malformed-note', `signature of ${name} is too short`)
  return { name, keyId: toHex(raw.subarray(0, 4)), sig: raw.subarray(4) }
}

/** Splits a note into text and signatures, checking the format only (no signature is verified). */
export function parseNote(note: string): ParsedNote {
  const bad = textError(note)
  if (bad !== undefined) ledgerFail('malformed-note', bad)
  // The text is separated from the signatures by the LAST blank line, since the text may hold some.
  const split = note.lastIndexOf('\n\n')
  if (split < 0) ledgerFail('malformed-note', 'no blank line before the signatures')
  const text = note.slice(0, split + 1)
  const block = note.slice(split + 2)
  if (block === '' || !block.endsWith('\n')) ledgerFail('malformed-note', 'the signatures must end with a newline')
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) ledgerFail('malformed-note', `more than ${MAX_SIGNATURES} signatures`)
  return { text, signatures: lines.map(parseSignatureLine) }
}

/**
 * Parses and verifies a note. Signatures from keys not among `verifiers` (matched on name AND key
 * id) are kept with verified: false and otherwise ignored; a signature from a known key that fails
 * rejects the whole note; a note with no verified signature is rejected.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note)
  const opened = signatures.map((s) => {
    const v = verifiers.find((k) => k.name === s.name && k.keyId === s.keyId)
    if (v === undefined) return { ...s, verified: false }
    if (!v.verify(text, s.sig))
      ledgerFail('bad-signature', `the signature of ${s.name} (key ${s.keyId}) does not verify`)
    return { ...s, verified: true }
  })
  if (!opened.some((s) => s.verified)) {
    const seen = signatures.map((s) => `${s.name} (key ${s.keyId})`).join(', ')
    const want = verifiers.map((v) => `${v.name} (key ${v.keyId})`).join(', ')
    ledgerFail('untrusted-note', `no signature from a trusted key: signed by ${seen}; trusted: ${want || 'none'}`)
  }
  return { text, signatures: opened }
}

function requireSignableText(text: string): void {
  if (text === '' || !text.endsWith('\n')) ledgerFail('malformed-note', 'note text must end with a newline')
  const bad = textError(text)
  if (bad !== undefined) ledgerFail('malformed-note', bad)
}

/** Signs `text` (which must end with a newline) with each signer: text, blank line, signatures. */
export function signNoteWith(text: string, signers: readonly NoteSigner[]): string {
  requireSignableText(text)
  if (signers.length === 0) ledgerFail('invalid-argument', 'a note needs at least one signature')
  return `${text}\n${signers.map((s) => formatSignatureLine(s.name, s.keyId, s.sign(text))).join('')}`
}

export const signNote = (text: string, name: string, privateKey: KeyObject): string =>
  signNoteWith(text, [ed25519Signer(name, privateKey)])

/** Appends signature lines (e.g. witness cosignatures) to a note, skipping exact duplicates. */
export function addSignatureLines(note: string, lines: readonly string[]): string {
  const { text } = parseNote(note)
  const present = new Set(note.slice(text.length + 1).split('\n'))
  let out = note
  for (const raw of lines) {
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw
    parseSignatureLine(line)
    if (!present.has(line)) {
      present.add(line)
      out += `${line}\n`
    }
  }
  parseNote(out) // re-checks the whole note, including the signature count limit
  return out
}
