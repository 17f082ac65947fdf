// The payload schemas against the contract of spec/domain.md §3-4: every type, every required
// field, every enum, every DocRef, every refinement at its boundary. Tables, not loops in tests.
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import {
  CalendarDate,
  Count,
  correctedDataSchema,
  DECISION_EVENT_TYPES,
  type DecisionEventType,
  DIRECTORY_EVENT_TYPES,
  type DirectoryEventType,
  type DocRef,
  decisionEventSchemas,
  directoryEventSchemas,
  docRefsIn,
  EVENT_ARTICLES,
  EVENT_GROUP_LABELS,
  EVENT_GROUPS,
  EVENT_LABELS,
  type EventData,
  EventIdRef,
  EvidenceDoc,
  isDecisionEventType,
  ListItem,
  list,
  OrgRef,
  PersonRef,
  PositionRef,
  RulebookId,
  SCHEMA_VERSIONS,
  Text,
  Timestamp,
  Title,
} from '../../src/domain/events'
import { doc, evidenceFor, validPayloads } from '../fixtures/events'

type AnyType = DecisionEventType | DirectoryEventType
type Path = Array<string | number>
type Issue = { code: string; path: PropertyKey[]; keys?: string[] }

const ALL_TYPES: AnyType[] = [...DECISION_EVENT_TYPES, ...DIRECTORY_EVENT_TYPES]
const schemaOf = (type: AnyType): z.ZodType =>
  isDecisionEventType(type) ? decisionEventSchemas[type] : directoryEventSchemas[type]

// JSON copies, not structuredClone: fixtures share DocRef objects, and an edit must touch one path only.
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
const clone = (type: AnyType): Record<string, unknown> => json(validPayloads[type]) as Record<string, unknown>

