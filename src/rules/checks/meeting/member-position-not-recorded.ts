import { type Check, draft } from '../support'

/** Art. 30(3): an attendee's position is missing from the record. */
export const memberPositionNotRecorded: Check = (c) =>
  c.cycle.discussions.flatMap((m) => {
    const spoke = new Set(m.data.statements.map((s) => s.personId))
    const personIds = m.data.attendees.filter((p) => !spoke.has(p))
    return personIds.length
      ? [draft(c, 'member-position-not-recorded', { anchor: m, events: [m], detail: { personIds } })]
      : []
  })
