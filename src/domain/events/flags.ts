// The classification flags of spec/domain.md §1.1.
// Each flag is an optional boolean and an absent flag means false. We do not use zod defaults:
// a default would rewrite the recorded payload, and the payload is hashed as recorded.
import { z } from 'zod'
import { crossCheck } from './primitives'

export const FLAG_NAMES = [
  'nonDisclosable',
  'specialGroupInterest',
  'vitalInterestOrMajorDisagreement',
  'hearingRequiredByLaw',
  'professionalTechnical',
  'stabilityOrSafetyRisk',
  'marketEntityActivity',
  'involvesOtherUnits',
  'exploratoryReform',
  'npcMatter',
] as const
export type FlagName = (typeof FLAG_NAMES)[number]

const flag = (description: string) => z.boolean().optional().describe(description)

const flagShape = {
  nonDisclosable: flag(
    'Lawfully not to be disclosed (依法不予公开); exempts participation and publication. Arts. 14, 32.',
  ),
  specialGroupInterest: flag("Involves a particular group's interests; requires consulting them. Art. 14(3)."),
  vitalInterestOrMajorDisagreement: flag(
    'Affects vital interests or views differ widely; hearing where the rulebook says so, adoption explanation at publication. Arts. 16, 32.',
  ),
  hearingRequiredByLaw: flag('Another law, regulation or rule requires a hearing (e.g. pricing). Art. 16(1).'),
  professionalTechnical: flag('Professional or technical matter; requires expert argumentation. Art. 19.'),
  stabilityOrSafetyRisk: flag('May harm social stability or public safety; requires risk assessment. Arts. 22-24.'),
  marketEntityActivity: flag(
    "Touches market entities' economic activity; requires fair competition review. Art. 29(1).",
  ),
  involvesOtherUnits: flag('Touches duties of other departments or lower governments; requires consultation. Art. 13.'),
  exploratoryReform: flag('Exploratory reform with no clear national rule; see legal-risk disclosure. Art. 25(2).'),
  npcMatter: flag("Must go to / be reported to the people's congress standing committee. Art. 8."),
} satisfies Record<FlagName, z.ZodType>

/** The flags set at initiation: every flag optional, absent meaning false. */
export const DecisionFlags = z.strictObject(flagShape)
export type DecisionFlags = z.infer<typeof DecisionFlags>

/** A change of classification: the flags that change, at least one of them. */
export const FlagChanges = z
  .strictObject(flagShape)
  .check(
    crossCheck((flags, refuse) => {
      if (FLAG_NAMES.every((name) => flags[name] === undefined)) refuse([], 'name at least one flag to change')
    }),
  )
  .describe('At least one flag.')
export type FlagChanges = z.infer<typeof FlagChanges>

/** Reads a flag with the "absent means false" convention, so callers never re-implement it. */
export const flagValue = (flags: Partial<Record<FlagName, boolean | undefined>>, name: FlagName): boolean =>
  flags[name] === true
