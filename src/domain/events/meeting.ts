// Submission, collective discussion, reports, publication and archiving
// (Decree 713 Arts. 8, 29-33): payloads of spec/domain.md §3.
import { z } from 'zod'
import { crossCheck, DocRef, list, PersonRef, Text, Timestamp, Title, uniqueList } from './primitives'

/** Art. 29: the materials submitted with the draft; missing items are findings, not errors. */
export const SubmissionPackage = z.strictObject({
  draft: DocRef,
  legalityOpinion: DocRef.optional(),
  publicOpinionAdoption: DocRef.optional(),
  expertOpinionAdoption: DocRef.optional(),
  riskReport: DocRef.optional(),
  fairCompetitionReview: DocRef.optional(),
  legalRiskDisclosure: DocRef.optional(),
})

export const SubmittedForDiscussion = z.strictObject({
  package: SubmissionPackage,
})
export type SubmittedForDiscussion = z.infer<typeof SubmittedForDiscussion>

export const MEETING_TYPES = ['executive', 'plenary', 'mayor_office', 'topic', 'circulation', 'other'] as const
export const MEMBER_POSITIONS = ['support', 'oppose', 'reserve', 'abstain'] as const
export const MEETING_OUTCOMES = ['approve', 'reject', 'amend', 'defer', 'terminate'] as const

export const Statement = z.strictObject({
  personId: PersonRef.describe('An attendee.'),
  order: z.number().int().min(1).describe('Speaking order, 1-based; unique within the meeting.'),
  position: z.enum(MEMBER_POSITIONS),
  text: Text.optional(),
})

type Meeting = {
  membersTotal: number
  attendees: string[]
  headId: string
  statements: Array<{ personId: string; order: number }>
}

// Only what cannot be true of one meeting is refused. A head who does not speak last, a member
// with no recorded position or a wrong meeting type are Art. 30 findings computed in rules/.
function checkMeeting(m: Meeting, refuse: (path: PropertyKey[], message: string) => void): void {
  const attendees = new Set(m.attendees)
  // Repeats are reported by `uniqueList`; compare distinct people against the body's size.
  if (attendees.size > m.membersTotal) {
    refuse(['attendees'], `${attendees.size} attendees but membersTotal is ${m.membersTotal}`)
  }
  if (!attendees.has(m.headId)) {
    refuse(['headId'], 'the head must be among the attendees')
  }
  const speakers = new Set<string>()
  const orders = new Set<number>()
  m.statements.forEach((s, i) => {
    if (!attendees.has(s.personId)) {
      refuse(['statements', i, 'personId'], 'not among the attendees')
    } else if (speakers.has(s.personId)) {
      refuse(['statements', i, 'personId'], 'a second statement by this person')
    }
    if (orders.has(s.order)) {
      refuse(['statements', i, 'order'], `order ${s.order} is used twice`)
    }
    speakers.add(s.personId)
    orders.add(s.order)
  })
}

export const CollectiveDiscussionHeld = z
  .strictObject({
    meetingType: z.enum(MEETING_TYPES),
    heldAt: Timestamp,
    membersTotal: z.number().int().min(1).describe('Members of the meeting body (会议组成人员).'),
    attendees: uniqueList(PersonRef).describe('Members present; at most `membersTotal`.'),
    headId: PersonRef.describe('The administrative head who decides; an attendee.'),
    statements: list(Statement).describe('One per attendee at most, each `order` unique.'),
    outcome: z.enum(MEETING_OUTCOMES),
    headReasons: Text.optional().describe("The head's reasons for departing from the majority, Art. 30(2)."),
    reasonsStatedInMeeting: z.boolean().optional(),
    minutes: DocRef,
  })
  .check(crossCheck(checkMeeting))
  .describe(
    'Refused if attendees exceed `membersTotal`, the head is not an attendee, a statement is by a non-attendee, ' +
      'a person speaks twice or an `order` repeats.',
  )
export type CollectiveDiscussionHeld = z.infer<typeof CollectiveDiscussionHeld>

export const PartyCommitteeReported = z.strictObject({
  reportedAt: Timestamp,
  committee: Title,
  reply: DocRef.optional(),
})
export type PartyCommitteeReported = z.infer<typeof PartyCommitteeReported>

export const PeoplesCongressReported = z.strictObject({
  reportedAt: Timestamp,
  record: DocRef,
})
export type PeoplesCongressReported = z.infer<typeof PeoplesCongressReported>

export const PUBLICATION_CHANNELS = ['gazette', 'gov_website', 'newspaper', 'press_conference', 'other'] as const

export const DecisionPublished = z.strictObject({
  channels: uniqueList(z.enum(PUBLICATION_CHANNELS)),
  publishedAt: Timestamp,
  document: DocRef,
  adoptionExplanation: DocRef.optional().describe('How public and expert opinions were adopted, Art. 32.'),
})
export type DecisionPublished = z.infer<typeof DecisionPublished>

// An empty or partial archive is recorded as it is (`archive-incomplete`), so no minimum here.
export const DecisionArchived = z.strictObject({
  archivedAt: Timestamp,
  items: list(DocRef),
  archiveRef: Title.describe('The archive file number.'),
})
export type DecisionArchived = z.infer<typeof DecisionArchived>
