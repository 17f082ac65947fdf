import { describe, expect, it } from 'vitest'
import {
  createRulebookRegistry,
  evaluate,
  RulebookLoadError,
  resolveRulebookForDecision,
  validateRulebookDocument,
} from '../../src/rules'
import cn713 from '../../src/rules/rulebooks/cn-713.json'
import { DIRECTORY, eid, ORG, REGISTRY, Stream } from './support'

const overlay = (id: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id,
  version: 1,
  title: { zh: '测试地方规则', en: 'Test overlay' },
  jurisdiction: 'CN-TEST',
  effectiveFrom: '2021-01-01',
  extends: 'cn-713',
  source: { title: '某省重大行政决策程序规定', ref: '某省人民政府令第1号' },
  parameters,
  ...extra,
})
const p = (value: unknown, basis = 'local: 某省规定第十条') => ({ value, basis })

describe('shipped rulebooks', () => {
  it('load and list with their versions', () => {
    expect(REGISTRY.list().map((r) => `${r.id}@${r.version}`)).toEqual(['cn-713@1', 'cn-shanghai@1', 'cn-shenzhen@1'])
  })
  it('cn-713 has the national defaults, each with a basis', () => {
    const r = REGISTRY.resolve('cn-713', '2025-03-03')
    expect(r?.parameters).toMatchObject({
      commentMinDays: 30,
      hearingMaterialsMinDays: 7,
      hearingMandatoryOnVitalInterest: false,
      legalityReviewMinWorkingDays: 7,
      legalityReviewMaxWorkingDays: null,
      twoTierLegalityReview: false,
      allowedMeetingTypes: ['executive', 'plenary'],
      quorum: null,
      publishMaxWorkingDays: 20,
      requiredPublicationChannels: ['gazette', 'gov_website'],
      archiveMaxDays: null,
      postEvaluationAfterYears: null,
      lateRecordingWorkingDays: 5,
      timeZone: 'Asia/Shanghai',
      calendar: 'cn',
    })
    expect(r?.sources.commentMinDays).toEqual({
      basis: '713/15',
      note: expect.any(String),
      rulebook: { id: 'cn-713', version: 1 },
    })
    // rules.md §1's basis column: the parameters the national rule leaves to local rules say so.
    const basis = (k: keyof NonNullable<typeof r>['sources']) => r?.sources[k]?.basis
    expect(basis('legalityReviewMaxWorkingDays')).toBe('local')
    expect(basis('twoTierLegalityReview')).toBe('local (Shanghai, Tianjin)')
    expect(basis('quorum')).toBe('local')
    expect(basis('archiveMaxDays')).toBe('713/33; local')
    expect(basis('postEvaluationAfterYears')).toBe('713/36; local')
    expect(r?.checks).toHaveLength(50)
  })
  it('overlays inherit and cite their own source for what they change', () => {
    const sh = REGISTRY.resolve('cn-shanghai', '2025-03-03')
    expect(sh?.chain).toEqual([
      { id: 'cn-713', version: 1 },
      { id: 'cn-shanghai', version: 1 },
    ])
    expect(sh?.parameters.twoTierLegalityReview).toBe(true)
    expect(sh?.sources.twoTierLegalityReview.rulebook).toEqual({ id: 'cn-shanghai', version: 1 })
    expect(sh?.sources.commentMinDays.rulebook).toEqual({ id: 'cn-713', version: 1 })
    expect(REGISTRY.resolve('cn-shenzhen', '2025-03-03')?.parameters.archiveMaxDays).toBe(30)
  })
  it('a version applies from its effectiveFrom date in the rulebook time zone', () => {
    expect(REGISTRY.resolve('cn-shanghai', '2020-08-31')).toBeUndefined()
    expect(REGISTRY.resolve('cn-shanghai', '2020-08-31T15:59:59Z')).toBeUndefined()
    expect(REGISTRY.resolve('cn-shanghai', '2020-08-31T16:00:00Z')?.version).toBe(1)
    expect(REGISTRY.resolve('cn-713', '2019-08-31')).toBeUndefined()
  })
})

