// Recording decisions: initiate a stream, append an event. load → validate → authorize →
// check sequence → chain → append with projections, all through appendWithRetry.
import { sql } from 'kysely'
import { z } from 'zod'
import { type Allowed, type DecisionContext, isPublic, mayRead, mayRecord, payloadBound } from '../domain/authority'
import { type DecisionState, evolve, initialState } from '../domain/decision-state'
import type { Actor, EvidenceDoc, StoredEvent } from '../domain/envelope'
import { DomainError, type FieldIssue } from '../domain/errors'
import {
  correctedDataSchema,
  DecisionInitiated,
  decisionEventSchemas,
  docRefsIn,
  EvidenceDoc as EvidenceDocSchema,
  isDecisionEventType,
  SCHEMA_VERSIONS,
} from '../domain/events'
import { directoryRefsIn } from '../domain/references'
import { answeredEvent, checkSequence, referencedEventIds } from '../domain/sequence'
import { parseOrThrow } from '../domain/validation'
import { projectDecision } from '../projections/decisions'
import { rowChunks } from '../store/backend'
import { type AppendResult, appendWithRetry } from './append'
import { projectCompliance } from './compliance-projection'
import type { AppDeps } from './deps'
import { lineage } from './directory'
import { chainEvents, type EventInput } from './envelope'
import type { IdempotencyRequest } from './idempotency'
import { REPLAYED_CORRECTIONS, replayDecision, withDefaultRulebook } from './rebuild-chunk'

export interface EnvelopeInput {
  occurredAt: string
  data: unknown
  evidence?: unknown
  correlationId?: string | undefined
  causationId?: string | undefined
}

const schemaVersion = (type: string) => SCHEMA_VERSIONS[type as keyof typeof SCHEMA_VERSIONS] ?? 1

export const isDecisionId = (id: string) => /^dec_[0-9A-HJKMNP-TV-Z]{26}$/.test(id)

/** Which of `ids` exist in the directory table, looked up in chunks (D1's parameter limit). */
async function existing(
  deps: AppDeps,
  table: 'organizations' | 'people',
  column: 'org_id' | 'person_id',
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const part of rowChunks(ids, 1)) {
    const rows = await deps.store.db
      .selectFrom(table)
      .select(sql.ref<string>(column).as('id'))
      .where(sql.ref(column), 'in', part)
      .execute()
    for (const r of rows) found.add(r.id)
  }
  return found
}

/** Built once: a zod schema costs more to construct than to run. */
const EvidenceListSchema = z.array(EvidenceDocSchema).max(1000)

/** Shared checks of domain.md §2-3 on any decision event before authority and sequence. */
async function validateEnvelope(
  deps: AppDeps,
  input: EnvelopeInput,
  data: Record<string, unknown>,
): Promise<EvidenceDoc[]> {
  const evidence = parseOrThrow(
    EvidenceListSchema,
    input.evidence ?? [],
    ['evidence'],
    'evidence list',
  ) as EvidenceDoc[]
  const issues: FieldIssue[] = []
  const seen = new Map<string, number>()
  evidence.forEach((doc, i) => {
    if (seen.has(doc.sha256))
      issues.push({ path: ['evidence', i, 'sha256'], message: `same document as evidence[${seen.get(doc.sha256)}]` })
    seen.set(doc.sha256, i)
  })
  if (issues.length) throw new DomainError('validation-failed', 'The evidence list names a document twice.', issues)

  const occurred = Date.parse(input.occurredAt)
  if (occurred > deps.clock().getTime() + deps.config.maxFutureMs) {
    throw new DomainError('occurred-in-future', 'occurredAt is more than 5 minutes in the future.', [
      { path: ['occurredAt'], message: 'more than 5 minutes after the server clock' },
    ])
  }
  const missing = docRefsIn(data)
    .filter((f) => !seen.has(f.ref.sha256))
    .map((f) => ({
      path: ['data', ...f.path],
      message: `document ${f.ref.name} (${f.ref.sha256.slice(0, 12)}…) is not in evidence`,
    }))
  if (missing.length)
    throw new DomainError(
      'doc-ref-not-in-evidence',
      'A payload references a document that is not in the event’s evidence list.',
      missing,
    )

  const refs = directoryRefsIn(data, ['data'])
  const unknown: FieldIssue[] = []
  const orgIds = [...new Set(refs.filter((r) => r.kind === 'organization').map((r) => r.id))]
  const personIds = [...new Set(refs.filter((r) => r.kind === 'person').map((r) => r.id))]
  const knownOrgs = await existing(deps, 'organizations', 'org_id', orgIds)
  const knownPeople = await existing(deps, 'people', 'person_id', personIds)
  for (const r of refs) {
    if (r.kind === 'organization' ? !knownOrgs.has(r.id) : !knownPeople.has(r.id))
      unknown.push({ path: r.path, message: `unknown ${r.kind} ${r.id}` })
  }
  if (unknown.length)
    throw new DomainError(
      'unknown-reference',
      'The payload names an organization or person that is not in the directory.',
      unknown,
    )
  return evidence
}

