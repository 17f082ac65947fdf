// Offline verification of an exported decision bundle (ledger.md §4), for
// `decision-trail verify bundle.json --key … [--since old-checkpoint]`. Pure: the caller reads the
// files and prints the results. Trust comes only from the key the auditor supplies; nothing in the
// bundle (names, keys, sizes) is believed until a hash or signature ties it to that key.
//
// What a bundle can and cannot prove: every event shown is unaltered, the stream has no gap or
// reordering from version 1 to the last event shown, and every event is in the signed log at the
// position it claims. It cannot prove the stream has no LATER events when a tail is dropped from
// both `events` and `proofs` while the tree keeps its leaves: that takes `verify --db` (every leaf
// has its event) or an earlier export. A tail cut from the tree itself is caught, against the
// signed checkpoint or, if the operator re-signed the shorter tree, by `--since`.

import type { StoredEvent } from '../domain/envelope'
import { type Actor, GENESIS_HASH } from '../domain/envelope'
import { bytesEqual, fromHex, toBase64 } from './bytes'
import { type Checkpoint, verifyCheckpoint } from './checkpoint'
import { eventHash } from './event-hash'
import { consistencyProofError, emptyRoot, inclusionProofError, leafHash } from './merkle'
import type { VerifierKey } from './note'

export const BUNDLE_FORMAT = 'decision-trail-bundle/1'

/** An event as stored, plus its position in the global Merkle ledger. */
export interface BundleEvent extends StoredEvent {
  ledgerIndex: number
}

/** An RFC 9162 inclusion proof, hashes in hex in RFC order (as `/v1/ledger/proofs/inclusion`). */
export interface BundleProof {
  eventId: string
  ledgerIndex: number
  treeSize: number
  hashes: string[]
}

export interface LedgerBundle {
  format: typeof BUNDLE_FORMAT
  decisionId: string
  /** The decision's stream in version order. */
  events: BundleEvent[]
  /** A C2SP signed-note checkpoint; every proof is against its tree size. */
  checkpoint: string
  proofs: BundleProof[]
  /** The directory events the trail relies on (a subset of the directory streams). */
  directory: { events: BundleEvent[]; proofs: BundleProof[] }
}

export interface CheckResult {
  ok: boolean
  check: string
  subject?: string
  detail: string
}

export interface VerifyBundleInput {
  /** The parsed JSON of the bundle file; its shape is checked here, not assumed. */
  bundle: unknown
  /** The log's verifier key as the auditor obtained it (never taken from the bundle). */
  key: string | VerifierKey
  /** A checkpoint the auditor saved earlier, and the consistency proof (hex) between the two. */
  since?: { checkpoint: string; consistencyProof: readonly string[] }
}

/** Runs the checks in order and stops at the first failure, which is the last result. */
export function verifyBundle(input: VerifyBundleInput): CheckResult[] {
  const out: CheckResult[] = []
  for (const r of checks(input)) {
    out.push(r)
    if (!r.ok) break
  }
  return out
}

export const allPassed = (results: readonly CheckResult[]): boolean => results.length > 0 && results.every((r) => r.ok)

export const pass = (check: string, detail: string, subject?: string): CheckResult =>
  subject === undefined ? { ok: true, check, detail } : { ok: true, check, subject, detail }
export const fail = (check: string, detail: string, subject?: string): CheckResult =>
  subject === undefined ? { ok: false, check, detail } : { ok: false, check, subject, detail }

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

