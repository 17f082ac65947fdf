// Secrets are compared in constant time (issue 9 item 3). Timing cannot be measured reliably in
// CI, so this checks the comparison path instead: every bearer check — right or wrong secret,
// issued token or the operator's own — ends in crypto.timingSafeEqual over two SHA-256 digests of
// equal length, so the time taken does not depend on how much of a guess was right. (The web
// sessions' ids and CSRF tokens go through the same function: src/web/session.ts safeEqual.)
import { beforeEach, describe, expect, it, vi } from 'vitest'

const calls: Array<[Buffer, Buffer]> = []
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>()
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)])
      return real.timingSafeEqual(a, b)
    },
  }
})

const { authenticate } = await import('../../src/app/tokens')
const { createJurisdiction } = await import('../http/support')
const { ADMIN } = await import('../support/app')

const j = await createJurisdiction()
const issued = j.secrets.inspector
const id = j.tokenIds.inspector

beforeEach(() => {
  calls.length = 0
})

const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1)

describe('bearer secrets are compared with timingSafeEqual over digests', () => {
  it.each([
    ['the right secret', issued, true],
    ['a secret wrong in its first character', flip(issued, `dt_${id}_`.length), false],
    ['a secret wrong in its last character', flip(issued, issued.length - 1), false],
    ['a secret of another length', `${issued}xyz`, false],
    ['the operator secret', ADMIN, true],
    ['a near-miss operator secret', flip(ADMIN, ADMIN.length - 1), false],
  ] as const)('%s', async (_name, bearer, ok) => {
    const result = authenticate(j.deps, bearer)
    if (ok) await expect(result).resolves.toMatchObject({ role: expect.any(String) })
    else await expect(result).rejects.toMatchObject({ code: 'token-invalid' })
    expect(calls.length).toBeGreaterThan(0)
    for (const [a, b] of calls) {
      expect(a.length).toBe(32) // a SHA-256 digest, whatever the length of the guess
      expect(b.length).toBe(32)
    }
  })
})
