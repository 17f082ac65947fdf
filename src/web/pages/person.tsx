// A person's lifetime trail (终身责任追究): every post held and every decision taken part in, with
// capacity, stance, liability and findings; only the decisions the reader may see.
import type { Hono } from 'hono'
import { personTrail, personTrailCsv } from '../../app/accountability'
import { recordPageAccess } from '../access'
import { actorOf, type WebEnv } from '../context'
import { fmtDate } from '../format'
import { Layout } from '../layout'
import { CAPACITY_LABELS, findingTitle, LIABILITY_LABELS, labelOf, STANCE_LABELS } from '../vocab'

export function personRoutes(web: Hono<WebEnv>): void {
  web.get('/people/:id', async (c) => {
    const p = c.get('web')
    const id = c.req.param('id')
    if (!p.user) return c.redirect(`/signin?next=/people/${encodeURIComponent(id)}`, 303)
    const deps = c.get('deps')
    const trail = await personTrail(deps, actorOf(p), id)
    await recordPageAccess(c, [{ kind: 'person_trail', subject: trail.personId }])
    const dir = await deps.directory.get(deps)
    const { t } = p
    const name = trail.name ?? trail.personId
    return c.html(
      <Layout p={p} title={`${name} · ${t('personTitle')}`} nav={p.user.personId === id ? 'trail' : undefined}>
        <h1>
          {name} <span class="muted small">{t('personTitle')}</span>
        </h1>
        <p class="mono muted">{trail.personId}</p>
        <div class="actions">
          <a class="button secondary" href={`/people/${id}/trail.csv`}>
            {t('downloadCsv')}
          </a>
        </div>
        <h2>{t('positions')}</h2>
        <div class="table-wrap stackable">
          <table class="stack">
            <caption>{t('positions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('org')}</th>
                <th scope="col">{t('post')}</th>
                <th scope="col">{t('capacities')}</th>
                <th scope="col">{t('period')}</th>
              </tr>
            </thead>
            <tbody>
              {trail.positions.map((x) => (
                <tr>
                  <td data-label={t('org')}>{x.orgName ?? x.orgId}</td>
                  <td data-label={t('post')}>{x.title}</td>
                  <td data-label={t('capacities')}>{labelOf(CAPACITY_LABELS, x.capacity, p.lang)}</td>
                  <td data-label={t('period')}>
                    {x.from} – {x.to ?? t('present')}
                    {x.endReason ? <span class="muted small"> （{x.endReason}）</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>
          {t('decisionsTakenPart')} ({trail.decisions.length})
        </h2>
        {trail.decisions.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <ul class="cards">
            {trail.decisions.map((d) => (
              <li>
                <h3>
                  <a href={`/decisions/${d.decisionId}`}>{d.title}</a>
                </h3>
                <ul class="meta">
                  <li>
                    {t('organ')}: {dir.orgName(d.organId) ?? d.organId}
                  </li>
                  <li>
                    {t('capacities')}: {d.capacities.map((x) => labelOf(CAPACITY_LABELS, x, p.lang)).join('、')}
                  </li>
                  {d.stance ? (
                    <li>
                      {t('stance')}: {labelOf(STANCE_LABELS, d.stance, p.lang)}
                    </li>
                  ) : null}
                  {d.liability || d.liabilityDeterminations.length ? (
                    <li>
                      {t('liability')}:{' '}
                      {[d.liability, ...d.liabilityDeterminations.map((l) => l.outcome)]
                        .filter((x): x is string => !!x)
                        .map((x) => labelOf(LIABILITY_LABELS, x, p.lang))
                        .join('、')}
                    </li>
                  ) : null}
                  <li>
                    {t('steps')}: {d.steps} ({fmtDate(d.firstStep)} – {fmtDate(d.lastStep)})
                  </li>
                  <li>
                    {t('positionsThen')}: {d.positions.map((x) => `${x.orgName ?? x.orgId} ${x.title}`).join('；')}
                  </li>
                </ul>
                {d.findings.length ? (
                  <p class="small">
                    {t('findings')}: {d.findings.map((code) => findingTitle(code, p.lang)).join('、')}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    )
  })

  web.get('/people/:id/trail.csv', async (c) => {
    const p = c.get('web')
    if (!p.user) return c.redirect('/signin', 303)
    const trail = await personTrail(c.get('deps'), actorOf(p), c.req.param('id'))
    await recordPageAccess(c, [{ kind: 'person_trail', subject: trail.personId }])
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="trail-${trail.personId}.csv"`)
    return c.body(personTrailCsv(trail))
  })
}