export async function decisionContext(deps: AppDeps, state: DecisionState): Promise<DecisionContext> {
  return { organLineage: await lineage(deps, state.organId) }
}

function forbidden(permission: string, reason: string, errors?: FieldIssue[]): never {
  throw new DomainError('forbidden', `Missing permission: ${permission}. ${reason}`, errors, { permission })
}

/**
 * Throws the 403 of a refusal; one that rests on a payload field names it under `at` (`data` for a
 * direct write, `data.data` for the corrected payload of an EventCorrected).
 */
function refuse(allowed: Extract<Allowed, { ok: false }>, at: readonly string[]): never {
  const errors = allowed.path && [{ path: [...at, ...allowed.path], message: allowed.reason }]
  forbidden(allowed.permission, allowed.reason, errors)
}

/**
 * A head written before the state kept its corrections' inputs (initialFlags, reclassifications,
 * named) is replayed from the stream, so that this append applies every correction in full.
 */
function current(deps: AppDeps, state: DecisionState, stream: readonly StoredEvent[]): DecisionState {
  const complete = Array.isArray(state.reclassifications) && state.initialFlags !== undefined && !!state.named
  return complete ? state : (replayDecision(deps, stream) ?? state)
}

/**
 * The rulebook an initiation names (or the default) must be loaded and have a version in force on
 * the initiation's date, the one its reports are judged under (rules.md §1); the path names the
 * field. A decision no report could be made for is refused rather than stored.
 */
function requireKnownRulebook(
  deps: AppDeps,
  data: Record<string, unknown>,
  occurredAt: string,
  at: readonly string[],
): void {
  const rulebook = (data.rulebook as string | undefined) ?? deps.config.defaultRulebook
  if (!deps.config.rulebookIds().includes(rulebook)) {
    throw new DomainError('unknown-reference', `No rulebook ${rulebook}.`, [
      { path: [...at, 'rulebook'], message: `unknown rulebook; known: ${deps.config.rulebookIds().join(', ')}` },
    ])
  }
  if (!deps.rulebooks.resolve(rulebook, occurredAt)) {
    const since = deps.rulebooks.get(rulebook)?.versions[0]?.effectiveFrom
    const detail = `${rulebook} has no version in force on ${occurredAt}${since ? ` (in force from ${since})` : ''}`
    throw new DomainError('unknown-reference', `${detail}: the decision could not be judged under it.`, [
      { path: [...at, 'rulebook'], message: detail },
    ])
  }
}

export async function initiateDecision(
  deps: AppDeps,
  actor: Actor,
  input: EnvelopeInput,
  idempotency?: IdempotencyRequest,
): Promise<AppendResult & { decisionId?: string }> {
  const data = parseOrThrow(DecisionInitiated, input.data, ['data'], 'DecisionInitiated payload') as Record<
    string,
    unknown
  >
  if (actor.role !== 'organ_office')
    forbidden(
      'record DecisionInitiated',
      `only the decision organ's office (organ_office) initiates decisions; this token is ${actor.role}`,
    )
  const bound = payloadBound(actor, 'DecisionInitiated', data)
  if (!bound.ok) refuse(bound, ['data'])
  const evidence = await validateEnvelope(deps, input, data)
  requireKnownRulebook(deps, data, input.occurredAt, ['data'])
  const decisionId = `dec_${deps.newId()}`
  const result = await appendWithRetry<DecisionState>(deps, decisionId, { idempotency }, async () => {
    const eventInput: EventInput = { type: 'DecisionInitiated', occurredAt: input.occurredAt, data, evidence }
    if (input.correlationId !== undefined) eventInput.correlationId = input.correlationId
    if (input.causationId !== undefined) eventInput.causationId = input.causationId
    const [event] = chainEvents(deps, decisionId, { version: 0, headHash: '' }, actor, [eventInput], schemaVersion)
    if (!event) throw new Error('unreachable')
    const state = withDefaultRulebook(deps, initialState({ ...event, position: 0 }))
    return {
      unit: {
        streamId: decisionId,
        kind: 'decision',
        expectedVersion: 0,
        events: [event],
        newState: state,
        also: [
          ...projectDecision(deps.store.db, state, undefined),
          ...(await projectCompliance(deps, state, [{ ...event, position: 0 }], event.recordedAt)),
        ],
      },
      response: { status: 201, events: [event.eventId], shape: 'created' },
    }
  })
  return { ...result, decisionId }
}

