import { describe, expect, it } from 'vitest'
import { ALL_FLAGS, standard } from './standard'
import { codes, run } from './support'

describe('standard decision', () => {
  it('is compliant with no flags', () => {
    const r = run(standard().stream)
    expect(codes(r)).toEqual([])
    expect(r.status).toBe('compliant')
  })
  it('is compliant with every flag', () => {
    const r = run(standard({ flags: ALL_FLAGS }).stream)
    expect(codes(r)).toEqual([])
    expect(r.status).toBe('compliant')
  })
})
