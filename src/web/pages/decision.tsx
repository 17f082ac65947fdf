// The decision page: facts, findings (severity, article, bilingual title, proving events), the
// obligations checklist per cycle, the timeline, the accountability trail and evidence hashes.
// Everything comes from the use cases called with the signed-in actor (dossier() checks read
// access exactly as the API does).
import type { Hono } from 'hono'
import { renderDossier } from '../../accountability/dossier-html'
import { dossier } from '../../app/accountability'
import { loadReadable } from '../../app/decisions'
import type { DecisionState } from '../../domain/decision-state'
import type { Finding } from '../../rules'
import { recordPageAccess } from '../access'
import { actorOf, type PageCtx, type WebEnv } from '../context'
import { articleText, fmtDate, fmtTime } from '../format'
import { FORMS_BY_ROLE } from '../forms/spec'
import { Bi, Layout, Notice, SeverityBadge, StateBadge, StatusBadge } from '../layout'
import {
  CAPACITY_LABELS,
  CATEGORY_LABELS,
  FLAG_LABELS,
  findingInfo,
  findingTitle,
  LIABILITY_LABELS,
  labelOf,
  OUTCOME_LABELS,
  obligationInfo,
  PHASE_LABELS,
  STANCE_LABELS,
} from '../vocab'
import { eventLabel, slug, Timeline } from './timeline'

type Dossier = Awaited<ReturnType<typeof dossier>>
type Names = { person: (id: string) => string | undefined; org: (id: string) => string | undefined }

export function Article(props: { p: PageCtx; article: string }) {
  return (
    <>
      {articleText(props.article, props.p.lang)} <span class="mono muted nowrap">{props.article}</span>
    </>
  )
}

function Facts(props: { p: PageCtx; s: DecisionState; d: Dossier; names: Names }) {
  const { p, s, d, names } = props
  const { t } = p
  const flags = Object.entries(s.flags).filter(([, on]) => on)
  return (
    <dl class="facts">
      <dt>{t('decisionId')}</dt>
      <dd class="mono">{s.decisionId}</dd>
      <dt>{t('organ')}</dt>
      <dd>{names.org(s.organId) ?? s.organId}</dd>
      <dt>{t('unit')}</dt>
      <dd>
        {names.org(s.undertakingUnitId) ?? s.undertakingUnitId}
        {s.coUnitIds.length ? ` （${t('coUnits')}: ${s.coUnitIds.map((id) => names.org(id) ?? id).join('、')}）` : ''}
      </dd>
      <dt>{t('category')}</dt>
      <dd>{labelOf(CATEGORY_LABELS, s.category, p.lang)}</dd>
      <dt>{t('phase')}</dt>
      <dd>
        {labelOf(PHASE_LABELS, s.phase, p.lang)}
        {s.outcome ? ` · ${t('outcome')}: ${labelOf(OUTCOME_LABELS, s.outcome, p.lang)}` : ''} · {t('cycle')} {s.cycle}
        {s.published ? ` · ${t('published')} ${fmtDate(s.publishedAt)}` : ''}
      </dd>
      {s.decisionDueBy ? (
        <>
          <dt>{t('dueBy')}</dt>
          <dd>{s.decisionDueBy}</dd>
        </>
      ) : null}
      <dt>{t('rulebook')}</dt>
      <dd>
        {d.report.rulebook.id} v{d.report.rulebook.version} · {t('asOfNow')} {fmtTime(d.report.asOf)}
      </dd>
      <dt>{t('flags')}</dt>
      <dd>
        {flags.length ? (
          <ul class="flags">
            {flags.map(([k]) => (
              <li>{labelOf(FLAG_LABELS, k, p.lang)}</li>
            ))}
          </ul>
        ) : (
          t('none')
        )}
      </dd>
    </dl>
  )
}

