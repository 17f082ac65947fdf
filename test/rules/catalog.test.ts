import { describe, expect, it } from 'vitest'
import { FINDING_CODES, FINDINGS, OBLIGATION_NAMES, OBLIGATIONS } from '../../src/rules'
import { CHECKS } from '../../src/rules/checks'

const ARTICLE = /^(713\/\d+(\(\d+\))?|local|policy)$/

describe('catalogues', () => {
  it('list every finding code of rules.md §4 once, with a check each', () => {
    expect(FINDINGS.map((f) => f.code)).toEqual([...FINDING_CODES])
    expect(new Set(FINDING_CODES).size).toBe(50)
    for (const code of FINDING_CODES) expect(typeof CHECKS[code]).toBe('function')
  })
  it('give each finding a severity, bilingual title, article and responsible capacity', () => {
    for (const f of FINDINGS) {
      expect(['blocking', 'major', 'minor', 'warning']).toContain(f.severity)
      expect(f.title.zh).toMatch(/\p{Script=Han}/u)
      expect(f.title.en.length).toBeGreaterThan(3)
      expect(f.article).toMatch(ARTICLE)
      expect(f.clause.length).toBeGreaterThan(5)
    }
  })
  it('list every obligation of rules.md §3 with its finding', () => {
    expect(OBLIGATIONS.map((o) => o.obligation)).toEqual([...OBLIGATION_NAMES])
    for (const o of OBLIGATIONS) {
      expect(o.article).toMatch(ARTICLE)
      expect(FINDING_CODES).toContain(o.findingCode)
    }
  })
  it.each([
    ['public-participation-missing', 'blocking', '713/14'],
    ['comment-period-too-short', 'major', '713/15'],
    ['legality-review-time-too-short', 'major', '713/26(2)'],
    ['discussed-despite-unlawful-opinion', 'blocking', '713/25(2)'],
    ['overruled-majority-without-reasons', 'blocking', '713/30(2)'],
    ['late-recording', 'warning', 'policy'],
    ['quorum-not-met', 'major', 'local'],
  ])('%s is %s under %s', (code, severity, article) => {
    expect(FINDINGS.find((f) => f.code === code)).toMatchObject({ severity, article })
  })
})