export async function recordEvent(
  deps: AppDeps,
  actor: Actor,
  decisionId: string,
  input: EnvelopeInput & { type: string },
  opts: { ifMatch?: number | undefined; idempotency?: IdempotencyRequest | undefined } = {},
): Promise<AppendResult> {
  const { type } = input
  if (!isDecisionEventType(type)) {
    throw new DomainError('unknown-event-type', `Unknown event type ${JSON.stringify(type)}.`, [
      { path: ['type'], message: 'not an event type of domain.md §3' },
    ])
  }
  if (type === 'PublicFeedbackReceived' && actor.role !== 'public') {
    forbidden(
      'record PublicFeedbackReceived',
      'public feedback is received only through POST /v1/public/decisions/{id}/feedback',
    )
  }
  const data = parseOrThrow(decisionEventSchemas[type], input.data, ['data'], `${type} payload`) as Record<
    string,
    unknown
  >
  return appendWithRetry<DecisionState>(
    deps,
    decisionId,
    { ifMatch: opts.ifMatch, idempotency: opts.idempotency },
    async (head) => {
      if (head?.kind !== 'decision') throw new DomainError('not-found', `No decision ${decisionId}.`)
      // The stream as of the head read (one indexed query; a decision stream is tens of events):
      // the compliance projection below evaluates it plus the new event.
      const stream = (await deps.store.readStream(decisionId)).filter((e) => e.version <= head.version)
      const state = current(deps, head.state, stream)
      const ctx = await decisionContext(deps, state)
      // No read check here: a reviewer or legality body may record its own assessment or opinion
      // before it is "part of" the decision; mayRecord decides, per role.
      const refIds = new Set(referencedEventIds(type, data))
      const refs = new Map(stream.filter((e) => refIds.has(e.eventId)).map((e) => [e.eventId, e]))
      let correctedType: string | undefined
      let originalOrg: string | undefined
      if (type === 'EventCorrected') {
        const original = refs.get(data.correctsEventId as string)
        if (original) {
          correctedType = original.type
          originalOrg = original.actor.orgId
          const schema = correctedDataSchema(original.type)
          if (schema) parseOrThrow(schema, data.data, ['data', 'data'], `corrected ${original.type} payload`)
          // The report reads the corrected initiation's rulebook (rules.md §1): it must be one loaded.
          if (original.type === 'DecisionInitiated')
            requireKnownRulebook(deps, data.data as Record<string, unknown>, original.occurredAt, ['data', 'data'])
        }
      }
      const allowed =
        type === 'PublicFeedbackReceived'
          ? isPublic(state)
            ? { ok: true as const }
            : {
                ok: false as const,
                permission: 'leave feedback',
                reason: 'feedback is open on published, disclosable decisions only',
              }
          : mayRecord(actor, type, data, state, ctx, originalOrg, correctedType)
      if (!allowed.ok) refuse(allowed, type === 'EventCorrected' ? ['data', 'data'] : ['data'])
      const evidence = await validateEnvelope(deps, input, data)
      const needsFindings =
        type === 'FindingAnnotated' || type === 'FindingResolved' || type === 'InspectionFindingRecorded'
      const computed = needsFindings ? await deps.findings(stream) : new Set<string>()
      checkSequence(state, type, data, refs, computed, input.occurredAt, answeredEvent(state, type, data, stream))

      const eventInput: EventInput = { type, occurredAt: input.occurredAt, data, evidence }
      if (input.correlationId !== undefined) eventInput.correlationId = input.correlationId
      if (input.causationId !== undefined) eventInput.causationId = input.causationId
      const [event] = chainEvents(deps, decisionId, head, actor, [eventInput], schemaVersion)
      if (!event) throw new Error('unreachable')
      const appended = { ...event, position: 0 }
      const next =
        correctedType !== undefined && REPLAYED_CORRECTIONS.has(correctedType)
          ? (replayDecision(deps, [...stream, appended]) ?? state)
          : withDefaultRulebook(deps, evolve(state, appended, correctedType))
      return {
        unit: {
          streamId: decisionId,
          kind: 'decision',
          expectedVersion: head.version,
          events: [event],
          newState: next,
          also: [
            ...projectDecision(deps.store.db, next, head.state),
            ...(await projectCompliance(deps, next, [...stream, appended], event.recordedAt)),
          ],
        },
        response: { status: 201, events: [event.eventId], shape: 'appended' },
      }
    },
  )
}

/** Loads a decision's state and checks the actor may read it (404 when it does not exist). */
export async function loadReadable(
  deps: AppDeps,
  actor: Actor,
  decisionId: string,
): Promise<{ state: DecisionState; version: number }> {
  const head = isDecisionId(decisionId) ? await deps.store.readHead<DecisionState>(decisionId) : undefined
  if (head?.kind !== 'decision') throw new DomainError('not-found', `No decision ${decisionId}.`)
  const ctx = await decisionContext(deps, head.state)
  if (!mayRead(actor, head.state, ctx)) {
    // The public is not told that an undisclosed decision exists.
    if (actor.role === 'public') throw new DomainError('not-found', `No published decision ${decisionId}.`)
    forbidden(`read decision ${decisionId}`, `the ${actor.role} role of ${actor.orgId} has no part in this decision`)
  }
  return { state: head.state, version: head.version }
}