function* checks(input: VerifyBundleInput): Generator<CheckResult> {
  const shapeError = bundleShapeError(input.bundle)
  if (shapeError !== undefined) return yield fail('bundle.format', shapeError)
  const bundle = input.bundle as LedgerBundle
  yield pass('bundle.format', `${BUNDLE_FORMAT} for ${bundle.decisionId}: ${bundle.events.length} events`)

  let checkpoint: Checkpoint
  try {
    checkpoint = verifyCheckpoint(bundle.checkpoint, input.key)
  } catch (e) {
    return yield fail('checkpoint.signature', `the checkpoint does not verify with the supplied key: ${describe(e)}`)
  }
  yield pass(
    'checkpoint.signature',
    `${checkpoint.origin}: tree size ${checkpoint.size}, root ${toBase64(checkpoint.rootHash)}, signed by the supplied key`,
  )

  for (const r of input.since === undefined ? [] : sinceChecks(checkpoint, input.key, input.since)) {
    yield r
    if (!r.ok) return
  }

  // The decision's stream: hashes, versions 1…n with no gap, the prevHash chain, then inclusion.
  let previous: BundleEvent | undefined
  for (const [i, e] of bundle.events.entries()) {
    const subject = `${e.eventId} (v${e.version})`
    const hashed = hashCheck('event.hash', e, subject)
    yield hashed
    if (!hashed.ok) return
    if (e.decisionId !== bundle.decisionId) {
      return yield fail('stream.decision', `belongs to ${e.decisionId}, not ${bundle.decisionId}`, subject)
    }
    if (e.version !== i + 1) {
      return yield fail(
        'stream.version',
        `expected version ${i + 1} at position ${i + 1}, found ${e.version}: an event is missing or out of order`,
        subject,
      )
    }
    const expectedPrev = previous?.hash ?? GENESIS_HASH
    if (e.prevHash !== expectedPrev) {
      return yield fail(
        'stream.chain',
        `prevHash ${e.prevHash} is not the hash of version ${i} (${expectedPrev}): the chain is broken`,
        subject,
      )
    }
    yield pass('stream.chain', `version ${e.version} follows ${i === 0 ? 'the genesis hash' : `version ${i}`}`, subject)
    if (previous !== undefined && e.ledgerIndex <= previous.ledgerIndex) {
      return yield fail(
        'stream.order',
        `ledger index ${e.ledgerIndex} is not after version ${previous.version}'s ${previous.ledgerIndex}: events are sequenced in commit order`,
        subject,
      )
    }
    const included = inclusionCheck('event.inclusion', e, bundle.proofs, checkpoint, subject)
    yield included
    if (!included.ok) return
    previous = e
  }

  // Directory events: a subset of each directory stream, so gaps are allowed, but a version that
  // is present must chain to the one before it when that one is present too.
  const dir = [...bundle.directory.events].sort((a, b) =>
    a.decisionId === b.decisionId ? a.version - b.version : a.decisionId < b.decisionId ? -1 : 1,
  )
  for (const [i, e] of dir.entries()) {
    const subject = `${e.decisionId} ${e.eventId} (v${e.version})`
    if (!e.decisionId.startsWith('dir_')) {
      return yield fail('directory.stream', `${e.decisionId} is not a directory stream (dir_…)`, subject)
    }
    const hashed = hashCheck('directory.hash', e, subject)
    yield hashed
    if (!hashed.ok) return
    const before = dir[i - 1]
    if (before?.decisionId === e.decisionId && before.version === e.version) {
      return yield fail(
        'directory.chain',
        `two events claim version ${e.version} of ${e.decisionId}: the stream was forked`,
        subject,
      )
    }
    const prev =
      e.version === 1
        ? GENESIS_HASH
        : before?.decisionId === e.decisionId && before.version === e.version - 1
          ? before.hash
          : undefined
    if (prev !== undefined && e.prevHash !== prev) {
      return yield fail(
        'directory.chain',
        `prevHash does not match version ${e.version - 1}: the chain is broken`,
        subject,
      )
    }
    const included = inclusionCheck('directory.inclusion', e, bundle.directory.proofs, checkpoint, subject)
    yield included
    if (!included.ok) return
  }

  const shown = new Set([...bundle.events, ...bundle.directory.events].map((e) => e.eventId))
  const orphan = [...bundle.proofs, ...bundle.directory.proofs].find((p) => !shown.has(p.eventId))
  if (orphan !== undefined) {
    return yield fail(
      'bundle.proofs',
      `a proof for ${orphan.eventId}, which the bundle does not contain: an event was removed`,
    )
  }

  yield pass(
    'bundle.verified',
    `${bundle.events.length} events of ${bundle.decisionId} (versions 1–${bundle.events.length}) and ` +
      `${dir.length} directory events are unaltered and in ${checkpoint.origin} at tree size ${checkpoint.size}. ` +
      'Later events, if any, are not covered: compare with a saved checkpoint (--since) or a later export.',
  )
}

