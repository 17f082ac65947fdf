// Public participation (公众参与, Decree 713 Arts. 14-18): payloads of spec/domain.md §3.
import { z } from 'zod'
import {
  CalendarDate,
  Count,
  crossCheck,
  DocRef,
  instant,
  ListItem,
  list,
  Text,
  Timestamp,
  Title,
  uniqueList,
} from './primitives'

export const PARTICIPATION_METHODS = [
  'symposium',
  'field_visit',
  'written_solicitation',
  'questionnaire',
  'opinion_poll',
  'other',
] as const
export const COMMENT_CHANNELS = ['gov_website', 'gov_new_media', 'newspaper', 'radio', 'tv', 'other'] as const

export const PublicParticipationRecorded = z.strictObject({
  method: z.enum(PARTICIPATION_METHODS),
  heldOn: CalendarDate,
  participantsCount: Count.optional(),
  record: DocRef,
})
export type PublicParticipationRecorded = z.infer<typeof PublicParticipationRecorded>

// A period that closes before it opens cannot have happened; a period that is merely short
// is recorded and becomes `comment-period-too-short` in rules/.
export const PublicCommentOpened = z
  .strictObject({
    channels: uniqueList(z.enum(COMMENT_CHANNELS)),
    draft: DocRef,
    explanation: DocRef.describe('The explanation (说明) published with the draft, Art. 15.'),
    submissionMethod: ListItem.describe('How to submit opinions (e-mail, letter, online form…).'),
    opensAt: Timestamp,
    closesAt: Timestamp.describe('Announced end of the period; must be after `opensAt`.'),
    shortenedReason: Text.optional().describe('Why the period is shorter than the rulebook minimum, Art. 15.'),
  })
  .check(
    crossCheck((v, refuse) => {
      const opens = instant(v.opensAt)
      const closes = instant(v.closesAt)
      if (opens !== undefined && closes !== undefined && closes <= opens)
        refuse(['closesAt'], 'closesAt must be after opensAt')
    }),
  )
  .describe('Refused if `closesAt` is not after `opensAt`.')
export type PublicCommentOpened = z.infer<typeof PublicCommentOpened>

export const PublicCommentClosed = z.strictObject({
  closedAt: Timestamp,
  commentsCount: Count,
})
export type PublicCommentClosed = z.infer<typeof PublicCommentClosed>

export const SpecialGroupConsulted = z.strictObject({
  organisations: list(Title, 1).describe("People's organisations, social organisations, mass representatives."),
  record: DocRef,
})
export type SpecialGroupConsulted = z.infer<typeof SpecialGroupConsulted>

export const HearingNoticed = z.strictObject({
  hearingAt: Timestamp,
  place: Title,
  draft: DocRef,
  explanation: DocRef,
  selectionMethod: DocRef.optional().describe('Published method for selecting participants, Art. 16(3).'),
})
export type HearingNoticed = z.infer<typeof HearingNoticed>

export const HearingParticipant = z.strictObject({
  name: Title,
  constituency: Title.describe('The side or group the participant represents.'),
})

export const HearingParticipantsPublished = z.strictObject({
  participants: list(HearingParticipant),
})
export type HearingParticipantsPublished = z.infer<typeof HearingParticipantsPublished>

export const HearingMaterialsDelivered = z.strictObject({
  deliveredAt: Timestamp,
})
export type HearingMaterialsDelivered = z.infer<typeof HearingMaterialsDelivered>

export const HearingHeld = z.strictObject({
  heldAt: Timestamp,
  participants: list(HearingParticipant),
  record: DocRef,
  recordSignedByAll: z.boolean().describe('Every participant confirmed and signed the record, Art. 17(3).'),
})
export type HearingHeld = z.infer<typeof HearingHeld>

/** An opinion that was not adopted, with the reason (also used for expert opinions). */
export const NotAdoptedOpinion = z.strictObject({
  opinion: ListItem,
  reason: ListItem,
})

export const PublicOpinionsProcessed = z
  .strictObject({
    summary: DocRef.describe('The study and adoption of the opinions received, Arts. 18, 29(2).'),
    received: Count,
    adopted: Count.describe('At most `received`.'),
    notAdopted: list(NotAdoptedOpinion),
  })
  .check(
    crossCheck((v, refuse) => {
      if (v.adopted > v.received) refuse(['adopted'], 'adopted cannot exceed received')
    }),
  )
  .describe('Refused if `adopted` exceeds `received`.')
export type PublicOpinionsProcessed = z.infer<typeof PublicOpinionsProcessed>