describe('versions', () => {
  const v2 = {
    ...cn713,
    version: 2,
    effectiveFrom: '2027-01-01',
    parameters: { ...cn713.parameters, commentMinDays: p(45, '713 (revised)') },
  }
  const registry = createRulebookRegistry([v2])
  it.each([
    ['2026-12-31', 1, 30],
    ['2026-12-31T15:59:00Z', 1, 30],
    ['2026-12-31T16:00:00Z', 2, 45],
    ['2027-06-01', 2, 45],
  ])('on %s → v%i', (date, version, days) => {
    const r = registry.resolve('cn-713', date)
    expect(r?.version).toBe(version)
    expect(r?.parameters.commentMinDays).toBe(days)
  })
  it('an overlay resolves against the parent version in force on the same date', () => {
    expect(registry.resolve('cn-shanghai', '2027-06-01')?.parameters.commentMinDays).toBe(45)
    expect(registry.resolve('cn-shanghai', '2026-06-01')?.parameters.commentMinDays).toBe(30)
  })
  it('merges each chain of versions in force once, and shares the result frozen', () => {
    const first = registry.resolve('cn-shanghai', '2027-06-01')
    expect(registry.resolve('cn-shanghai', '2027-07-01')).toBe(first)
    // Another parent version in force: another chain, another result.
    const earlier = registry.resolve('cn-shanghai', '2026-06-01')
    expect(earlier).not.toBe(first)
    expect(earlier?.parameters.commentMinDays).toBe(30)
    expect(Object.isFrozen(first?.parameters)).toBe(true)
    expect(Object.isFrozen(first?.chain[0])).toBe(true)
    expect(() => {
      ;(first as { parameters: { commentMinDays: number } }).parameters.commentMinDays = 1
    }).toThrow(TypeError)
    expect(registry.resolve('cn-shanghai', '2027-06-01')?.parameters.commentMinDays).toBe(45)
  })
  it('refuses a new parent version that an existing overlay would loosen', () => {
    const strict = createRulebookRegistry([overlay('cn-test', { commentMinDays: p(40) })])
    const r = validateRulebookDocument(v2, strict)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: 'parameters.commentMinDays', message: expect.stringContaining('would make cn-test v1 loosen it') },
      ])
  })
  it('refuses the same id and version with different content', () => {
    const r = validateRulebookDocument({ ...cn713, effectiveFrom: '2019-10-01' }, REGISTRY)
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['version'])
    expect(validateRulebookDocument(cn713, REGISTRY).ok).toBe(true)
  })
})

