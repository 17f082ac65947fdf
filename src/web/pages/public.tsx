// The public portal: published, disclosable decisions only (the use cases called as the public,
// whoever is signed in), how public opinions were sought and handled, and rate-limited feedback
// recorded through the same path as POST /v1/public/decisions/{id}/feedback.
import type { Hono } from 'hono'
import { complianceReport } from '../../app/compliance'
import { loadReadable, recordEvent } from '../../app/decisions'
import { listDecisions, readDecisionEvents } from '../../app/reads'
import type { StoredEvent } from '../../domain/envelope'
import { DomainError } from '../../domain/errors'
import { PUBLIC_RECORD_TYPES } from '../../domain/public-record'
import {
  clientAddressOf,
  csrfValid,
  type PageCtx,
  PUBLIC_ACTOR,
  type WebContext,
  type WebEnv,
  type WebOptions,
} from '../context'
import { fmtDate, fmtTime } from '../format'
import { issueText } from '../forms/values'
import { CsrfField, Layout, Notice, StatusBadge } from '../layout'
import { CATEGORY_LABELS, labelOf, VALUE_LABELS } from '../vocab'
import { decodeCursor, encodeCursor } from './decisions'
import { statusOf } from './error'

const PAGE = 20

async function publicStatus(c: WebContext, id: string): Promise<string | null> {
  try {
    return (await complianceReport(c.get('deps'), PUBLIC_ACTOR, id)).status
  } catch (err) {
    if (err instanceof DomainError) return null
    throw err
  }
}

type Doc = { name?: string }
const docName = (v: unknown) => (v && typeof v === 'object' ? ((v as Doc).name ?? '') : '')
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const words = (p: PageCtx, v: unknown) =>
  list(v)
    .map((x) => labelOf(VALUE_LABELS, s(x), p.lang))
    .join('、')

