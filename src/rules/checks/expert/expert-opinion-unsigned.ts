import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Art. 19(2): a written opinion (written or commissioned form) must be signed, and an
 * institution's stamped; an oral opinion given at a meeting carries neither.
 */
export const expertOpinionUnsigned: Check = (c) => {
  const panel = ofType(c.ctx.events, 'ExpertPanelFormed').flatMap((p) => p.data.experts)
  return ofType(c.cycle.events, 'ExpertOpinionSubmitted').flatMap((e) => {
    const { form, signed, stamped, expertName } = e.data
    if (form === 'meeting' || (signed && stamped !== false)) return []
    const personIds = panel.flatMap((x) => (x.name === expertName && x.personId !== undefined ? [x.personId] : []))
    return [
      draft(c, 'expert-opinion-unsigned', {
        anchor: e,
        events: [e],
        detail: { expertName, form, signed, stamped: stamped ?? null },
        who: { names: [expertName], personIds },
      }),
    ]
  })
}