/** Writes (or with `remove`, deletes) the value at `path` inside a copy of `root`. */
function edit(root: Record<string, unknown>, path: Path, value?: unknown, remove = false): Record<string, unknown> {
  const copy = json(root)
  let node: Record<string | number, unknown> = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path.at(-1)!
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

const issuesOf = (schema: z.ZodType, data: unknown): Issue[] => {
  const result = schema.safeParse(data)
  return result.success ? [] : (result.error.issues as Issue[])
}
const pathsOf = (issues: Issue[]) => issues.map((i) => i.path)

// ---- the contract: top-level fields of spec/domain.md §3-4 (required, optional) -------------

const FIELDS: Record<AnyType, { required: string[]; optional: string[] }> = {
  DecisionInitiated: {
    required: ['title', 'organId', 'undertakingUnitId', 'category', 'flags'],
    optional: ['summary', 'coUnitIds', 'catalogRef', 'priorRiskAssessmentRef', 'decisionDueBy', 'rulebook', 'proposal'],
  },
  DecisionReclassified: { required: ['flags', 'reason'], optional: [] },
  DraftPrepared: { required: ['draft', 'legalBases'], optional: ['alternatives'] },
  DraftRevised: { required: ['draft', 'reason'], optional: ['respondsTo'] },
  InterUnitConsultationRecorded: { required: ['unitIds', 'agreed'], optional: ['disputes', 'disputeReport'] },
  PublicParticipationRecorded: { required: ['method', 'heldOn', 'record'], optional: ['participantsCount'] },
  PublicCommentOpened: {
    required: ['channels', 'draft', 'explanation', 'submissionMethod', 'opensAt', 'closesAt'],
    optional: ['shortenedReason'],
  },
  PublicCommentClosed: { required: ['closedAt', 'commentsCount'], optional: [] },
  SpecialGroupConsulted: { required: ['organisations', 'record'], optional: [] },
  HearingNoticed: { required: ['hearingAt', 'place', 'draft', 'explanation'], optional: ['selectionMethod'] },
  HearingParticipantsPublished: { required: ['participants'], optional: [] },
  HearingMaterialsDelivered: { required: ['deliveredAt'], optional: [] },
  HearingHeld: { required: ['heldAt', 'participants', 'record', 'recordSignedByAll'], optional: [] },
  PublicOpinionsProcessed: { required: ['summary', 'received', 'adopted', 'notAdopted'], optional: [] },
  ExpertPanelFormed: { required: ['experts', 'includesDifferingViews'], optional: [] },
  ExpertOpinionSubmitted: {
    required: ['expertName', 'form', 'conclusion', 'signed', 'opinion'],
    optional: ['stamped'],
  },
  ExpertOpinionsProcessed: { required: ['adopted', 'notAdopted'], optional: [] },
  RiskAssessmentCompleted: {
    required: [
      'assessorOrgId',
      'riskPoints',
      'preventionMeasures',
      'contingencyPlan',
      'departmentOpinions',
      'controllable',
      'report',
    ],
    optional: ['level'],
  },
  FairCompetitionReviewCompleted: {
    required: ['reviewerOrgId', 'conclusion', 'report'],
    optional: ['exceptionJustification'],
  },
  LegalityPreReviewCompleted: { required: ['officeId', 'opinion'], optional: [] },
  LegalityReviewRequested: {
    required: ['reviewBodyId', 'draft', 'legalBases', 'proceduresStatement'],
    optional: ['neededBy'],
  },
  LegalityReviewReturned: { required: ['reason'], optional: [] },
  LegalityReviewOpinionIssued: {
    required: ['conclusion', 'covers', 'counselOpinions', 'opinion'],
    optional: ['requiredChanges', 'legalRiskDisclosure', 'shortReviewReason'],
  },
  SubmittedForDiscussion: { required: ['package'], optional: [] },
  CollectiveDiscussionHeld: {
    required: ['meetingType', 'heldAt', 'membersTotal', 'attendees', 'headId', 'statements', 'outcome', 'minutes'],
    optional: ['headReasons', 'reasonsStatedInMeeting'],
  },
  PartyCommitteeReported: { required: ['reportedAt', 'committee'], optional: ['reply'] },
  PeoplesCongressReported: { required: ['reportedAt', 'record'], optional: [] },
  DecisionPublished: { required: ['channels', 'publishedAt', 'document'], optional: ['adoptionExplanation'] },
  DecisionArchived: { required: ['archivedAt', 'items', 'archiveRef'], optional: [] },
  ExecutingUnitAssigned: { required: ['unitId'], optional: [] },
  ExecutionReported: { required: ['period', 'report'], optional: [] },
  ExecutionIssueReported: { required: ['ground', 'description'], optional: [] },
  PublicFeedbackReceived: { required: ['channel', 'summary'], optional: [] },
  DecisionSuspended: { required: ['byHead', 'urgent', 'reason'], optional: ['groundEventId'] },
  DecisionAdjusted: { required: ['major', 'description'], optional: ['basisEventId'] },
  DecisionTerminated: { required: ['reason'], optional: ['meetingEventId'] },
  PostEvaluationCompleted: {
    required: ['evaluatorOrgId', 'trigger', 'publicInput', 'outcome', 'report'],
    optional: [],
  },
  EventCorrected: { required: ['correctsEventId', 'reason', 'data'], optional: [] },
  InspectionFindingRecorded: {
    required: ['findingId', 'title', 'detail', 'eventIds', 'severity'],
    optional: ['code'],
  },
  FindingAnnotated: { required: ['findingId', 'note'], optional: [] },
  FindingResolved: { required: ['findingId', 'resolution'], optional: [] },
  SeriousErrorDetermined: { required: ['kind', 'loss', 'basis'], optional: [] },
  LiabilityDetermined: { required: ['personId', 'capacity', 'outcome', 'reason'], optional: [] },
  OrganizationRegistered: { required: ['orgId', 'name', 'kind'], optional: ['parentId'] },
  PersonRegistered: { required: ['personId', 'name'], optional: [] },
  PositionAssigned: { required: ['positionId', 'personId', 'orgId', 'title', 'capacity', 'from'], optional: [] },
  PositionEnded: { required: ['positionId', 'to', 'reason'], optional: [] },
}

// Every enum of the spec, at a path where the fixture has a value, with its values verbatim.
// Channel lists must stay free of repeats, so their rows start from a single channel.
const ENUMS: Array<[AnyType, Path, string[]]> = [
  [
    'DecisionInitiated',
    ['category'],
    ['public_policy', 'development_plan', 'resource_policy', 'public_construction', 'other_major'],
  ],
  [
    'DecisionInitiated',
    ['proposal', 'source'],
    ['government_leader', 'department', 'lower_government', 'deputy', 'public'],
  ],
  [
    'PublicParticipationRecorded',
    ['method'],
    ['symposium', 'field_visit', 'written_solicitation', 'questionnaire', 'opinion_poll', 'other'],
  ],
  ['PublicCommentOpened', ['channels', 0], ['gov_website', 'gov_new_media', 'newspaper', 'radio', 'tv', 'other']],
  ['ExpertOpinionSubmitted', ['form'], ['written', 'meeting', 'commissioned']],
  ['ExpertOpinionSubmitted', ['conclusion'], ['supports', 'opposes', 'conditional']],
  ['RiskAssessmentCompleted', ['level'], ['high', 'medium', 'low']],
  ['FairCompetitionReviewCompleted', ['conclusion'], ['passes', 'fails', 'exception']],
  ['LegalityReviewOpinionIssued', ['conclusion'], ['lawful', 'lawful_with_changes', 'unlawful']],
  [
    'CollectiveDiscussionHeld',
    ['meetingType'],
    ['executive', 'plenary', 'mayor_office', 'topic', 'circulation', 'other'],
  ],
  ['CollectiveDiscussionHeld', ['statements', 0, 'position'], ['support', 'oppose', 'reserve', 'abstain']],
  ['CollectiveDiscussionHeld', ['outcome'], ['approve', 'reject', 'amend', 'defer', 'terminate']],
  ['DecisionPublished', ['channels', 0], ['gazette', 'gov_website', 'newspaper', 'press_conference', 'other']],
  ['ExecutionIssueReported', ['ground'], ['decision_problem', 'circumstances_changed', 'force_majeure']],
  ['PublicFeedbackReceived', ['channel'], ['letter', 'phone', 'email', 'online', 'other']],
  [
    'PostEvaluationCompleted',
    ['trigger'],
    ['below_expectation', 'many_opinions', 'organ_decided', 'scheduled', 'basis_changed'],
  ],
  ['PostEvaluationCompleted', ['outcome'], ['continue', 'adjust', 'suspend', 'terminate']],
  ['InspectionFindingRecorded', ['severity'], ['blocking', 'major', 'minor', 'warning']],
  ['SeriousErrorDetermined', ['kind'], ['serious_error', 'undue_delay']],
  ['LiabilityDetermined', ['capacity'], ['head', 'responsible_leader', 'direct_handler', 'member', 'expert']],
  ['LiabilityDetermined', ['outcome'], ['pursued', 'reduced', 'exempted']],
  [
    'OrganizationRegistered',
    ['kind'],
    ['government', 'department', 'legality_review_body', 'market_regulation', 'institution', 'other'],
  ],
  ['PositionAssigned', ['capacity'], ['head', 'deputy_head', 'leader', 'member', 'staff']],
]

// Where each fixture holds its DocRefs (what docRefsIn must find, and what a bad digest hits).
const DOC_REF_PATHS: Record<AnyType, Path[]> = {
  DecisionInitiated: [],
  DecisionReclassified: [],
  DraftPrepared: [['draft'], ['alternatives', 0]],
  DraftRevised: [['draft']],
  InterUnitConsultationRecorded: [['disputeReport']],
  PublicParticipationRecorded: [['record']],
  PublicCommentOpened: [['draft'], ['explanation']],
  PublicCommentClosed: [],
  SpecialGroupConsulted: [['record']],
  HearingNoticed: [['draft'], ['explanation'], ['selectionMethod']],
  HearingParticipantsPublished: [],
  HearingMaterialsDelivered: [],
  HearingHeld: [['record']],
  PublicOpinionsProcessed: [['summary']],
  ExpertPanelFormed: [],
  ExpertOpinionSubmitted: [['opinion']],
  ExpertOpinionsProcessed: [],
  RiskAssessmentCompleted: [['contingencyPlan'], ['report']],
  FairCompetitionReviewCompleted: [['report']],
  LegalityPreReviewCompleted: [['opinion']],
  LegalityReviewRequested: [['draft'], ['proceduresStatement']],
  LegalityReviewReturned: [],
  LegalityReviewOpinionIssued: [['opinion']],
  SubmittedForDiscussion: [
    ['package', 'draft'],
    ['package', 'legalityOpinion'],
    ['package', 'publicOpinionAdoption'],
    ['package', 'expertOpinionAdoption'],
    ['package', 'riskReport'],
    ['package', 'fairCompetitionReview'],
  ],
  CollectiveDiscussionHeld: [['minutes']],
  PartyCommitteeReported: [['reply']],
  PeoplesCongressReported: [['record']],
  DecisionPublished: [['document'], ['adoptionExplanation']],
  DecisionArchived: [
    ['items', 0],
    ['items', 1],
    ['items', 2],
    ['items', 3],
  ],
  ExecutingUnitAssigned: [],
  ExecutionReported: [['report']],
  ExecutionIssueReported: [],
  PublicFeedbackReceived: [],
  DecisionSuspended: [],
  DecisionAdjusted: [],
  DecisionTerminated: [],
  PostEvaluationCompleted: [['report']],
  EventCorrected: [],
  InspectionFindingRecorded: [],
  FindingAnnotated: [],
  FindingResolved: [],
  SeriousErrorDetermined: [['basis']],
  LiabilityDetermined: [],
  OrganizationRegistered: [],
  PersonRegistered: [],
  PositionAssigned: [],
  PositionEnded: [],
}

describe('every event type', () => {
  it.each(ALL_TYPES)('%s: given the valid fixture, when parsed, then it passes unchanged', (type) => {
    const parsed = schemaOf(type).safeParse(validPayloads[type])
    expect(parsed.error?.issues).toBeUndefined()
    // No transforms or defaults: what is hashed is exactly what was recorded.
    expect(parsed.data).toStrictEqual(validPayloads[type])
  })

  it.each(ALL_TYPES)('%s: given an unknown top-level field, then it is refused at the root', (type) => {
    const issues = issuesOf(schemaOf(type), { ...clone(type), unexpectedField: 1 })
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', path: [], keys: ['unexpectedField'] }),
    ])
  })

  it.each(ALL_TYPES)('%s: the schema has exactly the fields of the spec', (type) => {
    const shape = (schemaOf(type) as z.ZodObject).shape
    const { required, optional } = FIELDS[type]
    expect(Object.keys(shape).sort()).toEqual([...required, ...optional].sort())
  })

  const requiredRows = ALL_TYPES.flatMap((type) => FIELDS[type].required.map((field) => [type, field] as const))
  it.each(requiredRows)('%s: given no %s, then it is refused at that path', (type, field) => {
    const issues = issuesOf(schemaOf(type), edit(clone(type), [field], undefined, true))
    // zod reports a missing enum as invalid_value and anything else as invalid_type.
    expect(issues).toEqual([
      expect.objectContaining({ code: expect.stringMatching(/^invalid_(type|value)$/), path: [field] }),
    ])
  })

  const optionalRows = ALL_TYPES.flatMap((type) =>
    FIELDS[type].optional.filter((f) => f in clone(type)).map((field) => [type, field] as const),
  )
  it.each(optionalRows)('%s: given no optional %s, then it still passes', (type, field) => {
    expect(issuesOf(schemaOf(type), edit(clone(type), [field], undefined, true))).toEqual([])
  })

  const enumRows = ENUMS.map(([type, path, values]) => [type, path.join('.'), path, values] as const)
  it.each(enumRows)(
    '%s.%s: given each spec value it passes, given another it is refused there',
    (type, _, path, values) => {
      const base = path[0] === 'channels' ? edit(clone(type), ['channels'], ['other']) : clone(type)
      for (const value of values) expect(issuesOf(schemaOf(type), edit(base, path, value))).toEqual([])
      const issues = issuesOf(schemaOf(type), edit(base, path, 'not_a_value'))
      expect(issues).toEqual([expect.objectContaining({ code: 'invalid_value', path })])
    },
  )

  const docRefRows = ALL_TYPES.flatMap((type) =>
    DOC_REF_PATHS[type].map((path) => [type, path.join('.'), path] as const),
  )
  it.each(docRefRows)('%s.%s: given a malformed sha256, then it is refused at .sha256', (type, _, path) => {
    for (const bad of ['ABCDEF'.repeat(10) + 'ABCD', 'a'.repeat(63), `${'a'.repeat(63)}g`]) {
      const issues = issuesOf(schemaOf(type), edit(clone(type), [...path, 'sha256'], bad))
      expect(pathsOf(issues)).toEqual([[...path, 'sha256']])
    }
  })

  it.each(docRefRows)('%s.%s: given a DocRef with an extra key, then it is refused at the DocRef', (type, _, path) => {
    const issues = issuesOf(schemaOf(type), edit(clone(type), [...path, 'uri'], 'https://example.org/x.pdf'))
    expect(issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path, keys: ['uri'] })])
  })

  it.each(ALL_TYPES)('%s: docRefsIn finds every DocRef of the fixture with its path', (type) => {
    const found = docRefsIn(validPayloads[type])
    expect(found.map((f) => f.path)).toEqual(DOC_REF_PATHS[type])
    for (const { path, ref } of found) {
      let node: unknown = validPayloads[type]
      for (const key of path) node = (node as Record<string | number, unknown>)[key]
      expect(ref).toEqual(node)
    }
  })
})

