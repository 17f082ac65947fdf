import { type Check, draft } from '../support'
import { publicationsOf } from './published'

/** Art. 32: the gazette, government website (…) — every required channel, across the cycle's publications. */
export const publicationChannelsIncomplete: Check = (c) => {
  const pubs = publicationsOf(c.cycle)
  const first = pubs[0]
  if (!first) return []
  const channels = [...new Set(pubs.flatMap((p) => p.data.channels))]
  const required = c.ctx.params.requiredPublicationChannels
  const missing = required.filter((ch) => !(channels as string[]).includes(ch))
  if (!missing.length) return []
  return [
    draft(c, 'publication-channels-incomplete', {
      anchor: first,
      events: pubs,
      detail: { missing, required: [...required], channels },
    }),
  ]
}
