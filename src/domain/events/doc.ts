// Renders docs/events.md from the schemas themselves (through z.toJSONSchema), so the reference
// cannot drift from what the service accepts: test/domain/events-doc.test.ts compares the two.
// Pure and deterministic: the same schemas always give the same bytes.
import { z } from 'zod'
import { decisionEventSchemas, isDecisionEventType, SCHEMA_VERSIONS } from './decision-events'
import { directoryEventSchemas } from './directory-events'
import { FindingId } from './integrity'
import { EVENT_ARTICLES, EVENT_GROUP_LABELS, EVENT_GROUPS, EVENT_LABELS, type EventType } from './labels'
import {
  CalendarDate,
  DocRef,
  EventIdRef,
  EvidenceDoc,
  LIMITS,
  OrgRef,
  PersonRef,
  PositionRef,
  RulebookId,
  Timestamp,
} from './primitives'

/** The part of JSON Schema that z.toJSONSchema emits for our schemas. */
interface Json {
  type?: string
  $ref?: string
  $defs?: Record<string, Json>
  enum?: unknown[]
  properties?: Record<string, Json>
  required?: string[]
  items?: Json
  additionalProperties?: boolean | Json
  description?: string
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minimum?: number
  uniqueItems?: boolean
}

const jsonOf = (schema: z.ZodType): Json => z.toJSONSchema(schema) as Json

const SHARED: Array<[string, z.ZodType]> = [
  ['DocRef', DocRef],
  ['EvidenceDoc', EvidenceDoc],
  ['PersonRef', PersonRef],
  ['OrgRef', OrgRef],
  ['PositionRef', PositionRef],
  ['EventIdRef', EventIdRef],
  ['Timestamp', Timestamp],
  ['CalendarDate', CalendarDate],
  ['RulebookId', RulebookId],
  ['FindingId', FindingId],
]

const NOT_BLANK = '\\S'
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ')
const code = (s: unknown) => `\`${String(s)}\``

function typeOf(p: Json): string {
  if (p.$ref) return p.$ref.replace('#/$defs/', '')
  if (p.enum) return 'enum'
  if (p.type === 'array') return `${p.items ? typeOf(p.items) : 'unknown'}[]`
  if (p.type === 'object' && !p.properties) return 'object (any fields)'
  return p.type ?? 'unknown'
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && min > 0 && max !== undefined) return `${min}–${max} ${unit}`
  if (max !== undefined) return `≤ ${max} ${unit}`
  if (min !== undefined && min > 0) return `≥ ${min} ${unit}`
  return undefined
}

/** Constraints of a scalar, in words. */
function scalarNotes(p: Json): string[] {
  const notes: string[] = []
  if (p.enum) notes.push(p.enum.map(code).join(' · '))
  const length = range(p.minLength, p.maxLength, 'chars')
  if (length) notes.push(length)
  if (p.pattern === NOT_BLANK) notes.push('not blank')
  else if (p.pattern && !p.format) notes.push(`pattern ${code(p.pattern)}`)
  if (p.type === 'integer' && p.minimum !== undefined && p.minimum > Number.MIN_SAFE_INTEGER) {
    notes.push(`≥ ${p.minimum}`)
  }
  return notes
}

/** "Description — constraint; constraint": the prose first, the machine-checked limits after. */
const joinNotes = (description: string | undefined, constraints: string[]) =>
  cell([description, constraints.join('; ')].filter((s) => s).join(' — '))

function notesOf(p: Json): string {
  const notes: string[] = []
  if (p.type === 'array') {
    const count = range(p.minItems, p.maxItems, 'items')
    if (count) notes.push(count)
    if (p.uniqueItems) notes.push('no repeats')
    const each = p.items && !p.items.$ref && p.items.type !== 'object' ? scalarNotes(p.items) : []
    if (each.length > 0) notes.push(`each: ${each.join(', ')}`)
  } else if (!p.$ref) notes.push(...scalarNotes(p))
  return joinNotes(p.description, notes)
}

interface Row {
  field: string
  type: string
  required: boolean
  notes: string
}

/** Flattens nested inline objects into dotted rows (`proposal.source`, `statements[].order`). */
function rowsOf(schema: Json, prefix = ''): Row[] {
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties ?? {}).flatMap(([key, p]) => {
    const field = `${prefix}${key}`
    const row: Row = { field, type: typeOf(p), required: required.has(key), notes: notesOf(p) }
    if (p.type === 'object' && p.properties) return [row, ...rowsOf(p, `${field}.`)]
    if (p.type === 'array' && p.items?.type === 'object' && p.items.properties) {
      return [row, ...rowsOf(p.items, `${field}[].`)]
    }
    return [row]
  })
}

