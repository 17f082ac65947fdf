import { describe, expect, it } from 'vitest'
import { fromBase64, sha256, toBase64 } from '../../src/ledger/bytes'
import {
  cosignatureMessage,
  formatCheckpoint,
  formatCosignatureLine,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  verifyCosignature,
} from '../../src/ledger/checkpoint'
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/errors'
import {
  addSignatureLines,
  formatVerifierKey,
  generateSigningKey,
  publicKeyRaw,
  SIG_COSIGNATURE_V1,
  signNote,
} from '../../src/ledger/note'

const code = (f: () => unknown): LedgerErrorCode | 'no error' => {
  try {
    f()
    return 'no error'
  } catch (e) {
    if (e instanceof LedgerError) return e.code
    throw e
  }
}

// The body of the C2SP tlog-checkpoint example (c2sp.org/tlog-checkpoint, "Note text").
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'

const ORIGIN = 'decision-trail.example.gov.cn/ledger'
const logKey = generateSigningKey()
const logVkey = formatVerifierKey(ORIGIN, publicKeyRaw(logKey))
const root = sha256(new TextEncoder().encode('root'))

describe('checkpoint body', () => {
  it('parses the spec example and formats it back byte for byte', () => {
    const c = parseCheckpoint(SPEC_BODY)
    expect(c.origin).toBe('example.com/behind-the-sofa')
    expect(c.size).toBe(20852163)
    expect(toBase64(c.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=')
    expect(c.extensions).toEqual([])
    expect(formatCheckpoint(c)).toBe(SPEC_BODY)
  })

  it('keeps extension lines', () => {
    const c = parseCheckpoint(`${SPEC_BODY}ext one\next two\n`)
    expect(c.extensions).toEqual(['ext one', 'ext two'])
    expect(formatCheckpoint(c)).toBe(`${SPEC_BODY}ext one\next two\n`)
  })

  it.each([
    ['no final newline', SPEC_BODY.slice(0, -1)],
    ['two lines', 'example.com/log\n0\n'],
    ['an empty origin', `\n1\n${toBase64(root)}\n`],
    ['a leading zero in the size', `o\n01\n${toBase64(root)}\n`],
    ['a negative size', `o\n-1\n${toBase64(root)}\n`],
    ['a size with a plus sign', `o\n+1\n${toBase64(root)}\n`],
    ['a size with a space', `o\n1 \n${toBase64(root)}\n`],
    ['a size beyond 2^53', `o\n9007199254740993\n${toBase64(root)}\n`],
    ['a hex root', `o\n1\n${'ab'.repeat(32)}\n`],
    ['an unpadded root', `o\n1\n${toBase64(root).replace('=', '')}\n`],
    ['a 31-byte root', `o\n1\n${toBase64(root.subarray(1))}\n`],
    ['an empty extension line', `${SPEC_BODY}\n`],
    ['a blank line between extensions', `${SPEC_BODY}a\n\nb\n`],
  ])('rejects %s', (_what, text) => {
    expect(code(() => parseCheckpoint(text))).toBe('malformed-checkpoint')
  })

  it('accepts size 0 with the empty root', () => {
    expect(parseCheckpoint(`o\n0\n${toBase64(sha256())}\n`).size).toBe(0)
  })
})

describe('signed checkpoints', () => {
  const note = signCheckpoint({ origin: ORIGIN, size: 42, rootHash: root }, logKey)

  it('signs with a key named after the origin and verifies with the log key', () => {
    expect(note.split('\n').at(-2)).toMatch(/^— decision-trail\.example\.gov\.cn\/ledger [A-Za-z0-9+/]+=*$/)
    const c = verifyCheckpoint(note, logVkey, { origin: ORIGIN })
    expect(c).toMatchObject({ origin: ORIGIN, size: 42, body: `${ORIGIN}\n42\n${toBase64(root)}\n` })
  })

  it('names the failure precisely', () => {
    const otherKey = generateSigningKey()
    expect(
      code(() => verifyCheckpoint(signCheckpoint({ origin: ORIGIN, size: 42, rootHash: root }, otherKey), logVkey)),
    ).toBe('untrusted-note')
    expect(code(() => verifyCheckpoint(note.replace('\n42\n', '\n43\n'), logVkey))).toBe('bad-signature')
    expect(code(() => verifyCheckpoint(note, logVkey, { origin: 'other.example/log' }))).toBe('origin-mismatch')
    expect(code(() => verifyCheckpoint(signNote('not\na checkpoint\n', ORIGIN, logKey), logVkey))).toBe(
      'malformed-checkpoint',
    )
    expect(code(() => verifyCheckpoint(note.replace('— ', '-- '), logVkey))).toBe('malformed-note')
  })
})

describe('tlog-cosignature/v1', () => {
  const witnessKey = generateSigningKey()
  const WITNESS = 'audit-office.example.gov.cn/witness'
  const witnessVkey = formatVerifierKey(WITNESS, publicKeyRaw(witnessKey), SIG_COSIGNATURE_V1)
  const body = formatCheckpoint({ origin: ORIGIN, size: 42, rootHash: root })
  const T = 1_767_225_600 // 2026-01-01T00:00:00Z

  it('signs the spec message: header, time line, then the checkpoint body', () => {
    expect(new TextDecoder().decode(cosignatureMessage(body, T))).toBe(`cosignature/v1\ntime ${T}\n${body}`)
  })

  it('round-trips a witness cosignature with its timestamp', () => {
    const line = formatCosignatureLine(body, WITNESS, witnessKey, T)
    const raw = fromBase64(line.trim().split(' ').at(-1)!)
    expect(raw.length).toBe(4 + 8 + 64)
    expect(verifyCosignature(line, body, witnessVkey)).toEqual({
      name: WITNESS,
      keyId: witnessVkey.split('+')[1],
      timestamp: T,
    })
  })

  it('is served appended to the log-signed checkpoint and verified with it', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 42, rootHash: root }, logKey)
    const cosigned = addSignatureLines(note, [formatCosignatureLine(body, WITNESS, witnessKey, T)])
    expect(verifyCheckpoint(cosigned, logVkey).cosignatures).toEqual([]) // ignored unless asked for
    expect(verifyCheckpoint(cosigned, logVkey, { witnesses: [witnessVkey] }).cosignatures).toMatchObject([
      { name: WITNESS, timestamp: T },
    ])
  })

  it('rejects a cosignature over another checkpoint, by another witness, or with a changed timestamp', () => {
    const line = formatCosignatureLine(body, WITNESS, witnessKey, T)
    const other = formatCheckpoint({ origin: ORIGIN, size: 43, rootHash: root })
    expect(code(() => verifyCosignature(line, other, witnessVkey))).toBe('bad-signature')
    const otherWitness = formatVerifierKey(WITNESS, publicKeyRaw(generateSigningKey()), SIG_COSIGNATURE_V1)
    expect(code(() => verifyCosignature(line, body, otherWitness))).toBe('malformed-cosignature')
    const raw = fromBase64(line.trim().split(' ').at(-1)!)
    raw[4 + 7] = (raw[4 + 7] ?? 0) ^ 1 // timestamp's last byte
    expect(code(() => verifyCosignature(`— ${WITNESS} ${toBase64(raw)}`, body, witnessVkey))).toBe('bad-signature')
  })

  it('keeps log keys and witness keys apart (type 0x01 vs 0x04)', () => {
    expect(code(() => verifyCosignature(formatCosignatureLine(body, WITNESS, witnessKey, T), body, logVkey))).toBe(
      'malformed-key',
    )
    expect(
      code(() => verifyCheckpoint(signCheckpoint({ origin: ORIGIN, size: 1, rootHash: root }, logKey), witnessVkey)),
    ).toBe('malformed-key')
  })
})