function FindingItem(props: {
  p: PageCtx
  f: Finding
  names: Names
  versions: Map<string, { v: number; type: string }>
}) {
  const { p, f, names } = props
  const { t } = p
  const clause = findingInfo(f.code)?.clause
  const r = f.responsible
  return (
    <li id={`finding-${slug(f.id)}`} class={`finding sev-${f.severity}-b`}>
      <h3>
        <SeverityBadge p={p} severity={f.severity} /> <Bi p={p} label={f.title} />
      </h3>
      <ul class="meta">
        <li>
          {t('code')}: <span class="mono">{f.code}</span>
        </li>
        <li>
          {t('article')}: <Article p={p} article={f.article} />
        </li>
        <li>
          {t('cycle')} {f.cycle}
        </li>
        <li>{f.status === 'resolved' ? t('resolved') : t('open')}</li>
      </ul>
      {r ? (
        <p class="small">
          {t('responsible')}: {labelOf(CAPACITY_LABELS, r.capacity, p.lang)}
          {r.orgId ? ` · ${names.org(r.orgId) ?? r.orgId}` : ''}
          {r.personIds.map((id) => (
            <>
              {' · '}
              <a href={`/people/${id}`}>{names.person(id) ?? id}</a>
            </>
          ))}
          {r.names?.length ? ` · ${r.names.join('、')}` : ''}
        </p>
      ) : null}
      {f.eventIds.length ? (
        <p class="small">
          {t('provenBy')}:{' '}
          {f.eventIds.map((id) => {
            const e = props.versions.get(id)
            return (
              <>
                <a href={`#ev-${id}`}>{e ? `#${e.v} ${eventLabel(e.type, p)}` : id}</a>{' '}
              </>
            )
          })}
        </p>
      ) : null}
      {clause || Object.keys(f.detail).length || f.annotations.length ? (
        <details>
          <summary>{t('details')}</summary>
          {clause ? (
            <p class="small" lang="zh-CN">
              {t('clause')}: 「{clause}」
            </p>
          ) : null}
          {Object.keys(f.detail).length ? <p class="small mono">{JSON.stringify(f.detail)}</p> : null}
          {f.annotations.map((a) => (
            <p class="small">
              {t('annotations')} {fmtDate(a.at)}: {a.note}
            </p>
          ))}
          {f.resolution ? (
            <p class="small">
              {t('resolved')} {fmtDate(f.resolution.at)}: {f.resolution.resolution}
            </p>
          ) : null}
        </details>
      ) : null}
    </li>
  )
}