// ---- refinements: plain impossibilities are refused, at their boundary ----------------------

type Row = [string, AnyType, (p: Record<string, unknown>) => Record<string, unknown>, Path | null]
const set =
  (path: Path, value: unknown) =>
  (p: Record<string, unknown>): Record<string, unknown> =>
    edit(p, path, value)
const statements = (p: Record<string, unknown>) => p.statements as Array<Record<string, unknown>>

const REFINEMENTS: Row[] = [
  ['comment closes when it opens', 'PublicCommentOpened', set(['closesAt'], '2025-03-17T09:00:00+08:00'), ['closesAt']],
  ['comment closes a second later', 'PublicCommentOpened', set(['closesAt'], '2025-03-17T09:00:01+08:00'), null],
  [
    'comment closes before, other offset',
    'PublicCommentOpened',
    set(['closesAt'], '2025-03-17T00:59:59Z'),
    ['closesAt'],
  ],
  ['comment closes after, other offset', 'PublicCommentOpened', set(['closesAt'], '2025-03-17T01:00:01Z'), null],
  ['adopted equals received', 'PublicOpinionsProcessed', set(['adopted'], 1342), null],
  ['adopted exceeds received', 'PublicOpinionsProcessed', set(['adopted'], 1343), ['adopted']],
  ['attendees equal membersTotal', 'CollectiveDiscussionHeld', set(['membersTotal'], 5), null],
  ['attendees exceed membersTotal', 'CollectiveDiscussionHeld', set(['membersTotal'], 4), ['attendees']],
  [
    'an attendee listed twice',
    'CollectiveDiscussionHeld',
    (p) => edit(p, ['attendees'], [...(p.attendees as string[]), 'per_vm1']),
    ['attendees', 5],
  ],
  ['head not an attendee', 'CollectiveDiscussionHeld', set(['headId'], 'per_absent'), ['headId']],
  [
    'a statement by a non-attendee',
    'CollectiveDiscussionHeld',
    set(['statements', 2, 'personId'], 'per_absent'),
    ['statements', 2, 'personId'],
  ],
  ['a repeated order', 'CollectiveDiscussionHeld', set(['statements', 1, 'order'], 1), ['statements', 1, 'order']],
  [
    'two statements by one person',
    'CollectiveDiscussionHeld',
    (p) => edit(p, ['statements'], [...statements(p), { personId: 'per_vm1', order: 6, position: 'oppose' }]),
    ['statements', 5, 'personId'],
  ],
  ['no statements at all (a finding, not an error)', 'CollectiveDiscussionHeld', set(['statements'], []), null],
  [
    'exception without justification (a fact to report, not an error)',
    'FairCompetitionReviewCompleted',
    (p) => edit(p, ['exceptionJustification'], undefined, true),
    null,
  ],
  [
    'passes without justification',
    'FairCompetitionReviewCompleted',
    (p) => edit(edit(p, ['exceptionJustification'], undefined, true), ['conclusion'], 'passes'),
    null,
  ],
  ['an empty expert panel', 'ExpertPanelFormed', set(['experts'], []), ['experts']],
  [
    'a panel of one expert',
    'ExpertPanelFormed',
    (p) => edit(p, ['experts'], (p.experts as unknown[]).slice(0, 1)),
    null,
  ],
  ['no comment channel', 'PublicCommentOpened', set(['channels'], []), ['channels']],
  ['a comment channel twice', 'PublicCommentOpened', set(['channels'], ['tv', 'radio', 'tv']), ['channels', 2]],
  ['one comment channel', 'PublicCommentOpened', set(['channels'], ['other']), null],
  ['no publication channel', 'DecisionPublished', set(['channels'], []), ['channels']],
  ['a publication channel twice', 'DecisionPublished', set(['channels'], ['gazette', 'gazette']), ['channels', 1]],
  ['reclassified with no flag', 'DecisionReclassified', set(['flags'], {}), ['flags']],
  ['reclassified with one flag off', 'DecisionReclassified', set(['flags'], { npcMatter: false }), null],
  ['no unit consulted', 'InterUnitConsultationRecorded', set(['unitIds'], []), ['unitIds']],
  ['no organisation consulted', 'SpecialGroupConsulted', set(['organisations'], []), ['organisations']],
  ['initiated with no flag set (all false)', 'DecisionInitiated', set(['flags'], {}), null],
]

