// Loading, validating and resolving rulebooks (rules.md §1). Pure: documents come in as values
// (the shipped JSON files are bundled; RULEBOOKS_DIR files are read by the caller).
import cn713 from '../rulebooks/cn-713.json'
import cnShanghai from '../rulebooks/cn-shanghai.json'
import cnShenzhen from '../rulebooks/cn-shenzhen.json'
import { localDate } from '../time'
import {
  PARAMETER_NAMES,
  type ParameterName,
  type ParameterSource,
  type ParameterValues,
  type ResolvedRulebook,
  RulebookDocument,
} from './schema'
import { droppedChecks, looseningIssues, type RulebookIssue } from './tighten'

const SHIPPED_RULEBOOKS: readonly unknown[] = [cn713, cnShanghai, cnShenzhen]
export const DEFAULT_RULEBOOK_ID = 'cn-713'
const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

export interface RulebookSummary {
  id: string
  version: number
  effectiveFrom: string
  extends?: string
  title: { zh: string; en: string }
  jurisdiction: string
}

export interface RulebookRegistry {
  /** Every loaded version, by id then effectiveFrom. */
  list(): RulebookSummary[]
  /** All versions of one rulebook, oldest first. */
  get(id: string): { id: string; versions: RulebookDocument[] } | undefined
  /**
   * The version of `id` in force on `date` (YYYY-MM-DD, or an instant taken in the rulebook's
   * time zone), merged with its ancestors as they stood on that date.
   */
  resolve(id: string, date: string): ResolvedRulebook | undefined
  documents(): RulebookDocument[]
}

export type RulebookValidation = { ok: true; rulebook: RulebookDocument } | { ok: false; errors: RulebookIssue[] }

export class RulebookLoadError extends Error {
  readonly errors: ReadonlyArray<RulebookIssue & { document: string }>
  constructor(errors: ReadonlyArray<RulebookIssue & { document: string }>) {
    super(`invalid rulebook(s): ${errors.map((e) => `${e.document} ${e.path}: ${e.message}`).join('; ')}`)
    this.name = 'RulebookLoadError'
    this.errors = errors
  }
}

type Store = ReadonlyMap<string, readonly RulebookDocument[]>

const label = (d: { id: string; version: number }) => `${d.id} v${d.version}`
const byEffective = (a: RulebookDocument, b: RulebookDocument) =>
  a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version

function withDoc(store: Store, doc: RulebookDocument): Store {
  const next = new Map(store)
  const versions = (next.get(doc.id) ?? []).filter((d) => d.version !== doc.version)
  next.set(doc.id, [...versions, doc].sort(byEffective))
  return next
}

function timeZoneOf(store: Store, doc: RulebookDocument, depth = 0): string {
  const own = doc.parameters.timeZone?.value
  if (own !== undefined) return own
  const parent = doc.extends === undefined || depth > 20 ? undefined : store.get(doc.extends)?.at(-1)
  return parent ? timeZoneOf(store, parent, depth + 1) : DEFAULT_TIME_ZONE
}

function versionInForce(store: Store, id: string, date: string): RulebookDocument | undefined {
  const versions = store.get(id) ?? []
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]
    if (!v) continue
    const day = localDate(date, timeZoneOf(store, v))
    if (day !== undefined && v.effectiveFrom <= day) return v
  }
  return undefined
}

/** `doc` and the versions of its ancestors in force on `date`, `doc` first; undefined if one is missing. */
function chainInForce(store: Store, doc: RulebookDocument, date: string): RulebookDocument[] | undefined {
  const chain = [doc]
  for (let d = doc; d.extends !== undefined; ) {
    // At most 21 ancestors: a longer chain (or a cycle of extends) resolves to nothing.
    const parent = chain.length > 21 ? undefined : versionInForce(store, d.extends, date)
    if (!parent) return undefined
    chain.push(parent)
    d = parent
  }
  return chain
}