function Obligations(props: { p: PageCtx; d: Dossier; versions: Map<string, { v: number; type: string }> }) {
  const { p, d } = props
  const { t } = p
  return (
    <>
      {d.report.cycles.map((c) => (
        <div class="table-wrap stackable" style="margin:.5rem 0">
          <table class="stack">
            <caption>{t('cycleN', { n: c.cycle })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('obligation')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('article')}</th>
                <th scope="col">{t('reason')}</th>
                <th scope="col">{t('events')}</th>
              </tr>
            </thead>
            <tbody>
              {c.obligations.map((o) => {
                const spec = obligationInfo(o.obligation)
                return (
                  <tr>
                    <td data-label={t('obligation')}>
                      <Bi p={p} label={spec?.title} fallback={o.obligation} />
                    </td>
                    <td data-label={t('state')}>
                      <StateBadge p={p} state={o.state} />
                    </td>
                    <td data-label={t('due')}>{o.dueBy ? fmtDate(o.dueBy) : '—'}</td>
                    <td data-label={t('article')}>{spec ? <Article p={p} article={spec.article} /> : ''}</td>
                    <td data-label={t('reason')} class="small">
                      {o.reason ?? ''}
                    </td>
                    <td data-label={t('events')}>
                      {o.eventIds.map((id) => (
                        <>
                          <a href={`#ev-${id}`}>#{props.versions.get(id)?.v ?? '?'}</a>{' '}
                        </>
                      ))}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ))}
    </>
  )
}

function Trail(props: { p: PageCtx; d: Dossier }) {
  const { p, d } = props
  const { t } = p
  return (
    <div class="table-wrap stackable">
      <table class="stack">
        <caption>{t('trail')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('person')}</th>
            <th scope="col">{t('capacities')}</th>
            <th scope="col">{t('positionsThen')}</th>
            <th scope="col">{t('stance')}</th>
            <th scope="col">{t('liability')}</th>
            <th scope="col">{t('findings')}</th>
          </tr>
        </thead>
        <tbody>
          {d.trail.people.map((x) => (
            <tr>
              <td data-label={t('person')}>
                <a href={`/people/${x.personId}`}>{x.name ?? x.personId}</a>
              </td>
              <td data-label={t('capacities')}>
                {x.capacities.map((c) => labelOf(CAPACITY_LABELS, c, p.lang)).join('、')}
              </td>
              <td data-label={t('positionsThen')}>
                {x.positions.map((pos) => `${pos.orgName ?? pos.orgId} ${pos.title}`).join('；')}
              </td>
              <td data-label={t('stance')}>{labelOf(STANCE_LABELS, x.stance, p.lang)}</td>
              <td data-label={t('liability')}>
                {labelOf(LIABILITY_LABELS, x.liability, p.lang)}
                {x.liabilityDeterminations.map((l) => ` ${labelOf(LIABILITY_LABELS, l.outcome, p.lang)}`).join('')}
              </td>
              <td data-label={t('findings')}>{x.findings.map((code) => findingTitle(code, p.lang)).join('、')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Evidence(props: { p: PageCtx; d: Dossier }) {
  const { p, d } = props
  const { t } = p
  return (
    <div class="table-wrap stackable">
      <table class="stack">
        <caption>{t('evidence')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('document')}</th>
            <th scope="col">{t('step')}</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {d.evidence.map((e) => (
            <tr>
              <td data-label={t('document')}>{e.name}</td>
              <td data-label={t('step')}>
                <a href={`#ev-${e.eventId}`}>{eventLabel(e.type, p)}</a>
              </td>
              <td data-label="SHA-256" class="mono">
                {e.sha256}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function decisionRoutes(web: Hono<WebEnv>): void {
  web.get('/decisions/:id', async (c) => {
    const p = c.get('web')
    const id = c.req.param('id')
    if (!p.user) return c.redirect(`/signin?next=/decisions/${encodeURIComponent(id)}`, 303)
    const deps = c.get('deps')
    const actor = actorOf(p)
    const d = await dossier(deps, actor, id)
    const { state } = await loadReadable(deps, actor, id)
    // Logged before the page is built, like GET /v1/decisions/{id}: no entry, no page.
    if (state.flags.nonDisclosable) await recordPageAccess(c, [{ kind: 'non_disclosable_read', decisionId: id }])
    const dir = await deps.directory.get(deps)
    const names: Names = { person: (x) => dir.personName(x), org: (x) => dir.orgName(x) }
    const versions = new Map(d.timeline.map((e) => [e.eventId, { v: e.version, type: e.type }]))
    const recorded = c.req.query('recorded')
    const forms = FORMS_BY_ROLE[p.user.role] ?? []
    const { t } = p
    const findings = d.report.findings
    return c.html(
      <Layout p={p} title={state.title} nav="decisions">
        <p class="small">
          <a href="/decisions">← {t('navDecisions')}</a>
        </p>
        <h1>
          {state.title} <StatusBadge p={p} status={d.report.status} />
        </h1>
        {recorded && versions.has(recorded) ? (
          <Notice kind="notice">
            {t('newlyRecorded')}: <a href={`#ev-${recorded}`}>{eventLabel(versions.get(recorded)?.type ?? '', p)}</a>
          </Notice>
        ) : null}
        <Facts p={p} s={state} d={d} names={names} />
        <div class="actions">
          <a class="button secondary" href={`/decisions/${id}/dossier`}>
            {t('dossier')}
          </a>
          {forms.map((type) => (
            <a class="button" href={`/decisions/${id}/record/${type}`}>
              {t('recordStep')}: {eventLabel(type, p)}
            </a>
          ))}
        </div>
        <h2 id="findings">
          {t('findings')} ({findings.length})
        </h2>
        {findings.length ? (
          <ul class="cards">
            {findings.map((f) => (
              <FindingItem p={p} f={f} names={names} versions={versions} />
            ))}
          </ul>
        ) : (
          <p>{t('noFindings')}</p>
        )}
        <h2 id="obligations">{t('obligations')}</h2>
        <Obligations p={p} d={d} versions={versions} />
        <h2 id="timeline-h">
          {t('timeline')} ({d.timeline.length})
        </h2>
        <Timeline p={p} events={d.timeline} findings={findings} names={names} recorded={recorded} />
        <h2 id="trail">{t('trail')}</h2>
        <Trail p={p} d={d} />
        <h2 id="evidence">{t('evidence')}</h2>
        <Evidence p={p} d={d} />
        <p class="small">
          {t('streamHead')}: {d.streamHead.version} · <span class="mono">{d.streamHead.hash}</span>
        </p>
      </Layout>,
    )
  })

  web.get('/decisions/:id/dossier', async (c) => {
    const p = c.get('web')
    const id = c.req.param('id')
    if (!p.user) return c.redirect(`/signin?next=/decisions/${encodeURIComponent(id)}/dossier`, 303)
    const d = await dossier(c.get('deps'), actorOf(p), id)
    // Every dossier is logged, disclosable or not (as GET /v1/decisions/{id}/dossier).
    await recordPageAccess(c, [{ kind: 'dossier', decisionId: id }])
    return c.html(renderDossier(d))
  })
}
