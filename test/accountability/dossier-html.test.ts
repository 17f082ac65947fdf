// The printable dossier (GET /v1/decisions/{id}/dossier?format=html) says, as the JSON report does,
// when working days were counted on weekends only for want of holiday data (rules.md §2).
import { describe, expect, it } from 'vitest'
import { type Dossier, renderDossier } from '../../src/accountability/dossier-html'
import type { ComplianceReport } from '../../src/rules'
import { meetingData, standard } from '../rules/standard'
import { DECISION_ID, ORG, run, Stream } from '../rules/support'

const dossierOf = (report: ComplianceReport): Dossier => ({
  generatedAt: '2027-02-01T00:00:00.000Z',
  decision: {
    decisionId: DECISION_ID,
    title: '关于调整城市公共交通票价的决策',
    organId: ORG.city,
    organName: undefined,
    undertakingUnitId: ORG.unit,
    undertakingUnitName: undefined,
  },
  report,
  timeline: [],
  trail: { decisionId: DECISION_ID, seriousErrors: [], corrections: [], people: [] },
  evidence: [],
  streamHead: { version: 2, hash: undefined },
  ledger: { unavailable: 'not sequenced' },
})

const page = async (report: ComplianceReport) => String(await renderDossier(dossierOf(report)))

describe('dossier page: the holiday calendar', () => {
  it('names the years counted on weekends only', async () => {
    // Decided 2026-12-21: the 20 working days to publish run into 2027, beyond the holiday data.
    const s = new Stream()
    s.add('DecisionInitiated', '2026-11-02T09:00:00+08:00', {
      title: '关于调整城市公共交通票价的决策',
      organId: ORG.city,
      undertakingUnitId: ORG.unit,
      category: 'public_policy',
      flags: {},
    })
    s.add('CollectiveDiscussionHeld', '2026-12-21T15:00:00+08:00', meetingData({ heldAt: '2026-12-21T15:00:00+08:00' }))
    const report = run(s, { asOf: '2027-02-01T00:00:00+08:00' })
    expect(report.calendar.fallbackYears).toEqual([2027])
    const html = await page(report)
    expect(html).toContain('2027 年无法定节假日数据')
    expect(html).toContain('No holiday data for 2027: working days counted on weekends only')
  })

  it('says nothing when every year counted had holiday data', async () => {
    const report = run(standard().stream)
    expect(report.calendar.fallbackYears).toEqual([])
    expect(await page(report)).not.toContain('No holiday data')
  })
})