function hashCheck(check: string, e: BundleEvent, subject: string): CheckResult {
  const recomputed = eventHash(e)
  if (recomputed !== e.hash) {
    return fail(check, `recomputed hash ${recomputed} differs from stored ${e.hash}: the event was altered`, subject)
  }
  return pass(check, `sha256 ${recomputed}`, subject)
}

function inclusionCheck(
  check: string,
  e: BundleEvent,
  proofs: readonly BundleProof[],
  checkpoint: Checkpoint,
  subject: string,
): CheckResult {
  const mine = proofs.filter((p) => p.eventId === e.eventId)
  const proof = mine[0]
  if (proof === undefined || mine.length > 1) {
    return fail(check, `expected one inclusion proof, found ${mine.length}`, subject)
  }
  if (proof.ledgerIndex !== e.ledgerIndex) {
    return fail(
      check,
      `the event claims ledger index ${e.ledgerIndex} but its proof is for ${proof.ledgerIndex}`,
      subject,
    )
  }
  if (proof.treeSize !== checkpoint.size) {
    return fail(
      check,
      `the proof is for tree size ${proof.treeSize}, the checkpoint is of size ${checkpoint.size}`,
      subject,
    )
  }
  const why = inclusionProofError(
    leafHash(e.hash),
    e.ledgerIndex,
    checkpoint.size,
    proof.hashes.map((h) => fromHex(h)),
    checkpoint.rootHash,
  )
  if (why !== undefined) {
    return fail(
      check,
      `not in the log at ledger index ${e.ledgerIndex} of tree size ${checkpoint.size}: ${why}`,
      subject,
    )
  }
  return pass(check, `leaf ${e.ledgerIndex} of ${checkpoint.size}`, subject)
}

/** The checks of `--since`: up to and including the first failure. */
function sinceChecks(
  current: Checkpoint,
  key: string | VerifierKey,
  since: NonNullable<VerifyBundleInput['since']>,
): CheckResult[] {
  let old: Checkpoint
  try {
    old = verifyCheckpoint(since.checkpoint, key, { origin: current.origin })
  } catch (e) {
    return [fail('since.signature', `the saved checkpoint does not verify with the supplied key: ${describe(e)}`)]
  }
  const signed = pass('since.signature', `saved checkpoint: tree size ${old.size}, root ${toBase64(old.rootHash)}`)

  let proof: Uint8Array[]
  try {
    proof = since.consistencyProof.map((h) => fromHex(h))
  } catch {
    return [signed, fail('since.consistency', 'the consistency proof is not a list of lowercase hex hashes')]
  }
  // Whichever checkpoint is older must be a prefix of the newer one; size 0 is a prefix of all.
  const [a, b] = old.size <= current.size ? [old, current] : [current, old]
  const why =
    a.size === 0
      ? bytesEqual(a.rootHash, emptyRoot()) && proof.length === 0
        ? undefined
        : 'an empty tree has the empty root and needs an empty proof'
      : consistencyProofError(a.size, b.size, a.rootHash, b.rootHash, proof)
  if (why !== undefined) {
    const detail = `tree size ${b.size} is not an append-only extension of tree size ${a.size}: the log's history was rewritten (${why})`
    return [signed, fail('since.consistency', detail)]
  }
  return [signed, pass('since.consistency', `tree size ${b.size} extends tree size ${a.size}`)]
}

// ---------------------------------------------------------------------------------------------
// Shape of the untrusted JSON. Unknown fields are refused: they would not be covered by the hash.

