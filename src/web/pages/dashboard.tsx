// The inspector dashboard: per organ and period of initiation, compliance rates per obligation
// and status counts (the organ report of app/reports.ts, the same as GET /v1/reports/compliance),
// findings by code over time and the worst decisions (from the projection's finding rows, each
// with when it became provable: app/reports.ts organFindings), as SVG charts with data tables;
// CSV export through the report's own CSV.

import type { Hono } from 'hono'
import { listDecisions } from '../../app/reads'
import { openOrganReport, organFindings, organReport, reportCsvChunks, textStream } from '../../app/reports'
import { DomainError } from '../../domain/errors'
import { FINDING_SEVERITIES } from '../../domain/events'
import { recordNonDisclosablePageReads, recordPageAccess } from '../access'
import { BarChart, Chart, DataTable, Heatmap, Legend } from '../charts'
import { actorOf, type PageCtx, type WebContext, type WebEnv } from '../context'
import { quarterOf } from '../format'
import { pick } from '../i18n'
import { Layout, StatusBadge } from '../layout'
import { findingInfo, labelOf, obligationInfo, SEVERITY_LABELS, STATUS_LABELS } from '../vocab'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const SEVERITIES = FINDING_SEVERITIES
const WEIGHT: Record<string, number> = { blocking: 8, major: 4, minor: 2, warning: 1 }
const SEV_FILL: Record<string, string> = { blocking: '#8c1d18', major: '#c0392b', minor: '#b86e00', warning: '#2f6cb0' }

const title = (code: string, p: PageCtx) => pick(findingInfo(code)?.title, p.lang, code)
const obligationTitle = (name: string, p: PageCtx) => pick(obligationInfo(name)?.title, p.lang, name)

/** Every quarter from the first to the last (a quarter without findings is a column of zeros). */
function quarterRange(sorted: string[]): string[] {
  const first = sorted[0]
  const last = sorted[sorted.length - 1]
  if (!first || !last) return []
  const out: string[] = []
  let [y, q] = [Number(first.slice(0, 4)), Number(first.slice(-1))]
  while (out.length < 200) {
    const key = `${y} Q${q}`
    out.push(key)
    if (key === last) break
    q = q === 4 ? 1 : q + 1
    if (q === 1) y++
  }
  return out
}

interface Query {
  organId: string | undefined
  from: string | undefined
  to: string | undefined
}

/** The organs with decisions the reader may see, most decisions first (the organ selector). */
async function organsOf(c: WebContext): Promise<Array<{ id: string; name: string; n: number }>> {
  const deps = c.get('deps')
  const rows = await listDecisions(deps, actorOf(c.get('web')), {}, undefined, 5000)
  const dir = await deps.directory.get(deps)
  const byOrgan = new Map<string, number>()
  for (const r of rows) byOrgan.set(r.organId, (byOrgan.get(r.organId) ?? 0) + 1)
  return [...byOrgan.entries()]
    .map(([id, n]) => ({ id, n, name: dir.orgName(id) ?? id }))
    .sort((a, b) => b.n - a.n || a.id.localeCompare(b.id))
}

/** The query string, cleaned (malformed values are dropped); no organ means the first of `organs`. */
async function resolveQuery(c: WebContext, organs: () => Promise<Array<{ id: string }>>): Promise<Query> {
  const v = (k: string, re: RegExp) => {
    const s = c.req.query(k)
    return s && re.test(s) ? s : undefined
  }
  return {
    organId: v('organId', /^org_[A-Za-z0-9_-]{1,120}$/) ?? (await organs())[0]?.id,
    from: v('from', DATE),
    to: v('to', DATE),
  }
}

function mayDashboard(p: PageCtx): void {
  if (p.user?.role !== 'inspector' && p.user?.role !== 'admin')
    throw new DomainError('forbidden', `Missing permission: read the dashboard (role ${p.user?.role ?? 'public'}).`)
}

interface Worst {
  decisionId: string
  title: string
  status: string
  score: number
  bySeverity: Record<string, number>
}

