import { describe, expect, it } from 'vitest'
import { eventHash } from '../../src/ledger/event-hash'
import { generateSigningKey } from '../../src/ledger/note'
import { allPassed, type CheckResult, type LedgerBundle, verifyBundle } from '../../src/ledger/verify'
import { clone, DEC, DIR, FakeLedger, HISTORY, type Intent } from './ledger-fixture'

const ledger = new FakeLedger(undefined, HISTORY)
const dirIds = ledger.events.filter((e) => e.decisionId === DIR && e.version !== 2).map((e) => e.eventId)
const good = ledger.bundle(DEC, dirIds)

const run = (bundle: unknown, extra: Partial<Parameters<typeof verifyBundle>[0]> = {}): CheckResult[] =>
  verifyBundle({ bundle, key: ledger.vkey, ...extra })

function failure(results: CheckResult[]): CheckResult {
  const last = results.at(-1)!
  expect(last.ok, JSON.stringify(results.at(-1))).toBe(false)
  expect(results.slice(0, -1).every((r) => r.ok)).toBe(true)
  return last
}

describe('an untampered bundle', () => {
  it('passes every check, one line per check, and says what it does not cover', () => {
    const results = run(good)
    expect(allPassed(results)).toBe(true)
    const checks = results.map((r) => r.check)
    expect(checks[0]).toBe('bundle.format')
    expect(checks[1]).toBe('checkpoint.signature')
    expect(checks.filter((c) => c === 'event.hash')).toHaveLength(5)
    expect(checks.filter((c) => c === 'event.inclusion')).toHaveLength(5)
    expect(checks.filter((c) => c === 'directory.inclusion')).toHaveLength(2)
    expect(results.at(-1)).toMatchObject({ check: 'bundle.verified', ok: true })
    expect(results.at(-1)!.detail).toMatch(/--since/)
  })

  it('survives a JSON round trip (what the CLI reads from bundle.json)', () => {
    expect(allPassed(run(JSON.parse(JSON.stringify(good))))).toBe(true)
  })
})

describe('tampering the verifier must catch (ledger.md §4)', () => {
  it('a changed byte in a stored event’s data', () => {
    const b = clone(good)
    b.events[2]!.data = { experts: 6 }
    expect(failure(run(b))).toMatchObject({ check: 'event.hash', subject: `${b.events[2]!.eventId} (v3)` })
  })

  it('a changed event whose hash was recomputed to match: its leaf is not in the tree', () => {
    const b = clone(good)
    b.events[2]!.data = { experts: 6 }
    b.events[2]!.hash = eventHash(b.events[2]!)
    expect(failure(run(b))).toMatchObject({ check: 'event.inclusion', subject: `${b.events[2]!.eventId} (v3)` })
  })

  it('a deleted event in the middle of the stream', () => {
    const b = clone(good)
    b.events.splice(2, 1)
    b.proofs.splice(2, 1)
    expect(failure(run(b))).toMatchObject({ check: 'stream.version', subject: `${good.events[3]!.eventId} (v4)` })
  })

  it('a reordered pair', () => {
    const b = clone(good)
    ;[b.events[1], b.events[2]] = [b.events[2]!, b.events[1]!]
    expect(failure(run(b))).toMatchObject({ check: 'stream.version', subject: `${good.events[2]!.eventId} (v3)` })
  })

  it('a truncated tail: events dropped from the bundle while their proofs remain', () => {
    const b = clone(good)
    b.events.pop()
    expect(failure(run(b))).toMatchObject({ check: 'bundle.proofs' })
  })

  it('a truncated tail against the checkpoint: the store lost its last events and rebuilt the tree', () => {
    // The signed checkpoint covers all 10 leaves; the truncated store has 9 and cannot prove
    // anything against it, whether it admits the smaller size or claims the old one.
    const truncated = new FakeLedger(ledger.key, HISTORY.slice(0, -1))
    const honest = { ...truncated.bundle(DEC, dirIds), checkpoint: good.checkpoint }
    expect(failure(run(honest))).toMatchObject({
      check: 'event.inclusion',
      detail: expect.stringMatching(/tree size 9.*size 10/),
    })
    const lying = clone(honest)
    for (const p of lying.proofs) p.treeSize = 10
    expect(failure(run(lying))).toMatchObject({
      check: 'event.inclusion',
      detail: expect.stringMatching(/not in the log/),
    })
    // Re-signing the truncated tree is possible with the key, but breaks --since (below).
    const resigned = truncated.bundle(DEC, dirIds)
    expect(allPassed(run(resigned))).toBe(true)
    expect(failure(run(resigned, { since: { checkpoint: good.checkpoint, consistencyProof: [] } }))).toMatchObject({
      check: 'since.consistency',
    })
  })

  it('an event inserted into the tree with a forged position', () => {
    // v3 really is leaf 5; claim leaf 4 (another stream's event), which keeps the stream's order.
    const both = clone(good)
    both.events[2]!.ledgerIndex = 4
    both.proofs[2]!.ledgerIndex = 4
    expect(failure(run(both))).toMatchObject({
      check: 'event.inclusion',
      detail: expect.stringMatching(/not in the log at ledger index 4/),
    })
    const eventOnly = clone(good)
    eventOnly.events[2]!.ledgerIndex = 4
    expect(failure(run(eventOnly))).toMatchObject({
      check: 'event.inclusion',
      detail: expect.stringMatching(/claims ledger index 4/),
    })
    const backdated = clone(good)
    backdated.events[2]!.ledgerIndex = 0
    backdated.proofs[2]!.ledgerIndex = 0
    expect(failure(run(backdated))).toMatchObject({ check: 'stream.order' })
  })

  it('a backdated event appended to the tree but exported with an earlier position', () => {
    const later = new FakeLedger(ledger.key, [...HISTORY, { decisionId: DEC, type: 'DecisionAdopted', data: {} }])
    const b = later.bundle(DEC)
    expect(allPassed(run(b))).toBe(true) // honestly exported, the late event shows at leaf 10
    const last = b.events.at(-1)!
    last.ledgerIndex = 6
    b.proofs.at(-1)!.ledgerIndex = 6
    expect(failure(run(b))).toMatchObject({ check: 'stream.order', subject: `${last.eventId} (v6)` })
    b.proofs.at(-1)!.hashes = later.proof({ ...last, ledgerIndex: 6 }).hashes // a genuine proof for leaf 6
    expect(failure(run(b))).toMatchObject({ check: 'stream.order' })
  })

  it('a checkpoint signed by another key', () => {
    const b = clone(good)
    b.checkpoint = ledger.checkpoint(ledger.tree.size, generateSigningKey())
    expect(failure(run(b))).toMatchObject({
      check: 'checkpoint.signature',
      detail: expect.stringMatching(/no signature from a trusted key/),
    })
    // A whole parallel log under the attacker's key is self-consistent, but not under the auditor's key.
    const attacker = new FakeLedger(generateSigningKey(), HISTORY)
    expect(allPassed(verifyBundle({ bundle: attacker.bundle(DEC), key: attacker.vkey }))).toBe(true)
    expect(failure(run(attacker.bundle(DEC)))).toMatchObject({ check: 'checkpoint.signature' })
  })

  it('a rewritten history that is internally consistent but inconsistent with a saved checkpoint', () => {
    const saved = ledger.checkpoint(4) // the auditor kept the checkpoint of size 4
    const altered: Intent[] = clone(HISTORY)
    altered[3] = { decisionId: DEC, type: 'PublicCommentPeriodOpened', data: { days: 7 } }
    const rewritten = new FakeLedger(ledger.key, altered)
    const b = rewritten.bundle(DEC, dirIds)
    expect(allPassed(run(b))).toBe(true) // on its own the rewrite is undetectable
    const since = { checkpoint: saved, consistencyProof: rewritten.consistency(4) }
    expect(failure(run(b, { since }))).toMatchObject({
      check: 'since.consistency',
      detail: expect.stringMatching(/history was rewritten/),
    })
    // The honest log passes the same check.
    expect(allPassed(run(good, { since: { checkpoint: saved, consistencyProof: ledger.consistency(4) } }))).toBe(true)
  })
})

