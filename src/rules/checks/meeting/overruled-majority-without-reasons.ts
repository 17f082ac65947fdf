import { type Check, draft } from '../support'

// Members take positions on the proposal before the meeting. Until the cycle has approved a
// draft, the proposal is the draft: approving or amending it goes with "support", rejecting or
// terminating it with "oppose". A `terminate` after an approval answers a proposal to stop the
// decision (Art. 37), so "support" is support for stopping it. A deferral decides nothing.
const SIDE = { approve: 'support', amend: 'support', reject: 'oppose', defer: null } as const

/**
 * Art. 30(2): the outcome goes against the majority of the members' positions (support vs
 * oppose, the head excluded; a tie is no majority) and the head gave no reasons in the meeting.
 * Until 2026-12-08 a `terminate` was never compared.
 */
export const overruledMajorityWithoutReasons: Check = (c) =>
  c.cycle.discussions.flatMap((m) => {
    const { statements, headId, outcome, headReasons, reasonsStatedInMeeting } = m.data
    const members = statements.filter((s) => s.personId !== headId)
    const support = members.filter((s) => s.position === 'support').length
    const oppose = members.filter((s) => s.position === 'oppose').length
    const majority = support > oppose ? 'support' : oppose > support ? 'oppose' : null
    const approvedBefore = c.cycle.discussions.some(
      (d) => d.order < m.order && (d.data.outcome === 'approve' || d.data.outcome === 'amend'),
    )
    const side = outcome === 'terminate' ? (approvedBefore ? 'support' : 'oppose') : SIDE[outcome]
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
