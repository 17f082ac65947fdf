// Public participation, opinion processing, special groups and hearings (Arts. 14-18).
import { ofType } from '../engine/events'
import { beforeDiscussion, found } from './before-discussion'
import { flagReason, nonDisclosable } from './types'

export const PARTICIPATION_TYPES = ['PublicParticipationRecorded', 'PublicCommentOpened', 'HearingHeld'] as const
const PARTICIPATION_STEPS: readonly string[] = [...PARTICIPATION_TYPES, 'PublicCommentClosed']

export const publicParticipation = beforeDiscussion({
  name: 'public_participation',
  exemptBy: nonDisclosable,
  satisfy: (pool) => found(pool.filter((e) => (PARTICIPATION_TYPES as readonly string[]).includes(e.type))),
})

export const publicOpinionsProcessed = beforeDiscussion({
  name: 'public_opinions_processed',
  // Judged on what happened before the moment: participation held only afterwards is the
  // public_participation obligation's failure, not this one's.
  // "Applies when any participation happened" (rules.md §3): until some has, nothing to process.
  exemptBy: (flags, _ctx, before) => {
    if (before.some((e) => PARTICIPATION_STEPS.includes(e.type))) return undefined
    const none = 'no public participation took place before the discussion'
    return flags.nonDisclosable ? `${flagReason('nonDisclosable', true)} and ${none}` : none
  },
  // rules.md §3-§4: done with a PublicOpinionsProcessed before the discussion ("no
  // PublicOpinionsProcessed before discussion" is the finding). One that precedes every
  // participation step processed nothing and does not count; participation after it does not undo
  // it (docs/rules.md §8.7).
  satisfy: (pool) => {
    const steps = pool.filter((e) => PARTICIPATION_STEPS.includes(e.type))
    const first = steps[0]
    if (!first) return undefined
    const processed = ofType(pool, 'PublicOpinionsProcessed')
    const after = processed.filter((p) => p.order > first.order)
    // Cited with every participation step, so the report shows which came after the processing.
    if (after.length) return { ok: true, events: [...steps, ...after].sort((a, b) => a.order - b.order) }
    return processed.length
      ? {
          ok: false,
          events: processed,
          why: `PublicOpinionsProcessed precedes the first participation step ${first.eventId}`,
        }
      : { ok: false, events: [first], why: 'no PublicOpinionsProcessed after the participation' }
  },
})

export const specialGroupConsultation = beforeDiscussion({
  name: 'special_group_consultation',
  exemptBy: (flags) => (flags.specialGroupInterest ? undefined : flagReason('specialGroupInterest', false)),
  satisfy: (pool) => found(ofType(pool, 'SpecialGroupConsulted')),
})

export const hearing = beforeDiscussion({
  name: 'hearing',
  exemptBy: (flags, ctx) => {
    if (flags.hearingRequiredByLaw) return undefined
    if (flags.vitalInterestOrMajorDisagreement && ctx.params.hearingMandatoryOnVitalInterest) return undefined
    return flags.vitalInterestOrMajorDisagreement
      ? `${flagReason('hearingRequiredByLaw', false)}; flags.vitalInterestOrMajorDisagreement is true but the rulebook's hearingMandatoryOnVitalInterest is false`
      : `${flagReason('hearingRequiredByLaw', false)} and ${flagReason('vitalInterestOrMajorDisagreement', false)}`
  },
  satisfy: (pool) => found(ofType(pool, 'HearingHeld')),
})
