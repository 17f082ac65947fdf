// The decisions list: what the signed-in actor may read (the API's listDecisions), with filters
// by organ, unit, status, period and text, counts by status and cursor pagination.
import type { Hono } from 'hono'
import { complianceReport } from '../../app/compliance'
import { listOrganizations } from '../../app/directory'
import { type DecisionListItem, listDecisions } from '../../app/reads'
import type { Actor } from '../../domain/envelope'
import { DomainError } from '../../domain/errors'
import { recordPageAccess, shownRows } from '../access'
import { actorOf, type PageCtx, type WebContext, type WebEnv } from '../context'
import { fmtDate, fmtTime } from '../format'
import { Layout, StatusBadge } from '../layout'
import { CATEGORY_LABELS, labelOf, OUTCOME_LABELS, PHASE_LABELS, STATUS_LABELS } from '../vocab'

const STATUSES = ['noncompliant', 'in_progress', 'compliant'] as const
const DATE = /^\d{4}-\d{2}-\d{2}$/
const MAX_COUNTED = 5000

export interface ListQuery {
  organId?: string | undefined
  undertakingUnitId?: string | undefined
  status?: string | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
}

/** The query string, cleaned: unknown or malformed values are dropped, not errors. */
export function readListQuery(c: WebContext): ListQuery {
  const v = (k: string, re?: RegExp) => {
    const s = c.req.query(k)?.trim()
    return s && s.length <= 200 && (!re || re.test(s)) ? s : undefined
  }
  return {
    organId: v('organId', /^org_[A-Za-z0-9_-]+$/),
    undertakingUnitId: v('undertakingUnitId', /^org_[A-Za-z0-9_-]+$/),
    status: v('status', /^(compliant|noncompliant|in_progress)$/),
    from: v('from', DATE),
    to: v('to', DATE),
    q: v('q'),
  }
}

export const encodeCursor = (row: { initiatedDate: string; decisionId: string }) =>
  Buffer.from(JSON.stringify({ date: row.initiatedDate, id: row.decisionId })).toString('base64url')

export function decodeCursor(v: string | undefined): { date: string; id: string } | undefined {
  if (!v) return undefined
  try {
    const o = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as { date?: unknown; id?: unknown }
    return typeof o.date === 'string' && typeof o.id === 'string' ? { date: o.date, id: o.id } : undefined
  } catch {
    return undefined
  }
}

/** The projected status, or (for rows the projection has not evaluated) the engine's answer. */
export async function statusOf(c: WebContext, actor: Actor, row: DecisionListItem): Promise<string | null> {
  if (row.status) return row.status
  try {
    return (await complianceReport(c.get('deps'), actor, row.decisionId)).status
  } catch (err) {
    if (err instanceof DomainError) return null
    throw err
  }
}

const qs = (q: ListQuery, extra: Record<string, string | undefined> = {}) => {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (v) u.set(k, v)
  const s = u.toString()
  return s ? `?${s}` : ''
}

