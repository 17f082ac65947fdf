// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) bodies signed as notes, and Ed25519
// witness cosignatures per C2SP tlog-cosignature (cosignature/v1, signature type 0x04).
//
// Origin line: the log's identity, e.g. `decision-trail.example.gov.cn/ledger` (a schema-less URL
// without spaces or '+'); the log signs with a key whose name equals the origin, as the spec
// recommends, so a verifier key names the log it belongs to.
import { type KeyObject, sign } from 'node:crypto'
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes'
import { LedgerError, ledgerFail } from './errors'
import { HASH_SIZE } from './merkle'
import {
  ed25519Verifier,
  formatSignatureLine,
  isValidKeyName,
  keyId,
  type NoteSigner,
  type NoteVerifier,
  openNote,
  parseSignatureLine,
  parseVerifierKey,
  publicKeyFromRaw,
  publicKeyRaw,
  SIG_COSIGNATURE_V1,
  safeVerify,
  signNote,
  type VerifierKey,
} from './note'

export interface Checkpoint {
  readonly origin: string
  readonly size: number
  /** 32 bytes; base64 in the note text. */
  readonly rootHash: Uint8Array
  /** Opaque extension lines (NOT RECOMMENDED by the spec; we never write any). */
  readonly extensions: readonly string[]
}

export interface CheckpointInput {
  readonly origin: string
  readonly size: number
  readonly rootHash: Uint8Array
  readonly extensions?: readonly string[]
}

const malformed = (why: string): never => ledgerFail('malformed-checkpoint', why)

function checkLines(c: CheckpointInput): void {
  if (c.origin === '' || c.origin.includes('\n')) malformed('the origin must be one non-empty line')
  if (!Number.isSafeInteger(c.size) || c.size < 0) malformed(`invalid tree size ${c.size}`)
  if (c.rootHash.length !== HASH_SIZE) malformed(`the root hash must be ${HASH_SIZE} bytes`)
  for (const e of c.extensions ?? []) if (e === '' || e.includes('\n')) malformed('extension lines must be non-empty')
}

/** The note text: origin, decimal size, base64 root hash, extension lines, each ending in "\n". */
export function formatCheckpoint(c: CheckpointInput): string {
  checkLines(c)
  return [c.origin, String(c.size), toBase64(c.rootHash), ...(c.extensions ?? [])].map((l) => `${l}\n`).join('')
}

/** Strict parse of a checkpoint note text; throws LedgerError('malformed-checkpoint') saying why. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('the checkpoint text must end with a newline')
  const lines = text.slice(0, -1).split('\n')
  if (lines.length < 3) malformed(`a checkpoint has at least 3 lines, got ${lines.length}`)
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]]
  if (origin === '') malformed('the origin line is empty')
  // No leading zeros, no sign, no spaces: one spelling per size, so a signature covers one value.
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) malformed(`the tree size line is not a canonical decimal: ${sizeLine}`)
  const size = Number(sizeLine)
  if (!Number.isSafeInteger(size)) malformed(`the tree size ${sizeLine} is too large`)
  let rootHash: Uint8Array
  try {
    rootHash = fromBase64(rootLine)
  } catch {
    throw new LedgerError('malformed-checkpoint', `the root hash line is not canonical base64: ${rootLine}`)
  }
  if (rootHash.length !== HASH_SIZE) malformed(`the root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`)
  const empty = extensions.indexOf('')
  if (empty >= 0) malformed(`extension line ${empty + 1} is empty`)
  return { origin, size, rootHash, extensions }
}

/** Signs a checkpoint as a note; the key name defaults to the origin (spec recommendation). */
export function signCheckpoint(c: CheckpointInput, privateKey: KeyObject, name: string = c.origin): string {
  return signNote(formatCheckpoint(c), name, privateKey)
}

export interface Cosignature {
  readonly name: string
  readonly keyId: string
  /** POSIX seconds at which the witness cosigned. */
  readonly timestamp: number
}

export interface VerifiedCheckpoint extends Checkpoint {
  /** The signed note text (the checkpoint body). */
  readonly body: string
  /** Cosignatures that verified against the `witnesses` passed in. */
  readonly cosignatures: readonly Cosignature[]
}

export interface VerifyCheckpointOptions {
  /** Reject a checkpoint of another log. */
  readonly origin?: string
  /** Witness verifier keys (type 0x04) whose cosignatures to check and report. */
  readonly witnesses?: ReadonlyArray<string | VerifierKey>
}

/**
 * Verifies a signed checkpoint against the log's verifier key (and only that key: any other
 * signature line is ignored unless it is a listed witness's). Throws LedgerError with code
 * malformed-note, bad-signature, untrusted-note, malformed-checkpoint or origin-mismatch.
 */