/** `doc` over its resolved parent (none for a base rulebook); undefined if a parameter is left unset. */
function overlay(parent: ResolvedRulebook | undefined, doc: RulebookDocument): ResolvedRulebook | undefined {
  const self = { id: doc.id, version: doc.version }
  const parameters: Record<string, unknown> = { ...parent?.parameters }
  const sources: Record<string, ParameterSource> = { ...parent?.sources }
  for (const name of PARAMETER_NAMES) {
    const entry = doc.parameters[name]
    if (!entry) continue
    parameters[name] = entry.value
    sources[name] =
      entry.note === undefined
        ? { basis: entry.basis, rulebook: self }
        : { basis: entry.basis, note: entry.note, rulebook: self }
  }
  if (PARAMETER_NAMES.some((n) => !(n in parameters))) return undefined
  return {
    id: doc.id,
    version: doc.version,
    effectiveFrom: doc.effectiveFrom,
    title: doc.title,
    jurisdiction: doc.jurisdiction,
    chain: [...(parent?.chain ?? []), self],
    parameters: parameters as ParameterValues,
    checks: [...new Set([...(parent?.checks ?? []), ...(doc.checks ?? [])])],
    sources: sources as ResolvedRulebook['sources'],
  }
}

/** The documents of a chain (`chainInForce`) merged, base first. */
function mergeChain(chain: readonly RulebookDocument[]): ResolvedRulebook | undefined {
  let resolved: ResolvedRulebook | undefined
  for (let i = chain.length - 1; i >= 0; i--) {
    resolved = overlay(resolved, chain[i] as RulebookDocument)
    if (!resolved) return undefined
  }
  return resolved
}

function resolveDoc(store: Store, doc: RulebookDocument, date: string): ResolvedRulebook | undefined {
  const chain = chainInForce(store, doc, date)
  return chain && mergeChain(chain)
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

function zodIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): RulebookIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }))
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function validateAgainst(raw: unknown, store: Store): RulebookValidation {
  const parsed = RulebookDocument.safeParse(raw)
  if (!parsed.success) return { ok: false, errors: zodIssues(parsed.error) }
  const doc = parsed.data
  const errors: RulebookIssue[] = []
  const existing = store.get(doc.id)?.find((d) => d.version === doc.version)
  if (existing && !sameJson(existing, doc)) {
    errors.push({
      path: 'version',
      message: `${label(doc)} is already loaded with different content; give the new text a new version`,
    })
  }
  if (doc.extends === undefined) {
    for (const name of PARAMETER_NAMES) {
      if (!doc.parameters[name])
        errors.push({ path: `parameters.${name}`, message: 'required in a base rulebook (one without extends)' })
    }
    if (doc.checks === undefined)
      errors.push({ path: 'checks', message: 'required in a base rulebook (one without extends)' })
  } else if (doc.extends === doc.id) {
    errors.push({ path: 'extends', message: 'a rulebook cannot extend itself' })
  } else if (!store.has(doc.extends)) {
    errors.push({ path: 'extends', message: `unknown rulebook ${doc.extends}` })
  } else {
    errors.push(...overlayIssues(store, doc))
  }
  if (errors.length === 0) errors.push(...childIssues(store, doc))
  const unique = errors.filter((e, i) => errors.findIndex((x) => x.path === e.path && x.message === e.message) === i)
  return unique.length ? { ok: false, errors: unique } : { ok: true, rulebook: doc }
}

/** The ids `doc` extends, directly or through its ancestors' versions (stops at a cycle or after 21). */
function ancestorIds(store: Store, doc: RulebookDocument): string[] {
  const ids: string[] = []
  const queue = doc.extends === undefined ? [] : [doc.extends]
  for (let id = queue.shift(); id !== undefined && ids.length <= 21; id = queue.shift()) {
    if (id === doc.id || ids.includes(id)) continue
    ids.push(id)
    for (const v of store.get(id) ?? []) if (v.extends !== undefined) queue.push(v.extends)
  }
  return ids
}

