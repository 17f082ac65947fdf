import { it, expect } from 'vitest'
import { createJurisdiction, payload } from './support'
it('probe', async () => {
  const j = await createJurisdiction()
  const d = await j.initiate()
  await j.record(j.client.organ, d, 'DecisionPublished')
  const r = await j.append(j.public, d, 'PublicFeedbackReceived', payload('PublicFeedbackReceived'))
  console.log(r.status, JSON.stringify(r.body).slice(0, 300))
  const big = 'x'.repeat(1024*1024+10)
  const r2 = await j.client.undertaking.post(`/v1/decisions/${d}/events`, JSON.stringify({type:'DraftPrepared', x: big}))
  console.log(r2.status, JSON.stringify(r2.body).slice(0,300))
})
