// Configuration from the environment (src/config.ts): PG_PREPARE, read as the other switches are.
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config'

describe('PG_PREPARE', () => {
  it('is on unless switched off', () => {
    expect(readConfig({}).pgPrepare).toBe(true)
    for (const on of ['1', 'true', 'yes']) expect(readConfig({ PG_PREPARE: on }).pgPrepare).toBe(true)
    for (const off of ['0', 'false', 'no']) expect(readConfig({ PG_PREPARE: off }).pgPrepare).toBe(false)
  })

  it('refuses any other value, naming the variable', () => {
    expect(() => readConfig({ PG_PREPARE: 'maybe' })).toThrow(/PG_PREPARE/)
  })
})
