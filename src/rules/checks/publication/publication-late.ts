import { type Check, draft } from '../support'

/** Art. 32 "及时": published, but more than publishMaxWorkingDays after the decision. */
export const publicationLate: Check = (c) => {
  const ob = c.obligations.publication
  const published = ob.late[0]
  const decided = c.cycle.decided
  if (ob.result.state !== 'missing' || !published || published.type !== 'DecisionPublished' || !decided) return []
  const workingDays = c.ctx.cal.workingDays(decided.date, published.data.publishedAt) ?? null
  return [
    draft(c, 'publication-late', {
      anchor: published,
      events: [decided.event, published],
      detail: {
        workingDays,
        max: c.ctx.params.publishMaxWorkingDays,
        decidedOn: decided.date,
        dueBy: ob.result.dueBy ?? null,
      },
    }),
  ]
}