describe('overlays may tighten but never loosen (rules.md §1)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>?]>([
    ['a longer minimum comment period', { commentMinDays: p(45) }],
    ['a legality review cap where the parent had none', { legalityReviewMaxWorkingDays: p(15) }],
    ['a quorum where the parent had none', { quorum: p(0.5) }],
    ['fewer allowed meeting types', { allowedMeetingTypes: p(['executive']) }],
    ['an extra required channel', { requiredPublicationChannels: p(['gazette', 'gov_website', 'newspaper']) }],
    ['a shorter publication limit', { publishMaxWorkingDays: p(15) }],
    ['hearings mandatory on vital interests', { hearingMandatoryOnVitalInterest: p(true) }],
    ['a post-evaluation schedule', { postEvaluationAfterYears: p(2) }],
  ])('accepts %s', (_name, parameters, extra) => {
    const r = validateRulebookDocument(overlay('cn-test', parameters, extra), REGISTRY)
    expect(r.ok ? [] : r.errors).toEqual([])
  })

  it.each<[string, Record<string, unknown>, string, Record<string, unknown>?]>([
    ['a shorter minimum period', { commentMinDays: p(20) }, 'parameters.commentMinDays'],
    ['a shorter hearing notice', { hearingMaterialsMinDays: p(5) }, 'parameters.hearingMaterialsMinDays'],
    ['fewer review working days', { legalityReviewMinWorkingDays: p(5) }, 'parameters.legalityReviewMinWorkingDays'],
    ['a longer maximum', { publishMaxWorkingDays: p(30) }, 'parameters.publishMaxWorkingDays'],
    ['a cap removed', { publishMaxWorkingDays: p(null) }, 'parameters.publishMaxWorkingDays'],
    [
      'an added meeting type',
      { allowedMeetingTypes: p(['executive', 'plenary', 'mayor_office']) },
      'parameters.allowedMeetingTypes',
    ],
    [
      'a channel removed',
      { requiredPublicationChannels: p(['gov_website']) },
      'parameters.requiredPublicationChannels',
    ],
    ['a longer late-recording tolerance', { lateRecordingWorkingDays: p(10) }, 'parameters.lateRecordingWorkingDays'],
    ['a dropped mandatory check', {}, 'checks', { checks: ['hearing-missing'] }],
  ])('refuses %s, naming the field', (_name, parameters, path, extra) => {
    const r = validateRulebookDocument(overlay('cn-test', parameters, extra), REGISTRY)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual([path])
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['a looser quorum', { quorum: p(0.4) }, 'parameters.quorum'],
    ['a quorum removed', { quorum: p(null) }, 'parameters.quorum'],
    ['a longer review cap', { legalityReviewMaxWorkingDays: p(20) }, 'parameters.legalityReviewMaxWorkingDays'],
  ])('refuses %s against an overlay parent', (_name, parameters, path) => {
    const registry = createRulebookRegistry([
      overlay('cn-prov', { quorum: p(0.5), legalityReviewMaxWorkingDays: p(15) }),
    ])
    const r = validateRulebookDocument({ ...overlay('cn-city', parameters), extends: 'cn-prov' }, registry)
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual([path])
  })

  it('refuses turning off the Shanghai two-tier review in a district overlay', () => {
    const r = validateRulebookDocument(
      { ...overlay('cn-shanghai-district', { twoTierLegalityReview: p(false) }), extends: 'cn-shanghai' },
      REGISTRY,
    )
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors[0]).toEqual({
        path: 'parameters.twoTierLegalityReview',
        message: expect.stringContaining('cn-shanghai v1'),
      })
  })
})

describe('document validation', () => {
  it.each<[string, unknown, string]>([
    [
      'a parameter without its basis',
      overlay('cn-test', { commentMinDays: { value: 45 } }),
      'parameters.commentMinDays.basis',
    ],
    ['an unknown parameter', overlay('cn-test', { commentMaxDays: p(45) }), 'parameters'],
    ['an unknown parent', { ...overlay('cn-test', {}), extends: 'cn-nowhere' }, 'extends'],
    ['a bad date', { ...overlay('cn-test', {}), effectiveFrom: '2021-02-30' }, 'effectiveFrom'],
    ['an unknown time zone', overlay('cn-test', { timeZone: p('Mars/Olympus') }), 'parameters.timeZone.value'],
    ['an unknown check', overlay('cn-test', {}, { checks: ['not-a-check'] }), 'checks.0'],
    [
      'an overlay starting before its parent exists',
      { ...overlay('cn-test', {}), effectiveFrom: '2019-01-01' },
      'effectiveFrom',
    ],
  ])('names the field of %s', (_name, doc, path) => {
    const r = validateRulebookDocument(doc, REGISTRY)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path)
  })
  it('requires every parameter in a base rulebook', () => {
    const { commentMinDays: _dropped, ...rest } = cn713.parameters
    const r = validateRulebookDocument({ ...cn713, id: 'xx-base', parameters: rest }, REGISTRY)
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['parameters.commentMinDays'])
  })
})