function Participation(props: { p: PageCtx; events: StoredEvent[] }) {
  const { p, events } = props
  const { t } = p
  const of = (type: string) => events.filter((e) => e.type === type)
  const closed = of('PublicCommentClosed')
  return (
    <>
      {of('PublicCommentOpened').map((e, i) => (
        <div class="card">
          <h3>{t('commentPeriod')}</h3>
          <ul class="meta">
            <li>
              {t('opens')}: {fmtTime(s(e.data.opensAt))}
            </li>
            <li>
              {t('closes')}: {fmtTime(s(e.data.closesAt))}
            </li>
            <li>
              {t('channels')}: {words(p, e.data.channels)}
            </li>
            {closed[i] ? (
              <li>
                {t('received')}: {s(closed[i]?.data.commentsCount)}
              </li>
            ) : null}
          </ul>
          <p class="small">
            {docName(e.data.draft)} · {docName(e.data.explanation)} · {s(e.data.submissionMethod)}
          </p>
        </div>
      ))}
      {of('HearingHeld').map((e) => (
        <div class="card">
          <h3>{t('hearing')}</h3>
          <ul class="meta">
            <li>
              {t('heldAt')}: {fmtTime(s(e.data.heldAt))}
            </li>
            <li>
              {t('participants')}:{' '}
              {list(e.data.participants)
                .map(
                  (x) => `${s((x as { name?: string }).name)}（${s((x as { constituency?: string }).constituency)}）`,
                )
                .join('、')}
            </li>
          </ul>
        </div>
      ))}
      {of('PublicOpinionsProcessed').map((e) => (
        <div class="card">
          <h3>{t('opinionsHandled')}</h3>
          <ul class="meta">
            <li>
              {t('received')}: {s(e.data.received)}
            </li>
            <li>
              {t('adopted')}: {s(e.data.adopted)}
            </li>
          </ul>
          {list(e.data.notAdopted).length ? (
            <>
              <h4 class="small">{t('notAdopted')}</h4>
              <ul class="small">
                {list(e.data.notAdopted).map((x) => (
                  <li>
                    {s((x as { opinion?: string }).opinion)} — {s((x as { reason?: string }).reason)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ))}
      {of('DecisionPublished').map((e) => (
        <div class="card">
          <h3>{t('publication')}</h3>
          <ul class="meta">
            <li>{fmtDate(s(e.data.publishedAt))}</li>
            <li>
              {t('channels')}: {words(p, e.data.channels)}
            </li>
            <li>{docName(e.data.document)}</li>
          </ul>
        </div>
      ))}
    </>
  )
}

async function decisionPage(c: WebContext, opts: { error?: string; value?: string; status?: number } = {}) {
  const p = c.get('web')
  const { t } = p
  const deps = c.get('deps')
  const id = c.req.param('id') ?? ''
  const { state } = await loadReadable(deps, PUBLIC_ACTOR, id)
  const events = (await readDecisionEvents(deps, PUBLIC_ACTOR, id, { afterVersion: 0, limit: 10_000 })).items.filter(
    (e) => PUBLIC_RECORD_TYPES.has(e.type),
  )
  const dir = await deps.directory.get(deps)
  const status = await publicStatus(c, id)
  if (opts.status) c.status(opts.status as 400)
  return c.html(
    <Layout p={p} title={state.title} nav="public">
      <p class="small">
        <a href="/public">← {t('publicTitle')}</a>
      </p>
      <h1>
        {state.title} <StatusBadge p={p} status={status} />
      </h1>
      {c.req.query('thanks') ? <Notice kind="notice">{t('feedbackThanks')}</Notice> : null}
      <dl class="facts">
        <dt>{t('organ')}</dt>
        <dd>{dir.orgName(state.organId) ?? state.organId}</dd>
        <dt>{t('unit')}</dt>
        <dd>{dir.orgName(state.undertakingUnitId) ?? state.undertakingUnitId}</dd>
        <dt>{t('category')}</dt>
        <dd>{labelOf(CATEGORY_LABELS, state.category, p.lang)}</dd>
        <dt>{t('published')}</dt>
        <dd>{fmtDate(state.publishedAt)}</dd>
      </dl>
      {state.summary ? <p>{state.summary}</p> : null}
      <h2>{t('publicRecord')}</h2>
      <Participation p={p} events={events} />
      <h2 id="feedback">{t('feedbackTitle')}</h2>
      {opts.error ? <Notice kind="errors">{opts.error}</Notice> : null}
      <form method="post" action={`/public/decisions/${id}/feedback`} class="card">
        <CsrfField p={p} />
        <p class="hint" id="fb-hint">
          {t('feedbackHelp')}
        </p>
        <div class="field">
          <label for="fb-summary">{t('feedbackText')}</label>
          <textarea
            id="fb-summary"
            name="summary"
            rows={4}
            maxlength={20000}
            aria-describedby={opts.error ? 'fb-hint fb-error' : 'fb-hint'}
            aria-invalid={opts.error ? 'true' : undefined}
          >
            {opts.value ?? ''}
          </textarea>
          {opts.error ? (
            <p class="error" id="fb-error">
              {opts.error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="primary">
          {t('submit')}
        </button>
      </form>
    </Layout>,
  )
}

export function publicRoutes(web: Hono<WebEnv>, options: WebOptions): void {
  web.get('/public', async (c) => {
    const p = c.get('web')
    const { t } = p
    const deps = c.get('deps')
    const q = c.req.query('q')?.trim().slice(0, 200) || undefined
    const cursor = decodeCursor(c.req.query('cursor'))
    const rows = await listDecisions(deps, PUBLIC_ACTOR, { q }, cursor, PAGE + 1)
    const page = rows.slice(0, PAGE)
    const dir = await deps.directory.get(deps)
    const statuses = await Promise.all(page.map((r) => publicStatus(c, r.decisionId)))
    const last = page[page.length - 1]
    return c.html(
      <Layout p={p} title={t('publicTitle')} nav="public">
        <h1>{t('publicTitle')}</h1>
        <p>{t('publicIntro')}</p>
        <form method="get" action="/public" class="filters">
          <div>
            <label for="pq">{t('text')}</label>
            <input type="search" id="pq" name="q" value={q ?? ''} />
          </div>
          <div>
            <button type="submit" class="primary">
              {t('filter')}
            </button>
          </div>
        </form>
        {page.length === 0 ? (
          <p>{t('noDecisions')}</p>
        ) : (
          <ul class="cards" id="public-list">
            {page.map((r, i) => (
              <li>
                <h2>
                  <a href={`/public/decisions/${r.decisionId}`}>{r.title}</a> <StatusBadge p={p} status={statuses[i]} />
                </h2>
                <ul class="meta">
                  <li>
                    {t('organ')}: {dir.orgName(r.organId) ?? r.organId}
                  </li>
                  <li>
                    {t('unit')}: {dir.orgName(r.undertakingUnitId) ?? r.undertakingUnitId}
                  </li>
                  <li>{labelOf(CATEGORY_LABELS, r.category, p.lang)}</li>
                </ul>
              </li>
            ))}
          </ul>
        )}
        {rows.length > PAGE && last ? (
          <p>
            <a
              class="button secondary"
              rel="next"
              href={`/public?${new URLSearchParams({ ...(q ? { q } : {}), cursor: encodeCursor(last) })}`}
            >
              {t('nextPage')}
            </a>
          </p>
        ) : null}
      </Layout>,
    )
  })

  web.get('/public/decisions/:id', (c) => decisionPage(c))

  web.post('/public/decisions/:id/feedback', async (c) => {
    const p = c.get('web')
    const deps = c.get('deps')
    const id = c.req.param('id')
    const form = await c.req.parseBody()
    const summary = typeof form.summary === 'string' ? form.summary : ''
    if (!csrfValid(c, form.csrf)) return decisionPage(c, { error: p.t('csrfFailed'), value: summary, status: 403 })
    if (!options.feedbackLimiter.take(clientAddressOf(c), deps.clock().getTime()))
      return decisionPage(c, { error: p.t('rateLimited'), value: summary, status: 429 })
    try {
      await loadReadable(deps, PUBLIC_ACTOR, id)
      await recordEvent(deps, PUBLIC_ACTOR, id, {
        type: 'PublicFeedbackReceived',
        occurredAt: deps.clock().toISOString(),
        data: { channel: 'online', summary: summary.trim() === '' ? undefined : summary },
      })
    } catch (err) {
      if (!(err instanceof DomainError) || statusOf(err) === 404) throw err
      const msg = err.errors?.length ? err.errors.map((i) => issueText(i, p.lang)).join('；') : err.message
      return decisionPage(c, { error: msg, value: summary, status: statusOf(err) })
    }
    return c.redirect(`/public/decisions/${id}?thanks=1#feedback`, 303)
  })
}