describe('refinements', () => {
  it.each(REFINEMENTS)('%s (%s)', (_, type, mutate, failsAt) => {
    const issues = issuesOf(schemaOf(type), mutate(clone(type)))
    if (failsAt === null) expect(issues).toEqual([])
    else expect(pathsOf(issues)).toEqual([failsAt])
  })
})

// ---- principle 1: procedural violations are recorded, never refused -------------------------

const VIOLATIONS: Array<[string, AnyType, (p: Record<string, unknown>) => Record<string, unknown>]> = [
  ['a one-day comment period without reason', 'PublicCommentOpened', set(['closesAt'], '2025-03-18T09:00:00+08:00')],
  ['an unsigned hearing record', 'HearingHeld', set(['recordSignedByAll'], false)],
  ['a hearing with no participants listed', 'HearingHeld', set(['participants'], [])],
  ['an expert with a direct interest', 'ExpertPanelFormed', set(['experts', 0, 'directInterest'], true)],
  ['an unsigned expert opinion', 'ExpertOpinionSubmitted', set(['signed'], false)],
  [
    'an empty risk report',
    'RiskAssessmentCompleted',
    (p) => ({ ...p, riskPoints: [], preventionMeasures: [], departmentOpinions: [] }),
  ],
  ['an uncontrollable risk', 'RiskAssessmentCompleted', set(['controllable'], false)],
  ['a review not covering procedure', 'LegalityReviewOpinionIssued', set(['covers', 'procedure'], false)],
  ['a review without counsel opinions', 'LegalityReviewOpinionIssued', set(['counselOpinions'], [])],
  ['an unlawful opinion', 'LegalityReviewOpinionIssued', set(['conclusion'], 'unlawful')],
  [
    'a package with only the draft',
    'SubmittedForDiscussion',
    (p) => ({ package: { draft: (p.package as { draft: DocRef }).draft } }),
  ],
  ['a meeting type not allowed by the rulebook', 'CollectiveDiscussionHeld', set(['meetingType'], 'topic')],
  [
    'the head speaking first',
    'CollectiveDiscussionHeld',
    (p) => edit(edit(p, ['statements', 0, 'order'], 5), ['statements', 4, 'order'], 1),
  ],
  [
    'overruling the majority without reasons',
    'CollectiveDiscussionHeld',
    (p) =>
      edit(
        edit(edit(p, ['statements', 0, 'position'], 'oppose'), ['statements', 2, 'position'], 'oppose'),
        ['headReasons'],
        undefined,
        true,
      ),
  ],
  [
    'a disagreement with no dispute report',
    'InterUnitConsultationRecorded',
    (p) => edit(p, ['disputeReport'], undefined, true),
  ],
  ['an empty archive', 'DecisionArchived', set(['items'], [])],
  ['publication on one channel only', 'DecisionPublished', set(['channels'], ['other'])],
  [
    'a suspension without ground',
    'DecisionSuspended',
    (p) => ({ ...edit(p, ['groundEventId'], undefined, true), urgent: false }),
  ],
  ['no comments received', 'PublicCommentClosed', set(['commentsCount'], 0)],
]

