import { type Check, draft } from '../support'

/** Local rules: attendees must be MORE than `quorum` of the members (0.5 = more than half). */
export const quorumNotMet: Check = (c) => {
  const quorum = c.ctx.params.quorum
  if (quorum === null) return []
  return c.cycle.discussions.flatMap((m) => {
    const attendees = m.data.attendees.length
    const { membersTotal } = m.data
    if (attendees / membersTotal > quorum) return []
    return [draft(c, 'quorum-not-met', { anchor: m, events: [m], detail: { attendees, membersTotal, quorum } })]
  })
}
