import { type Check, draft } from '../support'

/** Art. 30: the draft was discussed in a meeting type the rulebook does not allow (常务会议/全体会议 only). */
export const meetingTypeNotAllowed: Check = (c) => {
  const allowed = c.ctx.params.allowedMeetingTypes as readonly string[]
  return c.cycle.discussions
    .filter((m) => !allowed.includes(m.data.meetingType))
    .map((m) =>
      draft(c, 'meeting-type-not-allowed', {
        anchor: m,
        events: [m],
        detail: { meetingType: m.data.meetingType, allowed: [...allowed], outcome: m.data.outcome },
        who: { headId: m.data.headId },
      }),
    )
}
