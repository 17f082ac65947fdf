// The directory of organizations, people and positions (spec/domain.md §4), event-sourced in
// `dir_<jurisdiction>` streams. A person keeps one id for life; posts begin and end.
import { z } from 'zod'
import { CalendarDate, OrgRef, PersonRef, PositionRef, Text, Title } from './primitives'

export const ORGANIZATION_KINDS = [
  'government',
  'department',
  'legality_review_body',
  'market_regulation',
  'institution',
  'other',
] as const

export const OrganizationRegistered = z.strictObject({
  orgId: OrgRef,
  name: Title,
  kind: z.enum(ORGANIZATION_KINDS),
  parentId: OrgRef.optional().describe('The organization this one belongs to; omitted (not null) for a root.'),
})
export type OrganizationRegistered = z.infer<typeof OrganizationRegistered>

export const PersonRegistered = z.strictObject({
  personId: PersonRef,
  name: Title,
})
export type PersonRegistered = z.infer<typeof PersonRegistered>

export const POSITION_CAPACITIES = ['head', 'deputy_head', 'leader', 'member', 'staff'] as const

export const PositionAssigned = z.strictObject({
  positionId: PositionRef,
  personId: PersonRef,
  orgId: OrgRef,
  title: Title.describe('The post as styled locally, e.g. 市长, 副局长.'),
  capacity: z.enum(POSITION_CAPACITIES),
  from: CalendarDate,
})
export type PositionAssigned = z.infer<typeof PositionAssigned>

export const PositionEnded = z.strictObject({
  positionId: PositionRef,
  to: CalendarDate.describe('Date the position ended.'),
  reason: Text,
})
export type PositionEnded = z.infer<typeof PositionEnded>

export const DIRECTORY_EVENT_TYPES = [
  'OrganizationRegistered',
  'PersonRegistered',
  'PositionAssigned',
  'PositionEnded',
] as const
export type DirectoryEventType = (typeof DIRECTORY_EVENT_TYPES)[number]

export const directoryEventSchemas = {
  OrganizationRegistered,
  PersonRegistered,
  PositionAssigned,
  PositionEnded,
} as const satisfies { [T in DirectoryEventType]: z.ZodType }

export type DirectoryEventData<T extends DirectoryEventType> = z.infer<(typeof directoryEventSchemas)[T]>

export const isDirectoryEventType = (s: unknown): s is DirectoryEventType =>
  typeof s === 'string' && Object.hasOwn(directoryEventSchemas, s)
