import { type Check, draft } from '../support'

// Members take positions on the proposal before the meeting. `terminate` is left out: at a
// meeting called to stop a decision, "support" means support for stopping it, so the positions
// cannot be read against the outcome without knowing the proposal.
const SIDE = { approve: 'support', amend: 'support', reject: 'oppose', terminate: null, defer: null } as const

/**
 * Art. 30(2): the outcome goes against the majority of the members' positions (support vs
 * oppose, the head excluded; a tie is no majority) and the head gave no reasons in the meeting.
 */
export const overruledMajorityWithoutReasons: Check = (c) =>
  c.cycle.discussions.flatMap((m) => {
    const { statements, headId, outcome, headReasons, reasonsStatedInMeeting } = m.data
    const members = statements.filter((s) => s.personId !== headId)
    const support = members.filter((s) => s.position === 'support').length
    const oppose = members.filter((s) => s.position === 'oppose').length
    const majority = support > oppose ? 'support' : oppose > support ? 'oppose' : null
    const side = SIDE[outcome]
    if (majority === null || side === null || majority === side) return []
    if (headReasons !== undefined && reasonsStatedInMeeting !== false) return []
    return [
      draft(c, 'overruled-majority-without-reasons', {
        anchor: m,
        events: [m],
        detail: {
          support,
          oppose,
          outcome,
          headReasons: headReasons !== undefined,
          reasonsStatedInMeeting: reasonsStatedInMeeting ?? null,
        },
        who: { headId },
      }),
    ]
  })
