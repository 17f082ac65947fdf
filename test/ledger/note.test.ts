import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toBase64 } from '../../src/ledger/bytes'
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/errors'
import {
  addSignatureLines,
  ed25519Verifier,
  formatSignerKey,
  formatVerifierKey,
  generateSigningKey,
  keyId,
  openNote,
  parseNote,
  parsePublicKeyInput,
  parseSigningKey,
  parseVerifierKey,
  privateKeyFromSeed,
  privateKeySeed,
  privateKeyToPem,
  publicKeyRaw,
  signNote,
} from '../../src/ledger/note'

// golang.org/x/mod/sumdb/note package documentation (note.go) and note_test.go: the reference
// implementation's example signer key, verifier key, text and signed note.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`

// C2SP signed-note, "Example" (github.com/C2SP/C2SP signed-note.md at d4c16da5e7687a016619074e78dad84b2c7238cc).
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n'

const code = (f: () => unknown): LedgerErrorCode | 'no error' => {
  try {
    f()
    return 'no error'
  } catch (e) {
    if (e instanceof LedgerError) return e.code
    throw e
  }
}

describe('reference vectors', () => {
  it('reproduces the Go example byte for byte (Ed25519 is deterministic)', () => {
    const { key, name } = parseSigningKey(GO_SKEY)
    expect(name).toBe('PeterNeumann')
    expect(formatVerifierKey('PeterNeumann', publicKeyRaw(key))).toBe(GO_VKEY)
    expect(keyId('PeterNeumann', publicKeyRaw(key))).toBe('c74f20a3')
    expect(formatSignerKey('PeterNeumann', key)).toBe(GO_SKEY)
    expect(signNote(GO_TEXT, 'PeterNeumann', key)).toBe(GO_NOTE)
    expect(openNote(GO_NOTE, [ed25519Verifier(GO_VKEY)]).text).toBe(GO_TEXT)
  })

  it('opens the C2SP spec example', () => {
    const opened = openNote(SPEC_NOTE, [ed25519Verifier(SPEC_VKEY)])
    expect(opened.text).toBe('This is an example message.\n')
    expect(opened.signatures).toMatchObject([{ name: 'example.com/foo', keyId: '530d903a', verified: true }])
  })
})