const EVENT_KEYS = new Set([
  'eventId',
  'decisionId',
  'version',
  'type',
  'schemaVersion',
  'occurredAt',
  'recordedAt',
  'actor',
  'data',
  'evidence',
  'correlationId',
  'causationId',
  'prevHash',
  'hash',
  'position',
  'ledgerIndex',
])
const ACTOR_KEYS: ReadonlySet<keyof Actor> = new Set(['personId', 'orgId', 'role'])
const HEX64 = /^[0-9a-f]{64}$/

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

function eventError(e: unknown, at: string): string | undefined {
  if (!isObject(e)) return `${at} is not an object`
  const extra = Object.keys(e).find((k) => !EVENT_KEYS.has(k))
  if (extra !== undefined) return `${at}.${extra} is not a field of a stored event (its hash would not cover it)`
  for (const k of ['eventId', 'decisionId', 'type', 'occurredAt', 'recordedAt'] as const) {
    if (typeof e[k] !== 'string') return `${at}.${k} must be a string`
  }
  for (const k of ['correlationId', 'causationId'] as const) {
    if (k in e && typeof e[k] !== 'string') return `${at}.${k} must be a string when present`
  }
  if (!isIndex(e.version) || e.version < 1) return `${at}.version must be a positive integer`
  if (typeof e.schemaVersion !== 'number') return `${at}.schemaVersion must be a number`
  if (typeof e.position !== 'number') return `${at}.position must be a number`
  if (!isIndex(e.ledgerIndex)) return `${at}.ledgerIndex must be a non-negative integer`
  for (const k of ['prevHash', 'hash'] as const) {
    if (typeof e[k] !== 'string' || !HEX64.test(e[k])) return `${at}.${k} must be 64 lowercase hex characters`
  }
  const actor = e.actor
  if (!isObject(actor) || Object.keys(actor).some((k) => !ACTOR_KEYS.has(k as keyof Actor))) {
    return `${at}.actor must hold exactly personId, orgId and role`
  }
  if ([...ACTOR_KEYS].some((k) => typeof actor[k] !== 'string')) return `${at}.actor fields must be strings`
  if (!isObject(e.data)) return `${at}.data must be an object`
  if (!Array.isArray(e.evidence)) return `${at}.evidence must be an array`
  return undefined
}

function proofError(p: unknown, at: string): string | undefined {
  if (!isObject(p)) return `${at} is not an object`
  if (typeof p.eventId !== 'string') return `${at}.eventId must be a string`
  if (!isIndex(p.ledgerIndex) || !isIndex(p.treeSize)) return `${at}.ledgerIndex and .treeSize must be integers`
  if (!Array.isArray(p.hashes) || p.hashes.some((h) => typeof h !== 'string' || !HEX64.test(h))) {
    return `${at}.hashes must be 64-character lowercase hex hashes`
  }
  return undefined
}

function listError(
  list: unknown,
  at: string,
  item: (v: unknown, at: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(list)) return `${at} must be an array`
  for (const [i, v] of list.entries()) {
    const why = item(v, `${at}[${i}]`)
    if (why !== undefined) return why
  }
  return undefined
}

function bundleShapeError(b: unknown): string | undefined {
  if (!isObject(b)) return 'the bundle is not a JSON object'
  if (b.format !== BUNDLE_FORMAT) return `format must be ${BUNDLE_FORMAT}, got ${JSON.stringify(b.format)}`
  if (typeof b.decisionId !== 'string') return 'decisionId must be a string'
  if (typeof b.checkpoint !== 'string') return 'checkpoint must be a signed-note string'
  if (!isObject(b.directory)) return 'directory must be an object with events and proofs'
  const why =
    listError(b.events, 'events', eventError) ??
    listError(b.proofs, 'proofs', proofError) ??
    listError(b.directory.events, 'directory.events', eventError) ??
    listError(b.directory.proofs, 'directory.proofs', proofError)
  if (why !== undefined) return why
  if ((b.events as unknown[]).length === 0) return 'the bundle holds no events'
  const ids = [...(b.events as BundleEvent[]), ...(b.directory.events as BundleEvent[])].map((e) => e.eventId)
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) return `event ${id} appears twice`
    seen.add(id)
  }
  return undefined
}
