// Recording forms (initiation and the common steps). Each POST goes through the same use cases
// as the API (initiateDecision / recordEvent) with the signed-in actor, after the same zod
// schemas checked the envelope and payload; refusals come back as errors next to the fields.
import type { Hono } from 'hono'
import { z } from 'zod'
import { initiateDecision, loadReadable, recordEvent } from '../../app/decisions'
import { listOrganizations, listPeople, listPositions } from '../../app/directory'
import { requestHash } from '../../app/idempotency'
import { RECORDABLE } from '../../domain/authority'
import { DomainError, type FieldIssue } from '../../domain/errors'
import { decisionEventSchemas, EVENT_LABELS, isDecisionEventType, Timestamp } from '../../domain/events'
import { issuesToFields } from '../../domain/validation'
import { recordPageAccess } from '../access'
import { actorOf, csrfValid, type PageCtx, type WebContext, type WebEnv } from '../context'
import { localInput } from '../format'
import { type Errors, type FormOptions, RecordForm } from '../forms/render'
import { FORMS, type FormSpec } from '../forms/spec'
import { buildInput, issueText, type Posted, type Values } from '../forms/values'
import { pick } from '../i18n'
import { Layout } from '../layout'
import { statusOf } from './error'

const newKey = () => crypto.randomUUID()

async function formOptions(c: WebContext, organId: string | undefined): Promise<FormOptions> {
  const deps = c.get('deps')
  const orgRows = await listOrganizations(deps, undefined, 1000)
  const orgs = orgRows.map((o) => ({ id: o.id, name: o.name }))
  const bodies = orgRows.filter((o) => o.kind === 'legality_review_body').map((o) => ({ id: o.id, name: o.name }))
  const everyone = (await listPeople(deps, undefined, 5000)).map((x) => ({ id: x.id, name: x.name }))
  let people = everyone
  if (organId) {
    // Meeting members first: the people holding a post in the decision organ today, then the rest.
    const today = localInput(deps.clock()).slice(0, 10)
    const inOrgan = new Set(
      (await listPositions(deps, { orgId: organId }))
        .filter((x) => x.from <= today && (x.to === null || x.to >= today))
        .map((x) => x.personId),
    )
    people = [...everyone.filter((x) => inOrgan.has(x.id)), ...everyone.filter((x) => !inOrgan.has(x.id))]
  }
  const rulebooks = deps.config.rulebookIds().map((id) => ({ id, name: id }))
  return { orgs, people, rulebooks, reviewBodies: bodies.length ? bodies : orgs }
}

function mayUse(p: PageCtx, type: string): void {
  const role = p.user?.role
  const allowed = role && role in RECORDABLE ? RECORDABLE[role as keyof typeof RECORDABLE] : []
  if (!allowed.includes(type))
    throw new DomainError('forbidden', `Missing permission: record ${type} (role ${role ?? 'public'}).`)
}

/** The same validation as the API's, before anything is written: envelope, then payload. */
function validate(type: string, occurredAt: string, data: unknown): FieldIssue[] {
  const issues: FieldIssue[] = []
  const env = z.object({ occurredAt: Timestamp }).safeParse({ occurredAt })
  if (!env.success) issues.push(...issuesToFields(env.error.issues))
  if (isDecisionEventType(type)) {
    const r = decisionEventSchemas[type].safeParse(data)
    if (!r.success) issues.push(...issuesToFields(r.error.issues, ['data']))
  }
  return issues
}

function toErrors(issues: readonly FieldIssue[], keyOf: (path: ReadonlyArray<string | number>) => string, p: PageCtx) {
  const errors: Errors = new Map()
  for (const issue of issues) {
    const k = keyOf(issue.path) || 'form'
    errors.set(k, [...(errors.get(k) ?? []), issueText(issue, p.lang)])
  }
  return errors
}

interface Screen {
  spec: FormSpec
  title: string
  action: string
  cancel: string
  organId: string | undefined
  decisionTitle?: string
  /** The decision the form records on, when that decision is non-disclosable (its title is shown). */
  nonDisclosable?: string
}

