import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FINDING_CODES, FINDINGS, findingSpec, OBLIGATION_NAMES, OBLIGATIONS, obligationSpec } from '../../src/rules'
import { CHECKS } from '../../src/rules/checks'

const ARTICLE = /^(713\/\d+(\(\d+\))?|local|policy)$/

// The tables of the normative spec itself, so the catalogue cannot drift from them unnoticed.
const SPEC = readFileSync(resolve(process.cwd(), '../shared/spec/rules.md'), 'utf8')
const tableRows = (section: string): string[][] => {
  const start = SPEC.indexOf(`\n## ${section}`)
  const end = SPEC.indexOf('\n## ', start + 1)
  return SPEC.slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
}
const OBLIGATION_ROWS = tableRows('3. Obligations')
const FINDING_ROWS = tableRows('4. Findings')
const name = (cell: string | undefined) => (cell ?? '').replace(/`/g, '')

const CAPACITY: Record<string, string> = {
  'undertaking unit': 'undertaking_unit',
  'organ head': 'organ_head',
  'organ office': 'organ_office',
  'legality review body': 'legality_review_body',
  assessor: 'assessor',
  expert: 'expert',
  "recorder's organization": 'recorder_organization',
}

/**
 * The catalogue's single article agrees with the spec's basis column: the first article cited
 * (a paragraph the spec names must match; one it leaves out may be added) — "Art. 33; local"
 * and "Art. 39; policy" cite their article — or `local` / `policy` when the basis cites none.
 */
function articleAgrees(basis: string, article: string): boolean {
  const cited = /Arts?\. (\d+)(\(\d+\))?/.exec(basis)
  if (article === 'local' || article === 'policy') return !cited && basis.includes(article)
  if (!cited) return false
  const [, n, paragraph] = cited
  return paragraph ? article === `713/${n}${paragraph}` : article === `713/${n}` || article.startsWith(`713/${n}(`)
}

describe('catalogues', () => {
  it('list every finding code of rules.md §4 once, in its order, with a check each', () => {
    expect(FINDING_ROWS.map((r) => name(r[0]))).toEqual([...FINDING_CODES])
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
  it('list every obligation of rules.md §3, in its order, with its finding', () => {
    expect(OBLIGATION_ROWS.map((r) => name(r[0]))).toEqual([...OBLIGATION_NAMES])
    expect(OBLIGATIONS.map((o) => o.obligation)).toEqual([...OBLIGATION_NAMES])
    for (const o of OBLIGATIONS) {
      expect(o.article).toMatch(ARTICLE)
      expect(FINDING_CODES).toContain(o.findingCode)
    }
  })
  it.each(FINDING_ROWS.map((r) => [name(r[0]), r] as const))(
    '%s: severity, responsible and article as in rules.md §4',
    (code, [, severity, check, responsible, basis]) => {
      const spec = findingSpec(code as (typeof FINDING_CODES)[number])
      expect(spec.severity).toBe(severity?.split(' ')[0])
      expect(spec.responsible).toBe(CAPACITY[responsible ?? ''])
      expect(articleAgrees(basis ?? '', spec.article), `${spec.article} vs "${basis}"`).toBe(true)
      // "obligation `x` missing": the obligation's own finding is this code.
      const ob = /obligation `(\w+)`/.exec(check ?? '')?.[1]
      if (ob !== undefined) expect(obligationSpec(ob as (typeof OBLIGATION_NAMES)[number]).findingCode).toBe(code)
    },
  )
  it.each(OBLIGATION_ROWS.map((r) => [name(r[0]), r] as const))(
    '%s: article as in rules.md §3',
    (obligation, [, , , , basis]) => {
      const spec = obligationSpec(obligation as (typeof OBLIGATION_NAMES)[number])
      expect(articleAgrees(basis ?? '', spec.article), `${spec.article} vs "${basis}"`).toBe(true)
    },
  )
  it.each([
    ['public-participation-missing', 'blocking', '713/14'],
    ['comment-period-too-short', 'major', '713/15'],
    ['legality-review-time-too-short', 'major', '713/26(2)'],
    ['discussed-despite-unlawful-opinion', 'blocking', '713/25(2)'],
    ['overruled-majority-without-reasons', 'blocking', '713/30(2)'],
    ['late-recording', 'warning', '713/39'],
    ['classification-weakened-late', 'warning', '713/39'],
    ['quorum-not-met', 'major', 'local'],
  ])('%s is %s under %s', (code, severity, article) => {
    expect(FINDINGS.find((f) => f.code === code)).toMatchObject({ severity, article })
  })
})