describe('--since', () => {
  it('also works when the saved checkpoint is newer than the bundle’s', () => {
    const later = new FakeLedger(ledger.key, [...HISTORY, { decisionId: DIR, type: 'PositionEnded', data: {} }])
    const since = { checkpoint: later.checkpoint(), consistencyProof: later.consistency(10, 11) }
    expect(allPassed(run(good, { since }))).toBe(true)
  })

  it('treats a saved empty checkpoint as consistent with anything', () => {
    const since = { checkpoint: ledger.checkpoint(0), consistencyProof: [] }
    expect(allPassed(run(good, { since }))).toBe(true)
  })

  it('refuses a saved checkpoint of another log or another key', () => {
    const otherKey = generateSigningKey()
    const since = { checkpoint: ledger.checkpoint(4, otherKey), consistencyProof: ledger.consistency(4) }
    expect(failure(run(good, { since }))).toMatchObject({ check: 'since.signature' })
  })
})

describe('directory events', () => {
  it('checks their hashes, chains where adjacent, and inclusion', () => {
    const b = clone(good)
    b.directory.events[1]!.data = { title: '副局长' }
    expect(failure(run(b))).toMatchObject({ check: 'directory.hash' })
  })

  it('refuses a decision event passed off as directory', () => {
    const b = clone(good)
    b.directory.events.push(clone(ledger.events.find((e) => e.decisionId !== DIR && e.decisionId !== DEC)!))
    expect(failure(run(b))).toMatchObject({ check: 'directory.stream' })
  })
})

describe('bundle shape', () => {
  it.each([
    ['not an object', () => 'bundle'],
    ['another format', (b: LedgerBundle) => ({ ...b, format: 'decision-trail-bundle/2' })],
    [
      'a field the hash does not cover',
      (b: LedgerBundle) => ({ ...b, events: b.events.map((e, i) => (i === 1 ? { ...e, note: 'x' } : e)) }),
    ],
    [
      'an extra actor field',
      (b: LedgerBundle) => ({ ...b, events: b.events.map((e) => ({ ...e, actor: { ...e.actor, name: '张三' } })) }),
    ],
    [
      'an uppercase hash',
      (b: LedgerBundle) => ({ ...b, events: b.events.map((e) => ({ ...e, hash: e.hash.toUpperCase() })) }),
    ],
    [
      'a proof hash that is not hex',
      (b: LedgerBundle) => ({ ...b, proofs: b.proofs.map((p) => ({ ...p, hashes: ['zz'] })) }),
    ],
    ['no events', (b: LedgerBundle) => ({ ...b, events: [], proofs: [] })],
    ['a duplicated event', (b: LedgerBundle) => ({ ...b, events: [...b.events, b.events[0]!] })],
  ])('rejects %s', (_what, mangle) => {
    expect(failure(run(mangle(clone(good))))).toMatchObject({ check: 'bundle.format' })
  })

  it('never takes the key from the bundle', () => {
    // Even if an exporter adds the log's key for convenience, only the supplied key counts.
    const attacker = new FakeLedger(generateSigningKey(), HISTORY)
    const withKey = { ...attacker.bundle(DEC), key: attacker.vkey, verifierKey: attacker.vkey }
    expect(failure(run(withKey))).toMatchObject({ check: 'checkpoint.signature' })
  })
})
