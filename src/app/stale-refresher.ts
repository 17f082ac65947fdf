// Keeps the compliance projection current while the server runs: a status can change with no new
// event (a deadline passes), and reads refresh the rows in their scope first (refreshStale), so
// without this the first organ report after a night of passed deadlines would pay for all of them
// (161 s for 69,268 decisions in the benchmark). The refresher looks once a minute, with one
// indexed query, for a row whose `valid_until` has passed, and refreshes every such row in the
// background; reads then find little or nothing left to do. A read that arrives during a refresh
// shares it (refreshStale deduplicates per decision). Failures are logged and retried at the next
// look; nothing here can stop the server.
import { refreshStale } from './compliance-projection'
import type { AppDeps } from './deps'

/** How often the refresher looks for rows whose deadline has passed. */
export const STALE_CHECK_INTERVAL_MS = 60_000

export type RefresherLog = (level: 'info' | 'error', message: string) => void

export class StaleRefresher {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<number> | undefined
  private stopped = true

  constructor(
    private readonly deps: AppDeps,
    private readonly log: RefresherLog = () => undefined,
    private readonly intervalMs = STALE_CHECK_INTERVAL_MS,
  ) {}

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  /** Stops looking and waits for a refresh under way to finish its writes. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.running?.catch(() => undefined)
  }

  /**
   * One look: refreshes every row whose `valid_until` has passed, if there is one. Returns how
   * many were refreshed. Never throws (a failure is logged; the next look tries again).
   */
  async tick(): Promise<number> {
    if (this.running) return this.running
    this.running = this.refresh().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async refresh(): Promise<number> {
    try {
      const now = this.deps.clock().toISOString()
      const due = await this.deps.store.db
        .selectFrom('decision_compliance')
        .select('decision_id')
        .where('valid_until', 'is not', null)
        .where('valid_until', '<=', now)
        .limit(1)
        .executeTakeFirst()
      if (!due) return 0
      const started = Date.now()
      const n = await refreshStale(this.deps)
      if (n > 0)
        this.log('info', `compliance: ${n} decisions re-evaluated as deadlines passed (${Date.now() - started} ms)`)
      return n
    } catch (e) {
      this.log('error', `compliance: refreshing stale rows failed: ${e instanceof Error ? e.message : String(e)}`)
      return 0
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.tick().then(() => this.schedule(this.intervalMs))
    }, delay)
    this.timer.unref?.()
  }
}