const table = (rows: Row[]): string[] =>
  rows.length === 0
    ? ['No fields: the payload is `{}`.']
    : [
        '| field | type | required | notes |',
        '|---|---|---|---|',
        ...rows.map((r) => `| ${code(r.field)} | ${r.type} | ${r.required ? 'yes' : 'no'} | ${r.notes} |`),
      ]

function eventSection(type: EventType): string[] {
  const schema = isDecisionEventType(type) ? decisionEventSchemas[type] : directoryEventSchemas[type]
  const json = jsonOf(schema)
  const label = EVENT_LABELS[type]
  const lines = [
    `### ${type}`,
    '',
    `${label.zh} · ${label.en} — Decree 713: ${EVENT_ARTICLES[type]} — schemaVersion ${SCHEMA_VERSIONS[type]}`,
    '',
  ]
  if (json.description) lines.push(`Checks: ${json.description}`, '')
  return [...lines, ...table(rowsOf(json)), '']
}

function sharedSection(): string[] {
  const lines = ['## Shared types', '', '| type | JSON | rule |', '|---|---|---|']
  const objects: string[] = []
  for (const [name, schema] of SHARED) {
    const def = jsonOf(schema).$defs?.[name] ?? {}
    const constraints = [...(def.format ? [`format ${code(def.format)}`] : []), ...scalarNotes(def)]
    lines.push(`| ${code(name)} | ${def.type ?? ''} | ${joinNotes(def.description, constraints)} |`)
    if (def.type === 'object') objects.push('', `${code(name)} fields:`, '', ...table(rowsOf(def)))
  }
  return [...lines, ...objects, '']
}

/** 20000 → "20,000", independent of the machine's locale. */
const n = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, ',')

const INTRO = [
  '# Event payloads',
  '',
  '<!-- Generated by `npx tsx scripts/gen-events-doc.ts` from src/domain/events. Do not edit by hand:',
  '     test/domain/events-doc.test.ts fails when this file and the schemas disagree. -->',
  '',
  'The `data` of every event type of spec/domain.md §3 (decisions) and §4 (directory), as the service',
  'validates it. The envelope (§2) is described in the spec.',
  '',
  '## Conventions',
  '',
  '- **Strict.** Every object refuses unknown fields, at any depth; errors name the JSON path of each bad field.',
  '- **Optional means absent.** An optional field is left out, never sent as `null`.',
  '- **No defaults, no rewriting.** The payload is stored and hashed exactly as recorded. In',
  '  `DecisionInitiated.flags` an absent flag means `false`.',
  '- **Record, do not refuse.** A step that is late, short, unsigned, incomplete or out of order is accepted',
  '  and becomes a compliance finding. Only payloads that cannot describe something that happened are refused',
  '  (see "Checks" under each type).',
  '- **Documents.** Every `DocRef` in a payload must appear in the event `evidence` (checked by the service',
  '  with `docRefsIn`): matched by sha256, which identifies the document (evidence may not list one twice);',
  "  the name in the payload labels the reference and may differ from the evidence entry's.",
  `- **Limits.** Titles and names ≤ ${n(LIMITS.title)} characters, free text ≤ ${n(LIMITS.text)}, list items`,
  `  ≤ ${n(LIMITS.item)}, lists ≤ ${n(LIMITS.list)} items; text may not be blank. Counts are integers ≥ 0.`,
  '- **Corrections.** `EventCorrected.data` is the full corrected payload, validated against the schema of the',
  '  corrected event type and checked against the correcting role like a direct write of that type; an',
  '  `EventCorrected` is never itself corrected. Reports, the accountability trail and the decision state',
  '  (classification, rulebook, review body, executing unit) read the corrected payload.',
  '',
]

/** The whole of docs/events.md. */
export function renderEventsDoc(): string {
  const groups = Object.entries(EVENT_GROUPS) as Array<[keyof typeof EVENT_GROUPS, readonly EventType[]]>
  const contents = groups.map(([id]) => {
    const g = EVENT_GROUP_LABELS[id]
    return `- ${g.en} (${g.zh}) — ${g.articles}`
  })
  const body = groups.flatMap(([id, types]) => {
    const g = EVENT_GROUP_LABELS[id]
    return [`## ${g.en} (${g.zh})`, '', `Decree 713 ${g.articles}.`, '', ...types.flatMap(eventSection)]
  })
  return [...INTRO, '## Phases', '', ...contents, '', ...sharedSection(), ...body].join('\n').trimEnd() + '\n'
}
