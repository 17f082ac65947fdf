// Posted form → the API's event input ({ occurredAt, data, evidence }), and the API's field
// issues → the form fields they belong to. Documents are named and hashed: a chosen file is
// hashed on the server (SHA-256) and not stored; its name and hash go to `evidence`.
import { createHash } from 'node:crypto'
import type { EvidenceDoc } from '../../domain/envelope'
import type { FieldIssue } from '../../domain/errors'
import { FLAG_NAMES } from '../../domain/events'
import { fromLocalInput } from '../format'
import type { Lang } from '../i18n'
import type { FormSpec } from './spec'

export type Posted = Record<string, string | File | Array<string | File>>

/** What the form shows again after a refusal: raw values by input name. */
export type Values = Map<string, string | string[]>

export interface Built {
  occurredAt: string
  data: Record<string, unknown>
  evidence: EvidenceDoc[]
  values: Values
  /** Rewrites an API error path into the name of the input (or group) it belongs to. */
  keyOf: (path: ReadonlyArray<string | number>) => string
}

const first = (v: Posted[string] | undefined): string | File | undefined => (Array.isArray(v) ? v[0] : v)
const str = (posted: Posted, name: string): string => {
  const v = first(posted[name])
  return typeof v === 'string' ? v.trim() : ''
}
const strs = (posted: Posted, name: string): string[] => {
  const v = posted[name]
  const arr = Array.isArray(v) ? v : v === undefined ? [] : [v]
  return arr.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim())
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let o = obj
  parts.slice(0, -1).forEach((p) => {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {}
    o = o[p] as Record<string, unknown>
  })
  o[parts[parts.length - 1] as string] = value
}

const numberOrRaw = (s: string): number | string => (/^-?\d{1,15}$/.test(s) ? Number(s) : s)

export async function buildInput(spec: FormSpec, posted: Posted, actorOrg: string): Promise<Built> {
  const values: Values = new Map()
  for (const [k, v] of Object.entries(posted)) {
    if (k === 'csrf' || k === 'idem') continue
    if (Array.isArray(v))
      values.set(
        k,
        v.filter((x): x is string => typeof x === 'string'),
      )
    else if (typeof v === 'string') values.set(k, v)
  }
  const data: Record<string, unknown> = {}
  const evidence: EvidenceDoc[] = []
  const docOwner: string[] = []
  const attendeeRow: number[] = []
  const statementRow: number[] = []
  const occurredRaw = str(posted, 'occurredAt')
  const occurredAt = fromLocalInput(occurredRaw)

  for (const f of spec.fields) {
    const name = `d.${f.path}`
    switch (f.kind) {
      case 'text':
      case 'textarea':
      case 'date':
      case 'select': {
        const v = str(posted, name)
        if (v !== '') setPath(data, f.path, v)
        break
      }
      case 'datetime': {
        const v = str(posted, name)
        if (v !== '') setPath(data, f.path, fromLocalInput(v))
        break
      }
      case 'number': {
        const v = str(posted, name)
        if (v !== '') setPath(data, f.path, numberOrRaw(v))
        break
      }
      case 'checkbox': {
        const on = str(posted, name) !== ''
        if (on || !f.optional) setPath(data, f.path, on)
        break
      }
      case 'checkboxes':
      case 'multiselect': {
        const vs = strs(posted, name)
        if (vs.length || !f.optional) setPath(data, f.path, vs)
        break
      }
      case 'lines': {
        const vs = str(posted, name)
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => l !== '')
        if (vs.length || !f.optional) setPath(data, f.path, vs)
        break
      }
      case 'flags': {
        const flags: Record<string, boolean> = {}
        for (const flag of FLAG_NAMES) if (str(posted, `${name}.${flag}`) !== '') flags[flag] = true
        setPath(data, f.path, flags)
        break
      }
      case 'fixed':
        setPath(data, f.path, actorOrg)
        break
      case 'doc': {
        const file = first(posted[`${name}.file`])
        let docName = str(posted, `${name}.name`)
        let sha = str(posted, `${name}.sha256`).toLowerCase()
        const doc: EvidenceDoc = { name: docName, sha256: sha }
        if (file instanceof File && file.size > 0) {
          sha = createHash('sha256')
            .update(new Uint8Array(await file.arrayBuffer()))
            .digest('hex')
          docName = docName || file.name
          Object.assign(doc, { name: docName, sha256: sha, size: file.size })
          if (file.type) doc.mediaType = file.type.slice(0, 200)
          values.set(`${name}.name`, docName)
          values.set(`${name}.sha256`, sha)
        }
        if (docName === '' && sha === '') break
        setPath(data, f.path, { name: docName, sha256: sha })
        // The same document may serve twice in one step (draft and explanation); list it once.
        if (!evidence.some((e) => e.sha256 === sha)) {
          evidence.push(doc)
          docOwner.push(name)
        }
        break
      }
      case 'statements': {
        const attendees: string[] = []
        const statements: Array<Record<string, unknown>> = []
        for (let r = 0; r < f.rows; r++) {
          const row = `d.rows.${r}`
          const personId = str(posted, `${row}.personId`)
          if (personId === '') continue
          attendees.push(personId)
          attendeeRow.push(r)
          const position = str(posted, `${row}.position`)
          if (position === '') continue
          const s: Record<string, unknown> = { personId, order: numberOrRaw(str(posted, `${row}.order`)), position }
          const text = str(posted, `${row}.text`)
          if (text !== '') s.text = text
          statements.push(s)
          statementRow.push(r)
        }
        data.attendees = attendees
        data.statements = statements
        break
      }
    }
  }

  const keyOf = (path: ReadonlyArray<string | number>): string => {
    const [head, ...rest] = path.map(String)
    if (head === 'evidence') return `${docOwner[Number(rest[0])] ?? 'evidence'}`
    if (head !== 'data') return head ?? ''
    const [field, index, ...more] = rest
    if (field === 'statements' && index !== undefined && /^\d+$/.test(index)) {
      const r = statementRow[Number(index)]
      return r === undefined ? 'd.statements' : [`d.rows.${r}`, ...more].join('.')
    }
    if (field === 'attendees') {
      const r = index !== undefined ? attendeeRow[Number(index)] : undefined
      return r === undefined ? 'd.statements' : `d.rows.${r}.personId`
    }
    return ['d', ...rest].join('.')
  }
  return { occurredAt, data, evidence, values, keyOf }
}

const MESSAGES: Record<string, { zh: string; en: string }> = {
  invalid_type: { zh: '必填，或格式不对', en: 'Required, or of the wrong kind' },
  too_small: { zh: '太短或太少', en: 'Too short or too few' },
  too_big: { zh: '太长或太多', en: 'Too long or too many' },
  invalid_format: { zh: '格式不正确', en: 'Wrong format' },
  invalid_value: { zh: '不是可选的值', en: 'Not one of the allowed values' },
  unrecognized_key: { zh: '未知字段', en: 'Unknown field' },
}

/** The issue in the reader's language; the schema's own words are kept (they name the rule). */
export function issueText(issue: FieldIssue, lang: Lang): string {
  if (issue.code === 'invalid_type' && /undefined/.test(issue.message)) return lang === 'zh' ? '必填' : 'Required'
  const m = issue.code ? MESSAGES[issue.code] : undefined
  if (!m) return issue.message
  return lang === 'zh' ? `${m.zh}（${issue.message}）` : `${m.en} (${issue.message})`
}