describe('keys', () => {
  it('accepts a signing key as PKCS#8 PEM, as base64 of the seed, or as a note signer key', () => {
    const key = generateSigningKey()
    const seed = privateKeySeed(key)
    const pub = toBase64(publicKeyRaw(key))
    expect(toBase64(publicKeyRaw(parseSigningKey(privateKeyToPem(key)).key))).toBe(pub)
    expect(toBase64(publicKeyRaw(parseSigningKey(toBase64(seed)).key))).toBe(pub)
    expect(toBase64(publicKeyRaw(parseSigningKey(formatSignerKey('log.example/a', key)).key))).toBe(pub)
    expect(toBase64(publicKeyRaw(privateKeyFromSeed(seed)))).toBe(pub)
  })

  it.each([
    ['a 31-byte seed', toBase64(new Uint8Array(31))],
    ['not base64', 'not a key!'],
    ['an RSA-looking PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
    ['a signer key with a wrong key id', GO_SKEY.replace('c74f20a3', 'c74f20a4')],
  ])('rejects %s', (_what, input) => {
    expect(code(() => parseSigningKey(input))).toBe('malformed-key')
  })

  it('round-trips verifier keys and checks the key id', () => {
    expect(parseVerifierKey(GO_VKEY)).toMatchObject({ name: 'PeterNeumann', keyId: 'c74f20a3', type: 1 })
    for (const bad of [
      GO_VKEY.replace('c74f20a3', 'c74f20a4'),
      GO_VKEY.replace('+ARpc', '+ZRpc'),
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      GO_VKEY.slice(0, -4),
      `${GO_VKEY}+extra`,
    ]) {
      expect(code(() => parseVerifierKey(bad))).toBe('malformed-key')
    }
  })

  it('reads an auditor key as vkey, PEM or raw base64', () => {
    const key = generateSigningKey()
    const raw = publicKeyRaw(key)
    const vkey = formatVerifierKey('log.example', raw)
    const pem = String(publicKeyFromPrivatePem(key))
    for (const input of [vkey, pem, toBase64(raw)]) {
      expect(parsePublicKeyInput(input, 'log.example')).toMatchObject({
        name: 'log.example',
        keyId: keyId('log.example', raw),
      })
    }
  })
})

function publicKeyFromPrivatePem(key: ReturnType<typeof generateSigningKey>): string {
  // A PEM SPKI public key as `openssl pkey -pubout` writes it.
  const raw = publicKeyRaw(key)
  const der = new Uint8Array([...[0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00], ...raw])
  return `-----BEGIN PUBLIC KEY-----\n${toBase64(der)}\n-----END PUBLIC KEY-----\n`
}

describe('signing and opening notes', () => {
  const key = generateSigningKey()
  const vkey = formatVerifierKey('log.example/ledger', publicKeyRaw(key))
  const other = generateSigningKey()
  const otherV = formatVerifierKey('log.example/ledger', publicKeyRaw(other))

  it('round-trips arbitrary text, including blank lines and non-ASCII', () => {
    const printable = (l: string): boolean => [...l].every((c) => c.charCodeAt(0) >= 0x20)
    const line = fc.string({ unit: 'grapheme' }).filter(printable)
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = `${lines.join('\n')}\n`
        const note = signNote(text, 'log.example/ledger', key)
        expect(openNote(note, [ed25519Verifier(vkey)]).text).toBe(text)
      }),
      { numRuns: 50 },
    )
  })

  it('keeps unknown signatures, unverified, and requires one trusted signature', () => {
    const note = addSignatureLines(signNote('重大行政决策\n', 'log.example/ledger', key), [
      signNote('重大行政决策\n', 'witness.example', other).split('\n').at(-2)!,
    ])
    const opened = openNote(note, [ed25519Verifier(vkey)])
    expect(opened.signatures.map((s) => [s.name, s.verified])).toEqual([
      ['log.example/ledger', true],
      ['witness.example', false],
    ])
    expect(code(() => openNote(note, []))).toBe('untrusted-note')
  })

  it('makes one verifier per key object, each checking with its own key', () => {
    const k = parseVerifierKey(vkey)
    const o = parseVerifierKey(otherV)
    expect(ed25519Verifier(k)).toBe(ed25519Verifier(k))
    expect(ed25519Verifier(o)).not.toBe(ed25519Verifier(k))
    const note = signNote('hello\n', 'log.example/ledger', key)
    expect(openNote(note, [ed25519Verifier(k)]).text).toBe('hello\n')
    expect(code(() => openNote(note, [ed25519Verifier(o)]))).toBe('untrusted-note')
    expect(openNote(note, [ed25519Verifier(k)]).text).toBe('hello\n')
  })

  it('rejects a note signed by another key of the same name (ignored as unknown)', () => {
    const note = signNote('hello\n', 'log.example/ledger', other)
    expect(code(() => openNote(note, [ed25519Verifier(vkey)]))).toBe('untrusted-note')
    expect(openNote(note, [ed25519Verifier(otherV)]).text).toBe('hello\n')
  })

  it('rejects a modified text', () => {
    const note = signNote('size 10\n', 'log.example/ledger', key)
    expect(code(() => openNote(note.replace('size 10', 'size 11'), [ed25519Verifier(vkey)]))).toBe('bad-signature')
  })

  it.each([
    ['a hyphen instead of the em dash', (n: string) => n.replace('— ', '- ')],
    ['an en dash instead of the em dash', (n: string) => n.replace('— ', '– ')],
    ['no space after the dash', (n: string) => n.replace('— ', '—')],
    ['no blank line', (n: string) => n.replace('\n\n', '\n')],
    ['no final newline', (n: string) => n.slice(0, -1)],
    ['a trailing blank line', (n: string) => `${n}\n`],
    ['a carriage return', (n: string) => n.replace('\n\n', '\r\n\n')],
    ['a signature that is not base64', (n: string) => n.replace(/ \S+\n$/, ' !!!!\n')],
    ['a signature too short for a key id', (n: string) => n.replace(/ \S+\n$/, ' AAAA\n')],
    ['a name with a plus', (n: string) => n.replace('log.example/ledger ', 'log+example ')],
  ])('rejects %s', (_what, mangle) => {
    const note = signNote('hello\n', 'log.example/ledger', key)
    expect(code(() => openNote(mangle(note), [ed25519Verifier(vkey)]))).toBe('malformed-note')
  })

  it('refuses to sign text that is not newline-terminated or holds control characters', () => {
    expect(code(() => signNote('no newline', 'n', key))).toBe('malformed-note')
    expect(code(() => signNote('tab\there\n', 'n', key))).toBe('malformed-note')
    expect(code(() => signNote('hi\n', 'bad name', key))).toBe('malformed-key')
  })

  it('splits at the last blank line and caps the number of signatures', () => {
    const note = signNote('a\n\nb\n', 'log.example/ledger', key)
    expect(parseNote(note).text).toBe('a\n\nb\n')
    const line = note.split('\n').at(-2)!
    expect(code(() => parseNote(`a\n\n${`${line}\n`.repeat(101)}`))).toBe('malformed-note')
  })
})
