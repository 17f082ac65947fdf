// The compliance projection's `valid_until`: until then, evaluating the same events at any later
// instant gives the same status, obligations and findings (so a row not yet due for refresh is
// the answer as of now); with none, nothing ever changes by time alone. Checked on every demo
// decision at daily steps and the last millisecond before the bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complianceRowsFor } from '../../src/app/compliance-projection'
import type { DecisionState } from '../../src/domain/decision-state'
import { validUntil, writeComplianceIfCurrent } from '../../src/projections/compliance'
import type { ComplianceReport } from '../../src/rules'
import type { TestApp } from '../support/app'
import { seededApp } from './support'

let t: TestApp
beforeAll(async () => {
  t = await seededApp()
})
afterAll(() => t.close())

const DAY = 86_400_000

function samples(from: string, until: string | null): string[] {
  const start = Date.parse(from)
  const end = until === null ? start + 12 * 365 * DAY : Date.parse(until) - 1
  const out = [end]
  const step = Math.max(DAY, Math.floor((end - start) / 60))
  for (let at = start + 1; at < end; at += step) out.push(at)
  return out.map((ms) => new Date(ms).toISOString())
}

describe('valid_until bounds the status by time alone', () => {
  it('every demo decision evaluates the same at every instant before its bound', async () => {
    const rows = await t.deps.store.db.selectFrom('decision_compliance').selectAll().execute()
    expect(rows.some((r) => r.valid_until !== null)).toBe(true)
    for (const row of rows) {
      const head = await t.deps.store.readHead<DecisionState>(row.decision_id)
      const events = await t.deps.store.readStream(row.decision_id)
      if (!head) throw new Error('no head')
      const base = await complianceRowsFor(t.deps, head.state, events, row.evaluated_at)
      for (const at of samples(row.evaluated_at, row.valid_until)) {
        const later = await complianceRowsFor(t.deps, head.state, events, at)
        const what = `${row.decision_id} at ${at} (valid until ${row.valid_until})`
        // Everything stored but the instant of the evaluation and the bound it computed.
        const { evaluated_at: _e1, valid_until: _v1, ...laterRow } = later.row
        const { evaluated_at: _e2, valid_until: _v2, ...baseRow } = base.row
        expect(laterRow, what).toEqual(baseRow)
        expect(later.findings, what).toEqual(base.findings)
      }
    }
  })

  const report = (dueBy: string[]): ComplianceReport =>
    ({
      cycles: [
        { cycle: 1, obligations: dueBy.map((d) => ({ obligation: 'publication', state: 'pending', dueBy: d })) },
      ],
    }) as unknown as ComplianceReport

  it.each([
    ['no due date', [], null],
    ['a due date today: the next local midnight', ['2026-11-20'], '2026-11-20T16:00:00.000Z'],
    ['the earliest of several', ['2026-12-31', '2026-11-22'], '2026-11-22T16:00:00.000Z'],
    // A working-day deadline turns on the first working day after dueBy (rules.md §2): still
    // pending on the weekend after it, so looked at again each next day until it turns.
    ['still pending after its due date: the next local midnight', ['2026-11-19'], '2026-11-20T16:00:00.000Z'],
  ])('%s', (_name, dates, expected) => {
    expect(validUntil(report(dates), [], 'Asia/Shanghai', '2026-11-20T02:00:00.000Z')).toBe(expected)
  })

  it('a due date already passed and judged (missing or done) bounds nothing', () => {
    for (const state of ['missing', 'done']) {
      const judged = {
        cycles: [{ cycle: 1, obligations: [{ obligation: 'publication', state, dueBy: '2026-11-19' }] }],
      } as unknown as ComplianceReport
      expect(validUntil(judged, [], 'Asia/Shanghai', '2026-11-20T02:00:00.000Z'), state).toBeNull()
    }
  })

  it('an event recorded ahead of its occurredAt bounds it; so does a decisionDueBy', () => {
    const ev = (occurredAt: string, data: Record<string, unknown> = {}) =>
      ({ occurredAt, data }) as unknown as Parameters<typeof validUntil>[1][number]
    const asOf = '2026-11-20T02:00:00.000Z'
    expect(validUntil(report([]), [ev('2026-11-20T02:04:00Z')], 'Asia/Shanghai', asOf)).toBe('2026-11-20T02:04:00.000Z')
    expect(
      validUntil(report([]), [ev('2026-11-01T00:00:00Z', { decisionDueBy: '2026-11-21' })], 'Asia/Shanghai', asOf),
    ).toBe('2026-11-21T16:00:00.000Z')
    expect(validUntil(report(['2026-11-21']), [], 'Europe/Berlin', asOf)).toBe('2026-11-21T23:00:00.000Z')
  })
})

describe('a refresh outside an append', () => {
  it('writes nothing once the stream has moved past the version it evaluated', async () => {
    const db = t.deps.store.db
    const row = await db.selectFrom('decision_compliance').selectAll().limit(1).executeTakeFirstOrThrow()
    const before = await db
      .selectFrom('decision_findings')
      .selectAll()
      .where('decision_id', '=', row.decision_id)
      .orderBy('finding_id')
      .execute()
    const head = await t.deps.store.readHead<DecisionState>(row.decision_id)
    const events = await t.deps.store.readStream(row.decision_id)
    if (!head) throw new Error('no head')
    // Rows evaluated on an older version of the stream (as if an append landed meanwhile).
    const stale = await complianceRowsFor(t.deps, head.state, events.slice(0, -1), '2099-01-01T00:00:00.000Z')
    expect(stale.row.stream_version).toBe(row.stream_version - 1)
    await t.backend.atomic(writeComplianceIfCurrent(db, stale))
    expect(
      await db
        .selectFrom('decision_compliance')
        .selectAll()
        .where('decision_id', '=', row.decision_id)
        .executeTakeFirst(),
    ).toEqual(row)
    expect(
      await db
        .selectFrom('decision_findings')
        .selectAll()
        .where('decision_id', '=', row.decision_id)
        .orderBy('finding_id')
        .execute(),
    ).toEqual(before)
  })
})