async function render(
  c: WebContext,
  s: Screen,
  values: Values,
  errors: Errors,
  formError?: string,
  status: ReturnType<typeof statusOf> | 200 = 200,
) {
  const p = c.get('web')
  if (s.nonDisclosable) await recordPageAccess(c, [{ kind: 'non_disclosable_read', decisionId: s.nonDisclosable }])
  const opts = await formOptions(c, s.organId)
  c.status(status)
  return c.html(
    <Layout p={p} title={s.title} nav={s.spec.type === 'DecisionInitiated' ? 'new' : undefined}>
      {s.decisionTitle ? (
        <p class="muted">
          <a href={s.cancel}>{s.decisionTitle}</a>
        </p>
      ) : null}
      <h1>{s.title}</h1>
      <RecordForm
        p={p}
        spec={s.spec}
        action={s.action}
        title={s.title}
        values={values}
        errors={errors}
        formError={formError}
        opts={opts}
        idem={newKey()}
        cancel={s.cancel}
      />
    </Layout>,
  )
}

async function screenFor(c: WebContext, type: string, decisionId: string | undefined): Promise<Screen> {
  const p = c.get('web')
  if (!p.user) throw new DomainError('unauthenticated', 'Sign in to record steps.')
  const spec = FORMS[type]
  if (!spec || (decisionId === undefined) !== (type === 'DecisionInitiated'))
    throw new DomainError('not-found', `No form for ${type}.`)
  mayUse(p, type)
  const label = pick(EVENT_LABELS[type as keyof typeof EVENT_LABELS], p.lang, type)
  if (decisionId === undefined)
    return { spec, title: label, action: '/decisions/new', cancel: '/decisions', organId: p.user.orgId }
  const { state } = await loadReadable(c.get('deps'), actorOf(p), decisionId)
  return {
    spec,
    title: `${p.t('recordStep')}: ${label}`,
    action: `/decisions/${decisionId}/record/${type}`,
    cancel: `/decisions/${decisionId}`,
    organId: state.organId,
    decisionTitle: state.title,
    ...(state.flags.nonDisclosable ? { nonDisclosable: decisionId } : {}),
  }
}

async function submit(c: WebContext, type: string, decisionId: string | undefined) {
  const p = c.get('web')
  const screen = await screenFor(c, type, decisionId)
  const posted = (await c.req.parseBody({ all: true })) as Posted
  const built = await buildInput(screen.spec, posted, p.user?.orgId ?? '')
  if (!csrfValid(c, posted.csrf)) return render(c, screen, built.values, new Map(), p.t('csrfFailed'), 403)
  const issues = validate(type, built.occurredAt, built.data)
  if (issues.length) return render(c, screen, built.values, toErrors(issues, built.keyOf, p), undefined, 400)
  const deps = c.get('deps')
  const input = { occurredAt: built.occurredAt, data: built.data, evidence: built.evidence }
  const idem = typeof posted.idem === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(posted.idem) ? posted.idem : undefined
  const idempotency = idem
    ? { scope: `web:${p.user?.tokenId}`, key: idem, requestHash: requestHash('POST', c.req.path, { type, ...input }) }
    : undefined
  try {
    const result =
      decisionId === undefined
        ? await initiateDecision(deps, actorOf(p), input, idempotency)
        : await recordEvent(
            deps,
            actorOf(p),
            decisionId,
            { type, ...input },
            {
              idempotency,
            },
          )
    const eventId = result.replayed
      ? 'events' in result.response
        ? result.response.events[0]
        : undefined
      : result.events[0]?.eventId
    const target = decisionId ?? (await deps.store.readEventById(eventId ?? ''))?.decisionId
    return c.redirect(`/decisions/${target}?recorded=${eventId}#ev-${eventId}`, 303)
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const errors = err.errors?.length ? toErrors(err.errors, built.keyOf, p) : new Map()
    return render(c, screen, built.values, errors, err.message, statusOf(err))
  }
}

function defaults(c: WebContext): Values {
  return new Map([['occurredAt', localInput(c.get('deps').clock())]])
}

export function recordRoutes(web: Hono<WebEnv>): void {
  web.get('/decisions/new', async (c) =>
    render(c, await screenFor(c, 'DecisionInitiated', undefined), defaults(c), new Map()),
  )
  web.post('/decisions/new', (c) => submit(c, 'DecisionInitiated', undefined))
  web.get('/decisions/:id/record/:type', async (c) =>
    render(c, await screenFor(c, c.req.param('type'), c.req.param('id')), defaults(c), new Map()),
  )
  web.post('/decisions/:id/record/:type', (c) => submit(c, c.req.param('type'), c.req.param('id')))
}