describe('createRulebookRegistry(extra)', () => {
  it('loads extra documents in any order', () => {
    const child = { ...overlay('cn-city', { commentMinDays: p(40) }), extends: 'cn-prov' }
    const registry = createRulebookRegistry([child, overlay('cn-prov', { commentMinDays: p(35) })])
    expect(registry.resolve('cn-city', '2025-01-01')?.chain.map((c) => c.id)).toEqual(['cn-713', 'cn-prov', 'cn-city'])
    expect(registry.get('cn-city')?.versions).toHaveLength(1)
  })
  it('throws naming the document and the field', () => {
    let thrown: unknown
    try {
      createRulebookRegistry([overlay('cn-test', { commentMinDays: p(10) })])
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(RulebookLoadError)
    expect((thrown as RulebookLoadError).errors).toEqual([
      {
        document: 'cn-test v1',
        path: 'parameters.commentMinDays',
        message: expect.stringContaining('below the minimum 30'),
      },
    ])
  })
})

describe('overlays below a parent: the parent as resolved along the whole chain (rules.md §1)', () => {
  // cn-713 v2 (from 2027) raises commentMinDays to 45; cn-prov extends cn-713 without setting it.
  const v2 = {
    ...cn713,
    version: 2,
    effectiveFrom: '2027-01-01',
    parameters: { ...cn713.parameters, commentMinDays: p(45, '713 (revised)') },
  }
  const under = (
    id: string,
    ext: string,
    parameters: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    ...overlay(id, parameters, extra),
    extends: ext,
  })
  const prov = overlay('cn-prov', { quorum: p(0.5) })
  const city = (days: number, extra: Record<string, unknown> = {}) =>
    under('cn-city', 'cn-prov', { commentMinDays: p(days) }, extra)
  // A middle level that leaves commentMinDays to its ancestors.
  const cityQuorum = under('cn-city', 'cn-prov', { quorum: p(0.6) })
  const loadError = (docs: unknown[]): RulebookLoadError | undefined => {
    try {
      createRulebookRegistry(docs)
      return undefined
    } catch (e) {
      return e as RulebookLoadError
    }
  }
  it.each<[string, unknown[], string]>([
    ['a grandparent version loaded last', [prov, city(35), v2], 'cn-713 v2'],
    ['a grandparent version loaded first', [v2, prov, city(35)], 'cn-city v1'],
    [
      'three levels down, loaded last',
      [prov, cityQuorum, under('cn-county', 'cn-city', { commentMinDays: p(35) }), v2],
      'cn-713 v2',
    ],
    [
      'three levels down, loaded first',
      [v2, prov, cityQuorum, under('cn-county', 'cn-city', { commentMinDays: p(35) })],
      'cn-county v1',
    ],
  ])('refuses a descendant looser than its parent once an ancestor changes: %s', (_name, docs, document) => {
    const e = loadError(docs)
    expect(e).toBeInstanceOf(RulebookLoadError)
    expect(e?.errors.map((x) => [x.document, x.path])).toEqual([[document, 'parameters.commentMinDays']])
  })
  it('names the parent as resolved, and the ancestor that changed', () => {
    const strict = createRulebookRegistry([prov, city(35)])
    const r = validateRulebookDocument(v2, strict)
    expect(r.ok ? [] : r.errors).toEqual([
      {
        path: 'parameters.commentMinDays',
        message: 'would make cn-city v1 loosen cn-prov v1 on 2027-01-01 (over cn-713 v2): 35 vs 45',
      },
    ])
  })
  it.each<[string, unknown[]]>([
    ['a descendant as tight as the new ancestor version', [prov, city(45), v2]],
    ['a descendant tighter than it', [v2, prov, city(50)]],
    [
      'a descendant superseded by its own tighter version before the ancestor changes',
      [prov, city(35), { ...city(45), version: 2, effectiveFrom: '2026-01-01' }, v2],
    ],
  ])('accepts %s', (_name, docs) => {
    expect(loadError(docs)).toBeUndefined()
  })
  it('a new version of the middle overlay is checked against the descendants too', () => {
    const registry = createRulebookRegistry([prov, city(35)])
    const prov2 = { ...overlay('cn-prov', { commentMinDays: p(40) }), version: 2, effectiveFrom: '2026-01-01' }
    const r = validateRulebookDocument(prov2, registry)
    expect(r.ok ? [] : r.errors.map((e) => [e.path, e.message])).toEqual([
      ['parameters.commentMinDays', 'would make cn-city v1 loosen it: 35 vs 40'],
    ])
  })
})