describe('procedural violations are accepted (they become findings, spec README principle 1)', () => {
  it.each(VIOLATIONS)('%s (%s)', (_, type, mutate) => {
    expect(issuesOf(schemaOf(type), JSON.parse(JSON.stringify(mutate(clone(type)))))).toEqual([])
  })
})

// ---- primitives ------------------------------------------------------------------------------

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success

describe('primitives', () => {
  it.each([
    ['2025-03-17T09:00:00+08:00', true],
    ['2025-03-17T01:00:00Z', true],
    ['2025-03-17T09:00:00.125-05:30', true],
    ['2024-02-29T12:00:00Z', true],
    ['2025-03-17T09:00:00', false],
    ['2025-03-17 09:00:00+08:00', false],
    ['2025-02-30T09:00:00+08:00', false],
    ['2025-03-17T24:00:00Z', false],
    ['2025-03-17T09:00:00+0800', false],
    ['2025-03-17', false],
  ])('Timestamp %s → %s', (value, valid) => expect(ok(Timestamp, value)).toBe(valid))

  it.each([
    ['2024-02-29', true],
    ['2025-12-31', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-3-1', false],
    ['2025-03-01T00:00:00Z', false],
  ])('CalendarDate %s → %s', (value, valid) => expect(ok(CalendarDate, value)).toBe(valid))

  it.each([
    ['PersonRef', PersonRef, 'per_mayor_a1b2c3', true],
    ['PersonRef', PersonRef, 'per_', false],
    ['PersonRef', PersonRef, 'org_city', false],
    ['PersonRef', PersonRef, `per_${'x'.repeat(121)}`, false],
    ['OrgRef', OrgRef, 'org_city-2', true],
    ['OrgRef', OrgRef, 'org_市政府', false],
    ['PositionRef', PositionRef, 'pos_city_mayor', true],
    ['EventIdRef', EventIdRef, '01JP0A1B2C3D4E5F6G7H8J9K0M', true],
    ['EventIdRef', EventIdRef, '01jp0a1b2c3d4e5f6g7h8j9k0m', false],
    ['EventIdRef', EventIdRef, '01JP0A1B2C3D4E5F6G7H8J9K0I', false],
    ['EventIdRef', EventIdRef, '01JP0A1B2C3D4E5F6G7H8J9K0', false],
    ['RulebookId', RulebookId, 'cn-713', true],
    ['RulebookId', RulebookId, 'cn-shanghai', true],
    ['RulebookId', RulebookId, 'CN-713', false],
    ['RulebookId', RulebookId, 'c', false],
  ])('%s %j → %s', (_, schema, value, valid) => expect(ok(schema, value)).toBe(valid))

  it.each([
    ['Title', Title, 500, true],
    ['Title', Title, 501, false],
    ['Text', Text, 20_000, true],
    ['Text', Text, 20_001, false],
    ['ListItem', ListItem, 2_000, true],
    ['ListItem', ListItem, 2_001, false],
  ])('%s of %i characters → %s', (_, schema, length, valid) => expect(ok(schema, '字'.repeat(length))).toBe(valid))

  it.each([
    ['Title', Title],
    ['Text', Text],
    ['ListItem', ListItem],
  ])('%s refuses empty and blank text', (_, schema) => {
    expect(ok(schema, '')).toBe(false)
    expect(ok(schema, ' \n\t ')).toBe(false)
    expect(ok(schema, '\u3000')).toBe(false) // ideographic space
    expect(ok(schema, ' 有内容 ')).toBe(true)
    // One problem per bad field: an empty text is too short, not also blank.
    expect(schema.safeParse('').error?.issues.map((i) => i.code)).toEqual(['too_small'])
    expect(schema.safeParse('  ').error?.issues.map((i) => i.message)).toEqual([
      'must contain a non-whitespace character',
    ])
  })

  it('bounds lists at 1,000 items', () => {
    expect(ok(list(ListItem), Array(1000).fill('x'))).toBe(true)
    expect(ok(list(ListItem), Array(1001).fill('x'))).toBe(false)
  })

  it.each([
    [0, true],
    [42, true],
    [-1, false],
    [1.5, false],
    [2 ** 53, false],
  ])('Count %s → %s', (value, valid) => expect(ok(Count, value)).toBe(valid))

  it.each([
    [{ ...doc('a.pdf') }, true],
    [{ ...doc('a.pdf'), mediaType: 'application/pdf', size: 1024, uri: 'https://example.org/a.pdf' }, true],
    [{ ...doc('a.pdf'), size: -1 }, false],
    [{ ...doc('a.pdf'), size: 1.5 }, false],
    [{ ...doc('a.pdf'), mediaType: 'x'.repeat(201) }, false],
    [{ ...doc('a.pdf'), uri: 'x'.repeat(2001) }, false],
    [{ ...doc('a.pdf'), extra: true }, false],
    [{ name: 'a.pdf' }, false],
  ])('%# EvidenceDoc %j → %s', (value, valid) => expect(ok(EvidenceDoc, value)).toBe(valid))
})

// ---- docRefsIn and evidenceFor beyond the fixtures --------------------------------------------

describe('docRefsIn', () => {
  const a = doc('a.pdf')
  it.each<[string, unknown, Array<{ path: Path; ref: DocRef }>]>([
    ['a bare DocRef', a, [{ path: [], ref: a }]],
    ['a payload without DocRefs', validPayloads.EventCorrected, []],
    ['inside corrected data', { data: { draft: a } }, [{ path: ['data', 'draft'], ref: a }]],
    [
      'one object shared by two fields',
      { x: a, y: [a] },
      [
        { path: ['x'], ref: a },
        { path: ['y', 0], ref: a },
      ],
    ],
    ['a DocRef-like object with a third key', { x: { ...a, size: 1 } }, []],
    ['an uppercase digest', { x: { name: 'a', sha256: a.sha256.toUpperCase() } }, []],
    ['a non-string name', { x: { name: 1, sha256: a.sha256 } }, []],
    ['primitives and null', [null, 1, 'x', true], []],
  ])('%s', (_, data, expected) => expect(docRefsIn(data)).toEqual(expected))

  it('stops at cycles instead of looping', () => {
    const cyclic: Record<string, unknown> = { d: a }
    cyclic.self = cyclic
    expect(docRefsIn(cyclic)).toEqual([{ path: ['d'], ref: a }])
  })

  it('evidenceFor lists each document once, so every DocRef is in evidence', () => {
    const payload = validPayloads.DecisionArchived
    const evidence = evidenceFor({ ...payload, again: payload.items[0] })
    expect(evidence.map((e) => e.sha256)).toEqual(payload.items.map((i) => i.sha256))
    for (const e of evidence) expect(ok(EvidenceDoc, e)).toBe(true)
  })
})

// ---- the registry -----------------------------------------------------------------------------

describe('registry', () => {
  it('lists the decision types in the order of the schemas map and of the groups', () => {
    expect(Object.keys(decisionEventSchemas)).toEqual([...DECISION_EVENT_TYPES])
    expect(Object.keys(directoryEventSchemas)).toEqual([...DIRECTORY_EVENT_TYPES])
    expect(Object.values(EVENT_GROUPS).flat()).toEqual(ALL_TYPES)
    expect(DECISION_EVENT_TYPES).toHaveLength(43)
  })

  it.each(ALL_TYPES)('%s has schema version 1, bilingual labels and an article', (type) => {
    expect(SCHEMA_VERSIONS[type]).toBe(1)
    expect(EVENT_LABELS[type].zh).toMatch(/\p{Script=Han}/u)
    expect(EVENT_LABELS[type].en).toMatch(/^[A-Z]/)
    expect(EVENT_ARTICLES[type]).not.toBe('')
  })

  it('labels every group', () => {
    expect(Object.keys(EVENT_GROUP_LABELS)).toEqual(Object.keys(EVENT_GROUPS))
  })

  it.each([
    ['DraftPrepared', true],
    ['PositionAssigned', false],
    ['toString', false],
    ['', false],
    [42, false],
  ])('isDecisionEventType(%j) → %s', (value, expected) => expect(isDecisionEventType(value)).toBe(expected))

  it.each([...DECISION_EVENT_TYPES.filter((t) => t !== 'EventCorrected'), ...DIRECTORY_EVENT_TYPES])(
    'correctedDataSchema(%s) is the type’s own schema',
    (type) => expect(correctedDataSchema(type)).toBe(schemaOf(type)),
  )

  it.each(['EventCorrected', 'Unknown', 'toString'])('correctedDataSchema(%s) is undefined', (type) =>
    expect(correctedDataSchema(type)).toBeUndefined(),
  )

  it('given the EventCorrected fixture, its data is a valid PublicCommentClosed payload, and a bad one is not', () => {
    const schema = correctedDataSchema('PublicCommentClosed')
    expect(schema.safeParse(validPayloads.EventCorrected.data).success).toBe(true)
    expect(pathsOf(issuesOf(schema, { ...validPayloads.EventCorrected.data, commentsCount: -1 }))).toEqual([
      ['commentsCount'],
    ])
  })

  it('infers precise payload types', () => {
    expectTypeOf<EventData<'PublicCommentClosed'>>().toEqualTypeOf<{ closedAt: string; commentsCount: number }>()
    expectTypeOf<EventData<'DraftPrepared'>['draft']>().toEqualTypeOf<DocRef>()
    expectTypeOf<EventData<'CollectiveDiscussionHeld'>['outcome']>().toEqualTypeOf<
      'approve' | 'reject' | 'amend' | 'defer' | 'terminate'
    >()
  })
})
