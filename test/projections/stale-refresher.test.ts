// The background refresher: once started, rows whose deadline has passed are re-evaluated without
// any read asking for them; a look with nothing due writes nothing; a failure is logged, not thrown.
import { describe, expect, it } from 'vitest'
import { StaleRefresher } from '../../src/app/stale-refresher'
import { seededApp } from './support'

const LATER = '2031-06-01T00:00:00.000Z'

describe('StaleRefresher', () => {
  it('re-evaluates every row whose deadline has passed, and nothing when none has', async () => {
    const t = await seededApp()
    const lines: string[] = []
    const refresher = new StaleRefresher(t.deps, (level, m) => lines.push(`${level} ${m}`))
    try {
      const { db } = t.deps.store
      const rows = async () =>
        db.selectFrom('decision_compliance').select(['decision_id', 'evaluated_at', 'valid_until']).execute()
      expect(await refresher.tick()).toBe(0)
      const before = await rows()
      const due = before.filter((r) => r.valid_until !== null && r.valid_until <= LATER)
      expect(due.length).toBeGreaterThan(0)

      t.clock.set(LATER)
      expect(await refresher.tick()).toBe(due.length)
      const after = await rows()
      for (const r of after) {
        const wasDue = due.some((d) => d.decision_id === r.decision_id)
        expect(r.evaluated_at === LATER, r.decision_id).toBe(wasDue)
        if (wasDue) expect(r.valid_until === null || r.valid_until > LATER).toBe(true)
      }
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`^info compliance: ${due.length} decisions re-evaluated`)),
      ])
      expect(await refresher.tick()).toBe(0)
    } finally {
      await refresher.stop()
      await t.close()
    }
  })

  it('looks on its own once started, and no more once stopped', async () => {
    const t = await seededApp()
    const refresher = new StaleRefresher(t.deps, () => undefined, 20)
    try {
      t.clock.set(LATER)
      refresher.start()
      const stale = () =>
        t.deps.store.db
          .selectFrom('decision_compliance')
          .select('decision_id')
          .where('valid_until', '<=', LATER)
          .execute()
      for (let i = 0; i < 200 && (await stale()).length > 0; i++) await new Promise((r) => setTimeout(r, 25))
      expect(await stale()).toEqual([])
      await refresher.stop()
      await t.deps.store.db
        .updateTable('decision_compliance')
        .set({ valid_until: '2000-01-01T00:00:00.000Z' })
        .execute()
      await new Promise((r) => setTimeout(r, 100))
      expect((await stale()).length).toBeGreaterThan(0)
    } finally {
      await refresher.stop()
      await t.close()
    }
  })

  it('logs a failure and keeps going', async () => {
    const t = await seededApp()
    const lines: string[] = []
    const broken = {
      ...t.deps,
      clock: () => {
        throw new Error('clock unavailable')
      },
    }
    const refresher = new StaleRefresher(broken, (level, m) => lines.push(`${level} ${m}`))
    try {
      expect(await refresher.tick()).toBe(0)
      expect(lines).toEqual(['error compliance: refreshing stale rows failed: clock unavailable'])
    } finally {
      await t.close()
    }
  })
})