export function verifyCheckpoint(
  note: string,
  logKey: string | VerifierKey,
  options: VerifyCheckpointOptions = {},
): VerifiedCheckpoint {
  const log = ed25519Verifier(logKey)
  const witnesses = (options.witnesses ?? []).map(cosignatureVerifier)
  const opened = openNote(note, [log, ...witnesses])
  const bySig = opened.signatures.find((s) => s.verified && s.name === log.name && s.keyId === log.keyId)
  if (bySig === undefined)
    ledgerFail('untrusted-note', `the checkpoint is not signed by ${log.name} (key ${log.keyId})`)
  const checkpoint = parseCheckpoint(opened.text)
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    ledgerFail('origin-mismatch', `checkpoint origin ${checkpoint.origin} is not ${options.origin}`)
  }
  const cosignatures = opened.signatures
    .filter((s) => s.verified && witnesses.some((w) => w.name === s.name && w.keyId === s.keyId))
    .map((s) => ({ name: s.name, keyId: s.keyId, timestamp: readTimestamp(s.sig) }))
  return { ...checkpoint, body: opened.text, cosignatures }
}

// ---------------------------------------------------------------------------------------------
// tlog-cosignature/v1 (Ed25519): signature = u64 big-endian timestamp ‖ Ed25519 signature over
// "cosignature/v1\ntime <timestamp>\n" ‖ checkpoint body.

const MAX_TIMESTAMP = 2n ** 63n - 1n

/** The exact bytes a witness signs for `checkpointBody` at `timestamp` (POSIX seconds). */
export function cosignatureMessage(checkpointBody: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) ledgerFail('invalid-argument', `bad timestamp ${timestamp}`)
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointBody}`)
}

function readTimestamp(sig: Uint8Array): number {
  const t = new DataView(sig.buffer, sig.byteOffset, sig.byteLength).getBigUint64(0)
  if (t > MAX_TIMESTAMP || t > BigInt(Number.MAX_SAFE_INTEGER)) {
    ledgerFail('malformed-cosignature', `cosignature timestamp ${t} is out of range`)
  }
  return Number(t)
}

function u64(value: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(value))
  return out
}

/** A note verifier for one witness's cosignatures; the vkey must have signature type 0x04. */
export function cosignatureVerifier(vkey: string | VerifierKey): NoteVerifier {
  const k = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey
  if (k.type !== SIG_COSIGNATURE_V1) ledgerFail('malformed-key', `${k.name} is not a cosignature key (type 0x04)`)
  const publicKey = publicKeyFromRaw(k.publicKey)
  return {
    name: k.name,
    keyId: k.keyId,
    verify: (text, sig) => {
      if (sig.length !== 8 + 64) return false
      const t = new DataView(sig.buffer, sig.byteOffset, 8).getBigUint64(0)
      if (t > BigInt(Number.MAX_SAFE_INTEGER)) return false
      return safeVerify(cosignatureMessage(text, Number(t)), publicKey, sig.subarray(8))
    },
  }
}

/** A witness signer (for tests and for running a witness): key id uses type 0x04. */
export function cosignatureSigner(name: string, key: KeyObject, timestamp: number): NoteSigner {
  if (!isValidKeyName(name)) ledgerFail('malformed-key', `invalid key name ${JSON.stringify(name)}`)
  const id = keyId(name, publicKeyRaw(key), SIG_COSIGNATURE_V1)
  return {
    name,
    keyId: id,
    sign: (text) => {
      // Only checkpoints are cosigned; refusing anything else keeps a witness key single-purpose.
      parseCheckpoint(text)
      return concatBytes(u64(timestamp), new Uint8Array(sign(null, cosignatureMessage(text, timestamp), key)))
    },
  }
}

/** One cosignature line (ending in "\n") by witness `name` over `checkpointBody`. */
export function formatCosignatureLine(checkpointBody: string, name: string, key: KeyObject, timestamp: number): string {
  const signer = cosignatureSigner(name, key, timestamp)
  return formatSignatureLine(signer.name, signer.keyId, signer.sign(checkpointBody))
}

/**
 * Verifies one cosignature line (with or without its newline) over `checkpointBody` against a
 * witness vkey (type 0x04). Returns who cosigned and when; throws LedgerError saying why not.
 */
export function verifyCosignature(line: string, checkpointBody: string, witnessKey: string | VerifierKey): Cosignature {
  parseCheckpoint(checkpointBody)
  const verifier = cosignatureVerifier(witnessKey)
  const s = parseSignatureLine(line.endsWith('\n') ? line.slice(0, -1) : line)
  if (s.name !== verifier.name || s.keyId !== verifier.keyId) {
    ledgerFail(
      'malformed-cosignature',
      `the line is by ${s.name} (key ${s.keyId}), not ${verifier.name} (key ${verifier.keyId})`,
    )
  }
  if (s.sig.length !== 8 + 64)
    ledgerFail('malformed-cosignature', 'a cosignature is 8 timestamp bytes and 64 signature bytes')
  const timestamp = readTimestamp(s.sig)
  if (!verifier.verify(checkpointBody, s.sig)) {
    ledgerFail('bad-signature', `the cosignature of ${s.name} does not verify over this checkpoint`)
  }
  return { name: s.name, keyId: s.keyId, timestamp }
}
