// The Workers entry's start-up failures (src/worker.ts), run in Node with stand-in bindings: a
// deployment mistake is answered with what to fix; an internal error is logged, never answered.
// The Worker itself runs on workerd with local D1 in CI (.ci/run replays every scenario on it).
import { describe, expect, it, vi } from 'vitest'
import worker, { type WorkerEnv } from '../../src/worker'

const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} }
const call = (env: Partial<WorkerEnv>) =>
  worker.fetch(new Request('http://worker.test/readyz'), env as WorkerEnv, ctx as never)

describe('worker start-up', () => {
  it('names the missing LEDGER_SIGNING_KEY secret in a 503 problem', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await call({ DB: {} as never })
    logged.mockRestore()
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('not-ready')
    expect(body.detail).toMatch(/LEDGER_SIGNING_KEY is not set/)
  })

  it('answers a database failure with a generic 503 and keeps its message in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const db = {
      prepare: () => {
        throw new Error('D1_ERROR: internal detail that must not leak')
      },
    }
    const res = await call({ DB: db as never, LEDGER_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64') })
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(text).not.toContain('internal detail')
    expect(JSON.parse(text).detail).toMatch(/see the Worker log/)
    expect(String(logged.mock.calls.flat().map(String))).toContain('internal detail that must not leak')
    logged.mockRestore()
  })
})