function Filters(props: { p: PageCtx; q: ListQuery; orgs: Array<{ id: string; name: string }> }) {
  const { p, q, orgs } = props
  const { t } = p
  const orgSelect = (name: 'organId' | 'undertakingUnitId', label: string) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">{t('all')}</option>
        {orgs.map((o) => (
          <option value={o.id} selected={q[name] === o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <form method="get" action="/decisions" class="filters">
      {orgSelect('organId', t('organ'))}
      {orgSelect('undertakingUnitId', t('unit'))}
      <div>
        <label for="f-status">{t('status')}</label>
        <select id="f-status" name="status">
          <option value="">{t('all')}</option>
          {STATUSES.map((s) => (
            <option value={s} selected={q.status === s}>
              {labelOf(STATUS_LABELS, s, p.lang)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-from">{t('from')}</label>
        <input type="date" id="f-from" name="from" value={q.from ?? ''} />
      </div>
      <div>
        <label for="f-to">{t('to')}</label>
        <input type="date" id="f-to" name="to" value={q.to ?? ''} />
      </div>
      <div>
        <label for="f-q">{t('text')}</label>
        <input type="search" id="f-q" name="q" value={q.q ?? ''} placeholder={t('textHint')} />
      </div>
      <div class="actions" style="margin:0">
        <button type="submit" class="primary">
          {t('filter')}
        </button>
        <a class="button secondary" href="/decisions">
          {t('reset')}
        </a>
      </div>
    </form>
  )
}

export function DecisionCard(props: {
  p: PageCtx
  row: DecisionListItem
  status: string | null
  orgName: (id: string) => string
  href: string
}) {
  const { p, row } = props
  const { t } = p
  return (
    <li>
      <h2>
        <a href={props.href}>{row.title}</a> <StatusBadge p={p} status={props.status} />
      </h2>
      <ul class="meta">
        <li>
          {t('organ')}: {props.orgName(row.organId)}
        </li>
        <li>
          {t('unit')}: {props.orgName(row.undertakingUnitId)}
        </li>
        <li>
          {t('initiated')}: {fmtDate(row.initiatedAt)}
        </li>
        <li>
          {t('phase')}: {labelOf(PHASE_LABELS, row.phase, p.lang)}
          {row.outcome ? ` · ${labelOf(OUTCOME_LABELS, row.outcome, p.lang)}` : ''}
        </li>
        <li>{labelOf(CATEGORY_LABELS, row.category, p.lang)}</li>
        {row.nonDisclosable ? <li>{t('nonDisclosable')}</li> : null}
        <li>
          {t('lastRecorded')}: {fmtTime(row.lastRecordedAt)}
        </li>
      </ul>
    </li>
  )
}

export function decisionListRoutes(web: Hono<WebEnv>): void {
  web.get('/decisions', async (c) => {
    const p = c.get('web')
    if (!p.user) return c.redirect('/signin?next=/decisions', 303)
    const deps = c.get('deps')
    const actor = actorOf(p)
    const q = readListQuery(c)
    const limit = Math.min(Math.max(Number(c.req.query('limit')) || 20, 1), 100)
    const cursor = decodeCursor(c.req.query('cursor'))
    const { status, ...base } = q
    const everything = await listDecisions(deps, actor, base, undefined, MAX_COUNTED)
    const statuses = new Map<string, string | null>()
    for (const row of everything) statuses.set(row.decisionId, await statusOf(c, actor, row))
    const counts = new Map<string, number>()
    for (const s of statuses.values()) counts.set(s ?? 'unknown', (counts.get(s ?? 'unknown') ?? 0) + 1)
    const matching = everything.filter((r) => !status || statuses.get(r.decisionId) === status)
    const start = cursor
      ? matching.findIndex(
          (r) => r.initiatedDate < cursor.date || (r.initiatedDate === cursor.date && r.decisionId < cursor.id),
        )
      : 0
    const pageRows = start < 0 ? [] : matching.slice(start, start + limit)
    // The rows shown (not the ones only counted), as GET /v1/decisions logs the rows of its page.
    await recordPageAccess(c, shownRows(pageRows))
    const last = pageRows[pageRows.length - 1]
    const more = start >= 0 && start + limit < matching.length
    const orgs = (await listOrganizations(deps, undefined, 1000)).map((o) => ({ id: o.id, name: o.name }))
    const dir = await deps.directory.get(deps)
    const orgName = (id: string) => dir.orgName(id) ?? id
    const { t } = p
    return c.html(
      <Layout p={p} title={t('navDecisions')} nav="decisions">
        <h1>{t('navDecisions')}</h1>
        <Filters p={p} q={q} orgs={orgs} />
        <h2 class="small" id="counts-h" style="border:0;margin-bottom:0">
          {t('countsTitle')}
        </h2>
        <ul class="counts" aria-labelledby="counts-h">
          <li>
            <a href={`/decisions${qs(base)}`} aria-current={!status ? 'true' : undefined}>
              {t('total')}: <strong>{everything.length}</strong>
            </a>
          </li>
          {STATUSES.map((s) => (
            <li>
              <a href={`/decisions${qs(base, { status: s })}`} aria-current={status === s ? 'true' : undefined}>
                <StatusBadge p={p} status={s} /> <strong>{counts.get(s) ?? 0}</strong>
              </a>
            </li>
          ))}
        </ul>
        <p role="status">
          {matching.length} {t('results')}
        </p>
        {pageRows.length === 0 ? (
          <p>{t('noDecisions')}</p>
        ) : (
          <ul class="cards" id="decision-list">
            {pageRows.map((row) => (
              <DecisionCard
                p={p}
                row={row}
                status={statuses.get(row.decisionId) ?? null}
                orgName={orgName}
                href={`/decisions/${row.decisionId}`}
              />
            ))}
          </ul>
        )}
        <nav class="actions" aria-label={t('nextPage')}>
          {cursor ? (
            <a class="button secondary" href={`/decisions${qs(q)}`}>
              {t('firstPage')}
            </a>
          ) : null}
          {more && last ? (
            <a
              class="button secondary"
              rel="next"
              href={`/decisions${qs(q, { cursor: encodeCursor(last), limit: c.req.query('limit') })}`}
            >
              {t('nextPage')}
            </a>
          ) : null}
        </nav>
      </Layout>,
    )
  })
}