describe('resolveRulebookForDecision: the initiation as corrected (rules.md §1, README principle 2)', () => {
  const initiation = {
    title: '关于生活垃圾分类的决策',
    organId: ORG.city,
    undertakingUnitId: ORG.unit,
    category: 'public_policy' as const,
    flags: {},
    rulebook: 'cn-713',
  }
  const AT = '2025-12-31T12:00:00+08:00'
  /** An initiation and, optionally, a correction of it recorded at `recordedAt`. */
  const stream = (corrected?: Record<string, unknown>, recordedAt = '2025-03-04T01:00:00.000Z') => {
    const s = new Stream()
    const initiated = s.add('DecisionInitiated', '2025-03-03T09:00:00+08:00', initiation)
    if (corrected)
      s.add(
        'EventCorrected',
        '2025-03-04T09:00:00+08:00',
        { correctsEventId: initiated, reason: '误选规则集', data: corrected } as never,
        { recordedAt },
      )
    return s
  }
  const chosen = (s: Stream, at?: { asOf: string; knownAt: string }) => {
    const c = resolveRulebookForDecision(REGISTRY, s.events, undefined, at)
    return c.ok ? c.rulebook.id : c.reason
  }
  it.each<[string, Stream, string, { asOf: string; knownAt: string }?]>([
    ['no correction: the rulebook named at initiation', stream(), 'cn-713'],
    ['a correction naming another rulebook', stream({ ...initiation, rulebook: 'cn-shenzhen' }), 'cn-shenzhen'],
    [
      'a correction recorded after knownAt is not yet known',
      stream({ ...initiation, rulebook: 'cn-shenzhen' }, '2025-06-01T00:00:00.000Z'),
      'cn-713',
      { asOf: AT, knownAt: '2025-05-01T00:00:00+08:00' },
    ],
    [
      'a correction known at knownAt',
      stream({ ...initiation, rulebook: 'cn-shenzhen' }, '2025-06-01T00:00:00.000Z'),
      'cn-shenzhen',
      { asOf: AT, knownAt: AT },
    ],
    [
      'a correction the engine cannot read is not applied',
      stream({ ...initiation, rulebook: 'cn-shenzhen', organId: 42 }),
      'cn-713',
    ],
    [
      'a correction naming an unknown rulebook is refused, naming the correction',
      stream({ ...initiation, rulebook: 'cn-nowhere' }),
      `unknown rulebook cn-nowhere (named by the correction ${eid(2)})`,
    ],
    ['a correction dropping the name: the default', stream({ ...initiation, rulebook: undefined }), 'cn-713'],
  ])('%s', (_name, s, expected, at) => {
    expect(chosen(s, at)).toBe(expected)
  })
  it('the report judged under the corrected initiation names its rulebook', () => {
    const s = stream({ ...initiation, rulebook: 'cn-shenzhen' })
    const choice = resolveRulebookForDecision(REGISTRY, s.events)
    if (!choice.ok) throw new Error(choice.reason)
    const r = evaluate({
      decisionId: s.decisionId,
      events: s.events,
      rulebook: choice.rulebook,
      directory: DIRECTORY,
      asOf: AT,
      knownAt: AT,
    })
    expect(r.corrections).toEqual([{ eventId: eid(1), correctedBy: eid(2), applied: true }])
    expect(r.rulebook.id).toBe('cn-shenzhen')
  })
})