export function dashboardRoutes(web: Hono<WebEnv>): void {
  web.get('/dashboard', async (c) => {
    const p = c.get('web')
    if (!p.user) return c.redirect('/signin?next=/dashboard', 303)
    mayDashboard(p)
    const { t } = p
    const deps = c.get('deps')
    const actor = actorOf(p)
    const organs = await organsOf(c)
    const q = await resolveQuery(c, async () => organs)
    const report = q.organId
      ? await organReport(deps, actor, { organId: q.organId, from: q.from, to: q.to })
      : undefined

    // Findings over time and the worst decisions, from the projection's finding rows (each with
    // when it became provable), not by evaluating every decision of the organ afresh.
    const findings = report ? await organFindings(deps, actor, { organId: report.organId, from: q.from, to: q.to }) : []
    const listed = new Map((report?.decisions ?? []).map((d) => [d.decisionId, d]))
    const cells = new Map<string, number>()
    const quarters = new Set<string>()
    const codes = new Map<string, number>()
    const byDecision = new Map<string, Worst>()
    for (const f of findings) {
      const d = listed.get(f.decisionId)
      if (!d) continue
      const quarter = quarterOf(f.provenAt)
      quarters.add(quarter)
      cells.set(`${f.code}|${quarter}`, (cells.get(`${f.code}|${quarter}`) ?? 0) + 1)
      codes.set(f.code, (codes.get(f.code) ?? 0) + 1)
      if (f.status !== 'open') continue
      const w = byDecision.get(d.decisionId) ?? {
        decisionId: d.decisionId,
        title: d.title,
        status: d.status,
        score: 0,
        bySeverity: {},
      }
      byDecision.set(d.decisionId, w)
      w.score += WEIGHT[f.severity] ?? 0
      w.bySeverity[f.severity] = (w.bySeverity[f.severity] ?? 0) + 1
    }
    // In the report's order before sorting, so ties keep the order they always had.
    const worst = (report?.decisions ?? []).flatMap((d) => {
      const w = byDecision.get(d.decisionId)
      return w && w.score > 0 ? [w] : []
    })
    worst.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    const top = worst.slice(0, 10)
    // Logged before the page is built, as GET /v1/reports/compliance logs the organ report; the
    // worst decisions are shown with their findings, so each non-disclosable one is a read too.
    if (report) {
      await recordPageAccess(c, [{ kind: 'report', subject: report.organId }])
      const shown = top.map((w) => w.decisionId)
      await recordNonDisclosablePageReads(c, shown)
    }
    const cols = quarterRange([...quarters].sort())
    const codeRows = [...codes.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code]) => ({ key: code, label: title(code, p) }))
    const rates = (report?.obligations ?? []).filter((o) => o.done + o.missing > 0)
    const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
    const csvHref = `/dashboard.csv?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]))}`
    const statuses = ['noncompliant', 'in_progress', 'compliant']

    return c.html(
      <Layout p={p} title={t('dashboardTitle')} nav="dashboard">
        <h1>{t('dashboardTitle')}</h1>
        <p>{t('dashboardIntro')}</p>
        <form method="get" action="/dashboard" class="filters">
          <div>
            <label for="d-organ">{t('organ')}</label>
            <select id="d-organ" name="organId">
              {organs.map((o) => (
                <option value={o.id} selected={o.id === q.organId}>
                  {o.name} ({o.n})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="d-from">{t('from')}</label>
            <input type="date" id="d-from" name="from" value={q.from ?? ''} />
          </div>
          <div>
            <label for="d-to">{t('to')}</label>
            <input type="date" id="d-to" name="to" value={q.to ?? ''} />
          </div>
          <div class="actions" style="margin:0">
            <button type="submit" class="primary">
              {t('filter')}
            </button>
            <a class="button secondary" href={csvHref} download>
              {t('exportCsv')}
            </a>
          </div>
        </form>
        {!report || report.decisionCount === 0 ? (
          <p>{t('noData')}</p>
        ) : (
          <>
            <h2>
              {report.organName} · {t('statusChartTitle')} ({report.decisionCount})
            </h2>
            <ul class="counts">
              {statuses.map((s) => (
                <li>
                  <a
                    href={`/decisions?organId=${report.organId}&status=${s}${q.from ? `&from=${q.from}` : ''}${q.to ? `&to=${q.to}` : ''}`}
                  >
                    <StatusBadge p={p} status={s} /> <strong>{report.statusCounts[s] ?? 0}</strong>
                  </a>
                </li>
              ))}
            </ul>
            <div class="grid2">
              <section aria-labelledby="rates-h">
                <h2 id="rates-h">{t('ratesTitle')}</h2>
                <Chart caption={t('ratesDesc')}>
                  <BarChart
                    id="rates"
                    title={t('ratesTitle')}
                    desc={t('ratesDesc')}
                    max={1}
                    rows={rates.map((o) => ({
                      label: obligationTitle(o.obligation, p),
                      text: `${pct(o.completionRate)} (${o.done}/${o.done + o.missing})`,
                      segments: [{ value: o.completionRate ?? 0, fill: '#0a58a8', label: t('rate') }],
                    }))}
                  />
                </Chart>
                <DataTable summary={t('dataTable')} id="rates-table" caption={t('ratesTitle')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('obligation')}</th>
                      <th scope="col" class="num">
                        {t('doneN')}
                      </th>
                      <th scope="col" class="num">
                        {t('missingN')}
                      </th>
                      <th scope="col" class="num">
                        {t('pendingN')}
                      </th>
                      <th scope="col" class="num">
                        {t('rate')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.obligations.map((o) => (
                      <tr>
                        <th scope="row">{obligationTitle(o.obligation, p)}</th>
                        <td class="num">{o.done}</td>
                        <td class="num">{o.missing}</td>
                        <td class="num">{o.pending}</td>
                        <td class="num">{pct(o.completionRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </DataTable>
              </section>
              <section aria-labelledby="worst-h">
                <h2 id="worst-h">{t('worstTitle')}</h2>
                <Legend
                  items={SEVERITIES.map((s) => ({
                    fill: SEV_FILL[s] ?? '',
                    label: labelOf(SEVERITY_LABELS, s, p.lang),
                  }))}
                />
                <Chart caption={t('worstDesc')}>
                  <BarChart
                    id="worst"
                    title={t('worstTitle')}
                    desc={t('worstDesc')}
                    max={Math.max(1, ...top.map((w) => w.score))}
                    rows={top.map((w) => ({
                      label: w.title.length > 26 ? `${w.title.slice(0, 25)}…` : w.title,
                      href: `/decisions/${w.decisionId}`,
                      text: String(w.score),
                      segments: SEVERITIES.map((s) => ({
                        value: (w.bySeverity[s] ?? 0) * (WEIGHT[s] ?? 0),
                        fill: SEV_FILL[s] ?? '',
                        label: labelOf(SEVERITY_LABELS, s, p.lang),
                      })),
                    }))}
                  />
                </Chart>
                <DataTable summary={t('dataTable')} id="worst-table" caption={t('worstTitle')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('decision')}</th>
                      <th scope="col">{t('status')}</th>
                      {SEVERITIES.map((s) => (
                        <th scope="col" class="num">
                          {labelOf(SEVERITY_LABELS, s, p.lang)}
                        </th>
                      ))}
                      <th scope="col" class="num">
                        {t('score')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {top.map((w) => (
                      <tr>
                        <th scope="row">
                          <a href={`/decisions/${w.decisionId}`}>{w.title}</a>
                        </th>
                        <td>{labelOf(STATUS_LABELS, w.status, p.lang)}</td>
                        {SEVERITIES.map((s) => (
                          <td class="num">{w.bySeverity[s] ?? 0}</td>
                        ))}
                        <td class="num">{w.score}</td>
                      </tr>
                    ))}
                  </tbody>
                </DataTable>
              </section>
            </div>
            <section aria-labelledby="time-h">
              <h2 id="time-h">{t('findingsOverTime')}</h2>
              {codeRows.length === 0 ? (
                <p>{t('noFindings')}</p>
              ) : (
                <>
                  <Chart caption={t('findingsOverTimeDesc')} wide>
                    <Heatmap
                      id="time"
                      title={t('findingsOverTime')}
                      desc={t('findingsOverTimeDesc')}
                      rows={codeRows}
                      cols={cols}
                      count={(r, col) => cells.get(`${r}|${col}`) ?? 0}
                    />
                  </Chart>
                  <DataTable summary={t('dataTable')} id="time-table" caption={t('findingsOverTime')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('code')}</th>
                        {cols.map((col) => (
                          <th scope="col" class="num">
                            {col}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {codeRows.map((r) => (
                        <tr>
                          <th scope="row">
                            {r.label} <span class="mono muted">{r.key}</span>
                          </th>
                          {cols.map((col) => (
                            <td class="num">{cells.get(`${r.key}|${col}`) ?? 0}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </DataTable>
                </>
              )}
            </section>
          </>
        )}
      </Layout>,
    )
  })

  web.get('/dashboard.csv', async (c) => {
    const p = c.get('web')
    if (!p.user) return c.redirect('/signin?next=/dashboard', 303)
    mayDashboard(p)
    const q = await resolveQuery(c, () => organsOf(c))
    if (!q.organId) throw new DomainError('not-found', 'No decision organ to report on.')
    // Streamed as the API streams it: an organ may have 100,000 decisions.
    const report = await openOrganReport(c.get('deps'), actorOf(p), { organId: q.organId, from: q.from, to: q.to })
    const { head } = report
    await recordPageAccess(c, [{ kind: 'report', subject: head.organId }])
    const name = ['compliance', head.organId, head.from, head.to].filter(Boolean).join('-')
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`)
    return c.body(textStream(reportCsvChunks(report)))
  })
}
