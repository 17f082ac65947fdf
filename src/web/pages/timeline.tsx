// The timeline of a decision: every event with its occurred and recorded times, late recordings
// and corrections marked, the findings each event proves, its evidence and hash.
import type { MarkedEvent } from '../../app/reads'
import { EVENT_LABELS } from '../../domain/events'
import type { Finding } from '../../rules'
import type { PageCtx } from '../context'
import { fmtTime } from '../format'
import { pick } from '../i18n'
import { labelOf, ROLE_LABELS, VALUE_LABELS } from '../vocab'

export const eventLabel = (type: string, p: PageCtx) =>
  pick(EVENT_LABELS[type as keyof typeof EVENT_LABELS], p.lang, type)

type Names = { person: (id: string) => string | undefined; org: (id: string) => string | undefined }

/** A payload value for reading: ids become names, enum values words, documents name + hash. */
function Value(props: { v: unknown; p: PageCtx; names: Names }) {
  const { v, p, names } = props
  if (v === null || v === undefined) return <>—</>
  if (typeof v === 'boolean') return <>{v ? '✓' : '✗'}</>
  if (typeof v === 'number') return <>{String(v)}</>
  if (typeof v === 'string') {
    if (/^per_/.test(v)) {
      const n = names.person(v)
      return n ? <a href={`/people/${v}`}>{n}</a> : <span class="mono">{v}</span>
    }
    if (/^org_/.test(v)) return <>{names.org(v) ?? v}</>
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return <>{fmtTime(v)}</>
    return <>{VALUE_LABELS[v] ? labelOf(VALUE_LABELS, v, p.lang) : v}</>
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return <>—</>
    return (
      <ul style="margin:0;padding-left:1.1rem">
        {v.map((x) => (
          <li>
            <Value v={x} p={p} names={names} />
          </li>
        ))}
      </ul>
    )
  }
  const o = v as Record<string, unknown>
  if (typeof o.name === 'string' && typeof o.sha256 === 'string' && Object.keys(o).length === 2) {
    return (
      <>
        {o.name} <span class="mono muted" title={o.sha256}>{`${o.sha256.slice(0, 12)}…`}</span>
      </>
    )
  }
  return <Payload data={o} p={p} names={names} />
}

export function Payload(props: { data: Record<string, unknown>; p: PageCtx; names: Names }) {
  return (
    <dl class="payload">
      {Object.entries(props.data).map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            <Value v={v} p={props.p} names={props.names} />
          </dd>
        </>
      ))}
    </dl>
  )
}

export function Timeline(props: {
  p: PageCtx
  events: MarkedEvent[]
  findings: Finding[]
  names: Names
  recorded: string | undefined
}) {
  const { p, events, findings, names } = props
  const { t } = p
  const late = new Map<string, number>()
  const citedBy = new Map<string, Finding[]>()
  for (const f of findings) {
    if (f.code === 'late-recording')
      for (const id of f.eventIds) late.set(id, Number((f.detail as { workingDays?: number }).workingDays ?? 0))
    for (const id of f.eventIds) citedBy.set(id, [...(citedBy.get(id) ?? []), f])
  }
  const versionOf = new Map(events.map((e) => [e.eventId, e.version]))
  return (
    <ol class="timeline" id="timeline">
      {events.map((e) => {
        const days = late.get(e.eventId)
        const cited = citedBy.get(e.eventId) ?? []
        return (
          <li id={`ev-${e.eventId}`} class={props.recorded === e.eventId ? 'is-new' : undefined}>
            <div class="ev-head">
              <span class="muted">#{e.version}</span>
              <strong>{eventLabel(e.type, p)}</strong>
              {props.recorded === e.eventId ? <span class="badge mark-new">{t('newlyRecorded')}</span> : null}
              {days !== undefined ? (
                <span class="badge mark-late" title={t('lateRecordingHint')}>
                  <span aria-hidden="true">⚠ </span>
                  {t('lateRecording')} ({days} {p.lang === 'zh' ? '个工作日' : 'working days'})
                </span>
              ) : null}
              {e.correctedBy ? (
                <span class="badge mark-corrected">
                  {t('corrected')}: {t('correctedBy')}{' '}
                  {e.correctedBy.map((id) => (
                    <a href={`#ev-${id}`}>#{versionOf.get(id) ?? id}</a>
                  ))}
                </span>
              ) : null}
              {e.corrects ? (
                <span class="badge mark-corrected">
                  {t('correction')}: {t('correctionOf')} <a href={`#ev-${e.corrects}`}>#{versionOf.get(e.corrects)}</a>
                </span>
              ) : null}
            </div>
            <ul class="meta">
              <li>
                {t('occurredAt')}: <time datetime={e.occurredAt}>{fmtTime(e.occurredAt)}</time>
              </li>
              <li>
                {t('recordedAt')}: <time datetime={e.recordedAt}>{fmtTime(e.recordedAt)}</time>
              </li>
              <li>
                {t('recordedBy')}: {names.person(e.actor.personId) ?? e.actor.personId} ·{' '}
                {names.org(e.actor.orgId) ?? e.actor.orgId} · {labelOf(ROLE_LABELS, e.actor.role, p.lang)}
              </li>
            </ul>
            {cited.length ? (
              <p class="small">
                {t('findings')}:{' '}
                {cited.map((f) => (
                  <a href={`#finding-${slug(f.id)}`} class="badge sev-warning" style="margin-right:.25rem">
                    {pick(f.title, p.lang)}
                  </a>
                ))}
              </p>
            ) : null}
            <details>
              <summary>{t('details')}</summary>
              <Payload data={e.data} p={p} names={names} />
              {e.evidence.length ? (
                <ul class="small">
                  {e.evidence.map((d) => (
                    <li>
                      {d.name} <span class="mono">{d.sha256}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              <p class="small">
                {t('eventHash')}: <span class="mono">{e.hash}</span>
              </p>
            </details>
          </li>
        )
      })}
    </ol>
  )
}

/** A finding id as an HTML id (finding ids contain `/` and `#`). */
export const slug = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_')
