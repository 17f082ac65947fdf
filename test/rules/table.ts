// One row per case: given events → the findings (exactly) and, optionally, the detail, severity,
// responsible persons and an obligation's state.
import { expect } from 'vitest'
import type { ObligationName, ObligationState, Responsible, Severity } from '../../src/rules'
import { type StandardOptions, standard } from './standard'
import { codes, findingsOf, obligation, type RunOptions, run, type Stream } from './support'

export interface FindingCase {
  name: string
  /** A standard decision with these changes, or a stream built by hand. */
  given: StandardOptions | (() => Stream)
  run?: RunOptions
  /** Every finding code expected (default none); with `only: false`, just these must be among them. */
  codes: string[]
  only?: boolean
  /** Subset of the first finding of codes[0]. */
  detail?: Record<string, unknown>
  severity?: Severity
  /** The article the first finding of codes[0] cites. */
  article?: string
  responsible?: Partial<Responsible>
  obligation?: [ObligationName, ObligationState]
  status?: string
}

export function checkCase(c: FindingCase): void {
  const stream = typeof c.given === 'function' ? c.given() : standard(c.given).stream
  const r = run(stream, c.run)
  if (c.only === false) expect(codes(r)).toEqual(expect.arrayContaining(c.codes))
  else expect(codes(r)).toEqual([...c.codes].sort())
  const code = c.codes[0]
  const first = code === undefined ? undefined : findingsOf(r, code)[0]
  if (c.detail) expect(first?.detail).toMatchObject(c.detail)
  if (c.severity) expect(first?.severity).toBe(c.severity)
  if (c.article) expect(first?.article).toBe(c.article)
  if (c.responsible) expect(first?.responsible).toMatchObject(c.responsible)
  if (c.obligation) expect(obligation(r, c.obligation[0])?.state).toBe(c.obligation[1])
  if (c.status) expect(r.status).toBe(c.status)
}