/**
 * The dates on which the parent of `doc`, resolved along its whole chain, may change while `doc`
 * is in force: its effectiveFrom and each later effectiveFrom of a version of any ancestor, up to
 * the next version of `doc` itself (`store` holds `doc`).
 */
function parentChangeDates(store: Store, doc: RulebookDocument): string[] {
  const own = store.get(doc.id) ?? []
  const successor = own[own.findIndex((v) => v.version === doc.version) + 1]
  const dates = new Set([doc.effectiveFrom])
  for (const id of ancestorIds(store, doc))
    for (const v of store.get(id) ?? [])
      if (v.effectiveFrom > doc.effectiveFrom && (!successor || v.effectiveFrom < successor.effectiveFrom))
        dates.add(v.effectiveFrom)
  return [...dates].sort()
}

interface Loosening {
  issue: RulebookIssue
  /** The parent as resolved on the date, and how to name it. */
  parent: ResolvedRulebook
  parentLabel: string
}

/**
 * How `doc` loosens its parent as resolved (the whole chain) on each of `dates`: one issue per
 * field, on the first date it appears. Dropped checks only when `withChecks`.
 */
function looseningsOnDates(
  store: Store,
  doc: RulebookDocument,
  dates: readonly string[],
  withChecks: boolean,
): { loosenings: Loosening[]; unresolved: RulebookIssue[] } {
  const parentId = doc.extends ?? ''
  const loosenings: Loosening[] = []
  const unresolved: RulebookIssue[] = []
  for (const date of dates) {
    const pv = versionInForce(store, parentId, date)
    if (!pv) continue
    const parent = resolveDoc(store, pv, date)
    if (!parent) {
      unresolved.push({ path: 'extends', message: `${label(pv)} cannot be resolved on ${date}` })
      continue
    }
    // Name the ancestors' versions when the parent's own version is not what changed on `date`.
    const over = parent.chain.slice(0, -1).reverse().map(label).join(' < ')
    const parentLabel =
      date === pv.effectiveFrom || date === doc.effectiveFrom || !over
        ? label(pv)
        : `${label(pv)} on ${date} (over ${over})`
    const issues = [
      ...looseningIssues(doc.parameters, parent.parameters, parentLabel),
      ...(withChecks ? droppedChecks(doc.checks, parent.checks, parentLabel) : []),
    ]
    for (const issue of issues)
      if (!loosenings.some((l) => l.issue.path === issue.path)) loosenings.push({ issue, parent, parentLabel })
  }
  return { loosenings, unresolved }
}

/**
 * Check the overlay against its parent as resolved along the whole chain on its effectiveFrom and
 * on every later date a version of any ancestor takes effect (rules.md §1: never looser).
 */
function overlayIssues(store: Store, doc: RulebookDocument): RulebookIssue[] {
  const parentId = doc.extends ?? ''
  if (!versionInForce(store, parentId, doc.effectiveFrom))
    return [{ path: 'effectiveFrom', message: `${parentId} has no version in force on ${doc.effectiveFrom}` }]
  const { loosenings, unresolved } = looseningsOnDates(store, doc, parentChangeDates(withDoc(store, doc), doc), true)
  return [...unresolved, ...loosenings.map((l) => l.issue)]
}

/**
 * A new version of a rulebook must not leave an existing overlay below it, at any depth, looser
 * than that overlay's parent as resolved once the new version is in force.
 */
function childIssues(store: Store, doc: RulebookDocument): RulebookIssue[] {
  const next = withDoc(store, doc)
  const issues: RulebookIssue[] = []
  for (const [, versions] of next) {
    for (const child of versions) {
      if (child === doc || child.extends === undefined || !ancestorIds(next, child).includes(doc.id)) continue
      const dates = parentChangeDates(next, child).filter((d) => d >= doc.effectiveFrom)
      for (const { issue, parent, parentLabel } of looseningsOnDates(next, child, dates, false).loosenings) {
        const name = issue.path.replace('parameters.', '') as ParameterName
        const whom = child.extends === doc.id ? 'it' : parentLabel
        issues.push({
          path: issue.path,
          message: `would make ${label(child)} loosen ${whom}: ${child.parameters[name]?.value} vs ${JSON.stringify(parent.parameters[name])}`,
        })
      }
    }
  }
  return issues
}

