import { type Check, draft } from '../support'

/** Art. 30(2): the head speaks last; a head with no recorded statement did not. */
export const headDidNotSpeakLast: Check = (c) =>
  c.cycle.discussions.flatMap((m) => {
    const { statements, headId } = m.data
    const head = statements.find((s) => s.personId === headId)
    const last = [...statements].sort((a, b) => b.order - a.order)[0]
    if (head && last && head.order >= last.order) return []
    return [
      draft(c, 'head-did-not-speak-last', {
        anchor: m,
        events: [m],
        detail: { headOrder: head?.order ?? null, lastOrder: last?.order ?? null, lastSpeaker: last?.personId ?? null },
        who: { headId },
      }),
    ]
  })
