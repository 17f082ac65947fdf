import { ofType } from '../../engine/events'
import { type Check, draft } from '../support'

/**
 * Arts. 27-28: the opinion does not cover authority, procedure and content (Art. 27), or lacks
 * counsel opinions (Art. 28). It cites the article of the duty breached: 713/28 when the only
 * defect is the missing counsel opinions, else 713/27.
 */
export const legalityOpinionIncomplete: Check = (c) =>
  ofType(c.cycle.events, 'LegalityReviewOpinionIssued').flatMap((o) => {
    const { covers, counselOpinions } = o.data
    const missingCovers = (['authority', 'procedure', 'content'] as const).filter((k) => !covers[k])
    if (!missingCovers.length && counselOpinions.length) return []
    const request = ofType(c.ctx.events, 'LegalityReviewRequested')
      .filter((r) => r.order < o.order)
      .at(-1)
    // The body that issued the opinion answers for it (Arts. 27-28): its reviewer's organization.
    // A request re-addressed by a correction after the opinion does not move the opinion to the
    // new body; an opinion recorded by another role (an administrator) falls back to the request's.
    const issuer = o.actor.role === 'legality_reviewer' ? o.actor.orgId : undefined
    const who = { orgId: issuer ?? request?.data.reviewBodyId ?? o.actor.orgId }
    return [
      draft(c, 'legality-opinion-incomplete', {
        anchor: o,
        events: [request, o],
        detail: { missingCovers: [...missingCovers], counselOpinions: counselOpinions.length },
        who,
        ...(missingCovers.length ? {} : { article: '713/28' }),
      }),
    ]
  })