function makeRegistry(store: Store): RulebookRegistry {
  // Resolved rulebooks by the documents in force along the chain. Every evaluation resolves its
  // decision's rulebook, and the merge is the same on every date with the same chain; the store
  // never changes, and the shared result is frozen.
  const resolved = new Map<string, ResolvedRulebook>()
  return {
    list: () =>
      [...store.keys()].sort().flatMap((id) =>
        (store.get(id) ?? []).map((d) => ({
          id: d.id,
          version: d.version,
          effectiveFrom: d.effectiveFrom,
          ...(d.extends === undefined ? {} : { extends: d.extends }),
          title: d.title,
          jurisdiction: d.jurisdiction,
        })),
      ),
    get: (id) => {
      const versions = store.get(id)
      return versions ? { id, versions: [...versions] } : undefined
    },
    resolve: (id, date) => {
      const doc = versionInForce(store, id, date)
      const chain = doc && chainInForce(store, doc, date)
      if (!chain) return undefined
      const key = chain.map(label).join(' < ')
      let r = resolved.get(key)
      if (r === undefined) {
        r = mergeChain(chain)
        if (r) resolved.set(key, deepFreeze(r))
      }
      return r
    },
    documents: () => [...store.values()].flat(),
  }
}

function storeOf(registry: RulebookRegistry): Store {
  let store: Store = new Map()
  for (const d of registry.documents()) store = withDoc(store, d)
  return store
}

/**
 * Checks a rulebook or overlay document against the registry it would join: its form, and that
 * it does not loosen its parent (nor let an existing overlay loosen it). Backs `rulebook validate`.
 */
export function validateRulebookDocument(doc: unknown, registry: RulebookRegistry): RulebookValidation {
  return validateAgainst(doc, storeOf(registry))
}

const docName = (raw: unknown, index: number): string => {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  return typeof r.id === 'string'
    ? `${r.id}${typeof r.version === 'number' ? ` v${r.version}` : ''}`
    : `document #${index + 1}`
}

/**
 * The shipped rulebooks plus `extraDocuments` (e.g. the files of RULEBOOKS_DIR), in any order:
 * an overlay may extend another extra document. Throws RulebookLoadError naming every bad field.
 */
export function createRulebookRegistry(extraDocuments: readonly unknown[] = []): RulebookRegistry {
  let store: Store = new Map()
  const errors: Array<RulebookIssue & { document: string }> = []
  let pending = [...SHIPPED_RULEBOOKS, ...extraDocuments].map((raw, index) => ({ raw, index }))
  // Overlays wait until their parent is loaded; stop when a pass makes no progress.
  for (let progress = true; progress && pending.length; ) {
    progress = false
    const waiting: typeof pending = []
    for (const item of pending) {
      const r = item.raw && typeof item.raw === 'object' ? (item.raw as Record<string, unknown>) : {}
      if (typeof r.extends === 'string' && r.extends !== r.id && !store.has(r.extends)) {
        waiting.push(item)
        continue
      }
      const result = validateAgainst(item.raw, store)
      progress = true
      if (result.ok) store = withDoc(store, result.rulebook)
      else errors.push(...result.errors.map((e) => ({ ...e, document: docName(item.raw, item.index) })))
    }
    pending = waiting
  }
  for (const item of pending) {
    const r = item.raw as Record<string, unknown>
    errors.push({
      document: docName(item.raw, item.index),
      path: 'extends',
      message: `unknown rulebook ${String(r.extends)}`,
    })
  }
  if (errors.length) throw new RulebookLoadError(errors)
  return makeRegistry(store)
}
