// Renders a recording form: one labelled input per payload field, errors next to the field
// they concern (aria-invalid + aria-describedby) and a summary linking to each.
import type { Child } from 'hono/jsx'
import { FLAG_NAMES, MEMBER_POSITIONS } from '../../domain/events'
import type { PageCtx } from '../context'
import { type Bilingual, pick } from '../i18n'
import { CsrfField, Notice } from '../layout'
import { FLAG_LABELS, labelOf, STANCE_LABELS, VALUE_LABELS } from '../vocab'
import type { Field, FormSpec, Options } from './spec'
import type { Values } from './values'

export interface Choice {
  id: string
  name: string
}
export interface FormOptions {
  orgs: Choice[]
  people: Choice[]
  rulebooks: Choice[]
  reviewBodies: Choice[]
}
export type Errors = Map<string, string[]>

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`

function choices(options: Options, opts: FormOptions, p: PageCtx): Choice[] {
  if (typeof options === 'string') return opts[options]
  return options.map((v) => ({ id: v, name: labelOf(VALUE_LABELS, v, p.lang) }))
}

/** Errors for an input or group: its own key and every key below it. */
export function errorsFor(errors: Errors, name: string): string[] {
  const out: string[] = []
  for (const [k, msgs] of errors) if (k === name || k.startsWith(`${name}.`)) out.push(...msgs)
  return out
}

function ErrorText(props: { id: string; messages: string[] }) {
  return props.messages.length ? (
    <p class="error" id={props.id}>
      {props.messages.join('；')}
    </p>
  ) : null
}

function Label(props: { p: PageCtx; for: string; label: Bilingual; optional?: boolean | undefined; hint?: string }) {
  const { p } = props
  return (
    <label for={props.for}>
      {pick(props.label, p.lang)}
      <span class="hint">
        {' '}
        ({props.optional ? p.t('optional') : p.t('required')}
        {props.hint ? `; ${props.hint}` : ''})
      </span>
    </label>
  )
}

function Input(props: { p: PageCtx; f: Field; values: Values; errors: Errors; opts: FormOptions }): Child {
  const { p, f, values, errors, opts } = props
  const { t } = p
  const name = `d.${f.path}`
  const id = idOf(name)
  const errs = errorsFor(errors, name)
  const errId = `${id}-error`
  const aria = errs.length ? { 'aria-invalid': 'true', 'aria-describedby': errId } : {}
  const val = (n: string) => {
    const v = values.get(n)
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
  }
  const vals = (n: string) => {
    const v = values.get(n)
    return Array.isArray(v) ? v : v ? [v] : []
  }
  const optional = 'optional' in f ? f.optional : undefined
  switch (f.kind) {
    case 'text':
    case 'date':
    case 'datetime':
    case 'number': {
      const type = { text: 'text', date: 'date', datetime: 'datetime-local', number: 'number' }[f.kind]
      return (
        <div class="field">
          <Label p={p} for={id} label={f.label} optional={optional} hint={f.kind === 'datetime' ? t('timeHint') : ''} />
          <input
            type={type}
            id={id}
            name={name}
            value={val(name)}
            min={f.kind === 'number' ? '0' : undefined}
            {...aria}
          />
          <ErrorText id={errId} messages={errs} />
        </div>
      )
    }
    case 'textarea':
    case 'lines':
      return (
        <div class="field">
          <Label p={p} for={id} label={f.label} optional={optional} hint={f.kind === 'lines' ? t('linesHint') : ''} />
          <textarea id={id} name={name} rows={3} {...aria}>
            {val(name)}
          </textarea>
          <ErrorText id={errId} messages={errs} />
        </div>
      )
    case 'select':
    case 'multiselect': {
      const multiple = f.kind === 'multiselect'
      const chosen = vals(name)
      return (
        <div class="field">
          <Label p={p} for={id} label={f.label} optional={optional} />
          <select id={id} name={name} multiple={multiple} size={multiple ? 6 : undefined} {...aria}>
            {multiple ? null : <option value="">—</option>}
            {choices(f.options, opts, p).map((c) => (
              <option value={c.id} selected={chosen.includes(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          <ErrorText id={errId} messages={errs} />
        </div>
      )
    }
    case 'checkbox':
      return (
        <div class="field">
          <label class="check" for={id}>
            <input type="checkbox" id={id} name={name} checked={val(name) !== ''} {...aria} />
            {pick(f.label, p.lang)}
          </label>
          <ErrorText id={errId} messages={errs} />
        </div>
      )
    case 'checkboxes':
    case 'flags': {
      const items =
        f.kind === 'flags'
          ? FLAG_NAMES.map((fl) => ({ id: fl, name: labelOf(FLAG_LABELS, fl, p.lang), input: `${name}.${fl}` }))
          : choices(f.options, opts, p).map((c) => ({ ...c, input: name }))
      const chosen = vals(name)
      return (
        <fieldset id={id} tabindex={-1} {...(errs.length ? { 'aria-describedby': errId } : {})}>
          <legend>
            {pick(f.label, p.lang)}
            <span class="hint"> ({f.kind === 'flags' || optional ? t('optional') : t('required')})</span>
          </legend>
          {items.map((c) => (
            <label class="check" for={idOf(`${c.input}-${c.id}`)}>
              <input
                type="checkbox"
                id={idOf(`${c.input}-${c.id}`)}
                name={c.input}
                value={f.kind === 'flags' ? 'on' : c.id}
                checked={f.kind === 'flags' ? val(c.input) !== '' : chosen.includes(c.id)}
              />
              {c.name}
            </label>
          ))}
          <ErrorText id={errId} messages={errs} />
        </fieldset>
      )
    }
    case 'doc':
      return (
        <fieldset id={id} tabindex={-1} {...(errs.length ? { 'aria-describedby': errId } : {})}>
          <legend>
            {pick(f.label, p.lang)}
            <span class="hint"> ({optional ? t('optional') : t('required')})</span>
          </legend>
          <label for={`${id}-name`}>{t('docName')}</label>
          <input type="text" id={`${id}-name`} name={`${name}.name`} value={val(`${name}.name`)} {...aria} />
          <label for={`${id}-sha256`}>{t('docSha')}</label>
          <input
            type="text"
            id={`${id}-sha256`}
            name={`${name}.sha256`}
            value={val(`${name}.sha256`)}
            class="mono"
            spellcheck={false}
            autocomplete="off"
            {...aria}
          />
          <label for={`${id}-file`}>{t('docFile')}</label>
          <input type="file" id={`${id}-file`} name={`${name}.file`} />
          <ErrorText id={errId} messages={errs} />
        </fieldset>
      )
    case 'fixed':
      return (
        <div class="field">
          <span class="muted">{pick(f.label, p.lang)}: </span>
          <strong>{opts.orgs.find((o) => o.id === p.user?.orgId)?.name ?? p.user?.orgId}</strong>
        </div>
      )
    case 'statements':
      return <Statements p={p} f={f} values={values} errors={errors} opts={opts} />
  }
}

function Statements(props: {
  p: PageCtx
  f: Extract<Field, { kind: 'statements' }>
  values: Values
  errors: Errors
  opts: FormOptions
}) {
  const { p, f, values, errors, opts } = props
  const { t } = p
  const group = errorsFor(errors, 'd.statements')
  const v = (n: string) => {
    const x = values.get(n)
    return Array.isArray(x) ? (x[0] ?? '') : (x ?? '')
  }
  return (
    <fieldset
      id="f-d-statements"
      tabindex={-1}
      class="wide"
      {...(group.length ? { 'aria-describedby': 'f-statements-error' } : {})}
    >
      <legend>{t('statementsLegend')}</legend>
      <ErrorText id="f-statements-error" messages={group} />
      <div class="rows">
        {Array.from({ length: f.rows }, (_, r) => {
          const row = `d.rows.${r}`
          const rowErr = (k: string) => errorsFor(errors, `${row}.${k}`)
          const cell = (k: string, label: string, input: Child) => (
            <div>
              <label for={idOf(`${row}.${k}`)}>
                {label} {r + 1}
              </label>
              {input}
              <ErrorText id={`${idOf(`${row}.${k}`)}-error`} messages={rowErr(k)} />
            </div>
          )
          const aria = (k: string) =>
            rowErr(k).length ? { 'aria-invalid': 'true', 'aria-describedby': `${idOf(`${row}.${k}`)}-error` } : {}
          return (
            <div class="row">
              {cell(
                'personId',
                t('attendee'),
                <select id={idOf(`${row}.personId`)} name={`${row}.personId`} {...aria('personId')}>
                  <option value="">—</option>
                  {opts.people.map((c) => (
                    <option value={c.id} selected={v(`${row}.personId`) === c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>,
              )}
              {cell(
                'order',
                t('order'),
                <input
                  type="number"
                  min="1"
                  id={idOf(`${row}.order`)}
                  name={`${row}.order`}
                  value={v(`${row}.order`) || String(r + 1)}
                  {...aria('order')}
                />,
              )}
              {cell(
                'position',
                t('positionHeld'),
                <select id={idOf(`${row}.position`)} name={`${row}.position`} {...aria('position')}>
                  <option value="">{t('noPosition')}</option>
                  {MEMBER_POSITIONS.map((m) => (
                    <option value={m} selected={v(`${row}.position`) === m}>
                      {labelOf(STANCE_LABELS, m, p.lang)}
                    </option>
                  ))}
                </select>,
              )}
              {cell(
                'text',
                t('statementText'),
                <input type="text" id={idOf(`${row}.text`)} name={`${row}.text`} value={v(`${row}.text`)} />,
              )}
            </div>
          )
        })}
      </div>
    </fieldset>
  )
}

/** The label a reader knows a field by, for the error summary. */
function labelFor(p: PageCtx, spec: FormSpec, key: string): string {
  if (key === 'occurredAt') return pick(OCCURRED, p.lang)
  const row = /^d\.rows\.(\d+)/.exec(key)
  if (row) return `${p.t('attendee')} ${Number(row[1]) + 1}`
  const f = spec.fields.find((x) => key === `d.${x.path}` || key.startsWith(`d.${x.path}.`))
  return f ? pick(f.label, p.lang) : key
}

const OCCURRED = { zh: '发生时间', en: 'When it happened' }

export function RecordForm(props: {
  p: PageCtx
  spec: FormSpec
  action: string
  title: string
  values: Values
  errors: Errors
  formError?: string | undefined
  opts: FormOptions
  idem: string
  cancel: string
}) {
  const { p, spec, values, errors } = props
  const { t } = p
  const all = [...errors.entries()]
  const occErr = errorsFor(errors, 'occurredAt')
  const occurred = values.get('occurredAt')
  return (
    <>
      {props.formError ? <Notice kind="errors">{props.formError}</Notice> : null}
      {all.length ? (
        <div class="errors" role="alert">
          <p>{t('formErrors', { n: all.reduce((n, [, m]) => n + m.length, 0) })}</p>
          <ul>
            {all.map(([k, msgs]) => (
              <li>
                <a href={`#${idOf(k)}`}>{labelFor(p, spec, k)}</a>: {msgs.join('；')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
        <CsrfField p={p} />
        <input type="hidden" name="idem" value={props.idem} />
        <div class="field">
          <Label p={p} for="f-occurredAt" label={OCCURRED} hint={t('timeHint')} />
          <input
            type="datetime-local"
            id="f-occurredAt"
            name="occurredAt"
            value={Array.isArray(occurred) ? occurred[0] : (occurred ?? '')}
            {...(occErr.length ? { 'aria-invalid': 'true', 'aria-describedby': 'f-occurredAt-error' } : {})}
          />
          <ErrorText id="f-occurredAt-error" messages={occErr} />
        </div>
        {spec.fields.map((f) => (
          <Input p={p} f={f} values={values} errors={errors} opts={props.opts} />
        ))}
        <div class="actions">
          <button type="submit" class="primary">
            {t('record')}
          </button>
          <a class="button secondary" href={props.cancel}>
            {t('cancel')}
          </a>
        </div>
      </form>
    </>
  )
}
