// The web pages through app.request(): sessions and cookie flags, CSRF, the API's role rules,
// the language switch, the list filters, recording forms and the public portal.
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app'
import { mountWeb } from '../../src/web'
import { doc } from '../fixtures/events'
import { createJurisdiction, type Jurisdiction, org } from '../http/support'
import { ADMIN } from '../support/app'
import { browser, text } from './browser'

let j: Jurisdiction
let decA: string
let decB: string
let published: string
let secret: string

beforeAll(async () => {
  j = await createJurisdiction()
  decA = await j.initiate({ title: '甲市公交票价调整' })
  decB = await j.initiateB({ title: '乙市占道经营管理' })
  published = await j.initiate({ title: '已公布的决策' })
  await j.record(j.client.organ, published, 'DecisionPublished')
  secret = await j.initiate({ title: '不予公开的决策', flags: { nonDisclosable: true } })
  await j.record(j.client.organ, secret, 'DecisionPublished')
})

describe('sign-in, sessions and cookies', () => {
  it('sends anonymous visitors to the public portal, in Chinese', async () => {
    const b = browser(j.app)
    const home = await b.get('/')
    expect(home.status).toBe(303)
    expect(home.location).toBe('/public')
    const portal = await b.get('/public')
    expect(portal.status).toBe(200)
    expect(portal.html).toContain('<html lang="zh-CN">')
    expect(portal.headers.get('content-type')).toMatch(/text\/html/)
  })

  it('exchanges a token for an HttpOnly, SameSite=Strict session cookie that holds no token', async () => {
    const b = browser(j.app)
    const res = await b.signIn(j.secrets.undertaking)
    expect(res.status).toBe(303)
    expect(res.location).toBe('/decisions')
    const cookie = res.cookies.find((c) => c.startsWith('dt_session='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).toMatch(/Path=\//)
    const [, tokenSecret] = /^dt_[A-Za-z0-9]+_(.+)$/.exec(j.secrets.undertaking) ?? []
    expect(cookie).not.toContain(tokenSecret)
    expect(cookie).not.toContain(j.tokenIds.undertaking)
    const list = await b.get('/decisions')
    expect(list.status).toBe(200)
    expect(list.html).toContain('staff undertaking')
  })

  it('refuses a bad token without a session', async () => {
    const b = browser(j.app)
    const res = await b.signIn('dt_nothing_here_at_all_xxxxxxxxxxxxxxxx')
    expect(res.status).toBe(401)
    expect(res.cookies.some((c) => c.startsWith('dt_session='))).toBe(false)
  })

  it('refuses a sign-in without the form’s CSRF token', async () => {
    const b = browser(j.app)
    await b.get('/signin')
    const res = await b.post('/signin', { token: j.secrets.organ, csrf: 'forged' })
    expect(res.status).toBe(403)
    expect(res.cookies.some((c) => c.startsWith('dt_session='))).toBe(false)
  })

  it('signs out (CSRF-checked) and ends the session', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.organ)
    const session = b.jar.get('dt_session')
    expect((await b.post('/signout', { csrf: 'forged' })).status).toBe(403)
    const out = await b.submit('/decisions', '/signout', {})
    expect(out.status).toBe(303)
    expect((await b.get('/decisions')).status).toBe(303)
    // The old id is dead on the server too, not just forgotten by the browser.
    b.jar.set('dt_session', session ?? '')
    expect((await b.get('/decisions')).location).toMatch(/^\/signin/)
  })

  it('ends the session when its token is revoked', async () => {
    const person = 'per_web_revoked'
    await j.admin.post('/v1/people', { id: person, name: '将被吊销' })
    const issued = await j.admin.post('/v1/tokens', { personId: person, orgId: org.city, role: 'organ_office' })
    const b = browser(j.app)
    await b.signIn(issued.body.token as string)
    expect((await b.get('/decisions')).status).toBe(200)
    await j.admin.del(`/v1/tokens/${issued.body.id}`)
    expect((await b.get('/decisions')).status).toBe(303)
  })
})

describe('sessions are shared through the database', () => {
  // A second app over the same database stands for a restart, another Node process behind the
  // load balancer, or another Workers isolate.
  const secondApp = () =>
    buildApp(j.deps, { ready: async () => true, pages: mountWeb, clientAddress: () => '127.0.0.1' })

  it('keeps a session across app instances and stores only a hash of its id', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.organ)
    const id = b.jar.get('dt_session') as string
    const other = browser(secondApp())
    other.jar.set('dt_session', id)
    const list = await other.get('/decisions')
    expect(list.status).toBe(200)
    expect(list.html).toContain('staff organ')
    const rows = await j.deps.store.db.selectFrom('web_sessions').selectAll().execute()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.session_hash === id || r.csrf === id)).toBe(false)
    expect(JSON.stringify(rows)).not.toContain(id)
  })

  it('accepts an anonymous form token issued by another instance', async () => {
    const first = browser(j.app)
    const page = await first.get(`/public/decisions/${published}`)
    expect(page.status).toBe(200)
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1]
    expect(csrf).toBeDefined()
    const other = browser(secondApp())
    for (const [k, v] of first.jar) other.jar.set(k, v)
    const sent = await other.post(`/public/decisions/${published}/feedback`, {
      csrf: csrf as string,
      summary: '建议延长公示期。',
    })
    expect(sent.status).toBe(303)
    const forged = await other.post(`/public/decisions/${published}/feedback`, { csrf: 'forged', summary: '好' })
    expect(forged.status).toBe(403)
  })
})

describe('role rules are the API’s', () => {
  it('lets an undertaking unit read its own decision but not another organ’s', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const own = await b.get(`/decisions/${decA}`)
    expect(own.status).toBe(200)
    expect(own.html).toContain('甲市公交票价调整')
    const other = await b.get(`/decisions/${decB}`)
    expect(other.status).toBe(403)
    expect(other.html).not.toContain('乙市占道经营管理')
    const list = await b.get('/decisions')
    expect(list.html).toContain('甲市公交票价调整')
    expect(list.html).not.toContain('乙市占道经营管理')
  })

  it('shows the dashboard to inspectors only', async () => {
    const inspector = browser(j.app)
    await inspector.signIn(j.secrets.inspector)
    const dash = await inspector.get('/dashboard')
    expect(dash.status).toBe(200)
    expect(dash.html).toMatch(/<svg[^>]*role="img"/)
    expect(dash.html).toContain('<title id="rates-t">')
    expect(dash.html).toContain('id="rates-table"')
    expect(dash.html).toContain('id="worst-table"')
    const csv = await inspector.get(`/dashboard.csv?organId=${org.city}`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    expect(csv.html).toContain('甲市公交票价调整')
    // The very text the API streams for the same organ.
    const api = await j.client.inspector.get(`/v1/reports/compliance?organId=${org.city}&format=csv`)
    expect(api.status).toBe(200)
    expect(csv.html).toBe(api.body)
    // Without an organ, the CSV is the first organ's of the selector, as the page shows it.
    const first = /<option value="(org_[^"]+)" selected/.exec(dash.html)?.[1]
    expect(first).toMatch(/^org_/)
    const byDefault = await inspector.get('/dashboard.csv')
    expect(byDefault.headers.get('content-disposition')).toContain(`compliance-${first}`)
    const unit = browser(j.app)
    await unit.signIn(j.secrets.undertaking)
    expect((await unit.get('/dashboard')).status).toBe(403)
  })

  it('hides undisclosed decisions from the public portal', async () => {
    const b = browser(j.app)
    const portal = await b.get('/public')
    expect(portal.html).toContain('已公布的决策')
    expect(portal.html).not.toContain('不予公开的决策')
    expect(portal.html).not.toContain('甲市公交票价调整')
    expect((await b.get(`/public/decisions/${secret}`)).status).toBe(404)
    expect((await b.get(`/public/decisions/${decA}`)).status).toBe(404)
    expect((await b.get(`/decisions/${decA}`)).status).toBe(303)
  })

  it('shows a person’s lifetime trail to signed-in readers', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.inspector)
    const page = await b.get('/people/per_mayor')
    expect(page.status).toBe(200)
    expect(text(page.html)).toContain('市长')
  })
})

describe('language', () => {
  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const b = browser(j.app)
    const en = await b.get('/public?lang=en')
    expect(en.html).toContain('<html lang="en">')
    expect(en.html).toContain('Published major decisions')
    const cookie = en.cookies.find((c) => c.startsWith('dt_lang='))
    expect(cookie).toMatch(/SameSite=Strict/i)
    const again = await b.get('/public')
    expect(again.html).toContain('<html lang="en">')
    const zh = await b.get('/public?lang=zh')
    expect(zh.html).toContain('<html lang="zh-CN">')
    expect(zh.html).toContain('重大行政决策公开')
  })
})

describe('decisions list', () => {
  it('filters by text and unit and counts by status', async () => {
    const b = browser(j.app)
    await b.signIn(ADMIN)
    const all = await b.get('/decisions')
    expect(all.html).toContain('乙市占道经营管理')
    expect(all.html).toMatch(/合计: <strong>4<\/strong>/)
    const byText = await b.get(`/decisions?q=${encodeURIComponent('占道')}`)
    expect(byText.html).toContain('乙市占道经营管理')
    expect(byText.html).not.toContain('甲市公交票价调整')
    const byUnit = await b.get(`/decisions?undertakingUnitId=${org.worksB}`)
    expect(byUnit.html).toContain('乙市占道经营管理')
    expect(byUnit.html).not.toContain('甲市公交票价调整')
    expect(byUnit.html).toMatch(/1 条结果/)
    const byStatus = await b.get('/decisions?status=compliant')
    expect(byStatus.html).toMatch(/0 条结果/)
    const paged = await b.get('/decisions?limit=1')
    expect(paged.html).toContain('rel="next"')
    const next = /href="(\/decisions\?cursor=[^"]+)"/.exec(paged.html)?.[1]?.replaceAll('&amp;', '&')
    expect((await b.get(next ?? '')).status).toBe(200)
  })

  it('shows an inspector only its jurisdiction', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.inspector)
    const all = await b.get('/decisions')
    expect(all.html).toContain('甲市公交票价调整')
    expect(all.html).toContain('不予公开的决策')
    expect(all.html).not.toContain('乙市占道经营管理')
  })
})

describe('recording forms', () => {
  const commentForm = (csrf: string, patch: Record<string, string> = {}) => {
    const form = new FormData()
    const fields: Record<string, string> = {
      csrf,
      idem: crypto.randomUUID(),
      occurredAt: '2026-11-19T09:00',
      'd.draft.name': '征求意见稿.pdf',
      'd.draft.sha256': doc('征求意见稿.pdf').sha256,
      'd.explanation.name': '起草说明.pdf',
      'd.submissionMethod': '电子邮件',
      'd.opensAt': '2026-11-19T09:00',
      'd.closesAt': '2026-12-20T17:00',
      ...patch,
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    form.append('d.channels', 'gov_website')
    form.append('d.channels', 'newspaper')
    form.append('d.explanation.file', new File(['起草说明的内容'], '起草说明.pdf', { type: 'application/pdf' }))
    return form
  }

  it('refuses a post without the session’s CSRF token and stores nothing', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const before = (await j.admin.get(`/v1/decisions/${decA}`)).body.version
    const res = await b.postMultipart(`/decisions/${decA}/record/PublicCommentOpened`, commentForm('forged'))
    expect(res.status).toBe(403)
    expect((await j.admin.get(`/v1/decisions/${decA}`)).body.version).toBe(before)
  })

  it('refuses a form field holding U+0000 with a 400 and stores nothing, as the JSON intake does', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const page = await b.get(`/decisions/${decA}/record/PublicCommentOpened`)
    const before = (await j.admin.get(`/v1/decisions/${decA}`)).body.version
    const res = await b.postMultipart(
      `/decisions/${decA}/record/PublicCommentOpened`,
      commentForm(b.csrfOf(page.html), { 'd.submissionMethod': '电子\u0000邮件' }),
    )
    expect(res.status).toBe(400)
    expect(res.html).toContain('U+0000')
    expect((await j.admin.get(`/v1/decisions/${decA}`)).body.version).toBe(before)
  })

  it('refuses a NUL (%00) in a page URL with a 400 page', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    for (const url of ['/decisions?q=a%00b', `/decisions/${decA}%00`, '/public?q=%00']) {
      const res = await b.get(url)
      expect(res.status, url).toBe(400)
      expect(res.html, url).toContain('%00')
    }
  })

  it('shows schema errors next to the fields', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const page = await b.get(`/decisions/${decA}/record/PublicCommentOpened`)
    expect(page.status).toBe(200)
    const action = `/decisions/${decA}/record/PublicCommentOpened`
    const missing = await b.postMultipart(action, commentForm(b.csrfOf(page.html), { 'd.submissionMethod': '' }))
    expect(missing.status).toBe(400)
    expect(missing.html).toMatch(/id="f-d-submissionMethod"[^>]*aria-invalid="true"/)
    expect(missing.html).toContain('id="f-d-submissionMethod-error"')
    expect(missing.html).toContain('href="#f-d-submissionMethod"')
    // The values come back, the uploaded file as its name and hash.
    expect(missing.html).toMatch(/name="d.explanation.sha256" value="[0-9a-f]{64}"/)
    const order = await b.postMultipart(action, commentForm(b.csrfOf(page.html), { 'd.closesAt': '2026-11-01T09:00' }))
    expect(order.status).toBe(400)
    expect(order.html).toMatch(/id="f-d-closesAt"[^>]*aria-invalid="true"/)
    expect(order.html).toContain('closesAt must be after opensAt')
  })

  it('records a step, hashing an uploaded document, and the timeline shows it', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const page = await b.get(`/decisions/${decA}/record/PublicCommentOpened`)
    const res = await b.postMultipart(`/decisions/${decA}/record/PublicCommentOpened`, commentForm(b.csrfOf(page.html)))
    expect(res.status, res.html.slice(0, 3000)).toBe(303)
    expect(res.location).toMatch(new RegExp(`^/decisions/${decA}\\?recorded=`))
    const events = (await j.admin.get(`/v1/decisions/${decA}/events`)).body.items as Array<{
      type: string
      evidence: Array<{ name: string; sha256: string; size?: number }>
    }>
    const opened = events.find((e) => e.type === 'PublicCommentOpened')
    expect(opened?.evidence.map((d) => d.name).sort()).toEqual(['征求意见稿.pdf', '起草说明.pdf'])
    expect(opened?.evidence.find((d) => d.name === '起草说明.pdf')?.size).toBe(Buffer.byteLength('起草说明的内容'))
    const decision = await b.get(res.location ?? '')
    expect(decision.status).toBe(200)
    expect(decision.html).toContain('公开征求意见开始')
    expect(decision.html).toContain('is-new')
  })

  it('refuses a form the role may not use', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    expect((await b.get(`/decisions/${decA}/record/CollectiveDiscussionHeld`)).status).toBe(403)
    expect((await b.get(`/decisions/${decB}/record/PublicCommentOpened`)).status).toBe(403)
  })

  it('initiates a decision and records a meeting with each member’s position', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.organ)
    const form = await b.get('/decisions/new')
    expect(form.status).toBe(200)
    const created = await b.post('/decisions/new', {
      csrf: b.csrfOf(form.html),
      idem: crypto.randomUUID(),
      occurredAt: '2026-11-18T10:00',
      'd.title': '网页启动的决策',
      'd.undertakingUnitId': org.transport,
      'd.category': 'public_policy',
      'd.flags.professionalTechnical': 'on',
    })
    expect(created.status, text(created.html).slice(0, 2000)).toBe(303)
    const id = /\/decisions\/(dec_[0-9A-Z]+)/.exec(created.location ?? '')?.[1] ?? ''
    const state = await j.admin.get(`/v1/decisions/${id}`)
    expect(state.body.title).toBe('网页启动的决策')
    expect((state.body.flags as Record<string, boolean>).professionalTechnical).toBe(true)

    const meetingPage = await b.get(`/decisions/${id}/record/CollectiveDiscussionHeld`)
    expect(meetingPage.status).toBe(200)
    const minutes = doc('会议纪要.pdf')
    const res = await b.post(`/decisions/${id}/record/CollectiveDiscussionHeld`, {
      csrf: b.csrfOf(meetingPage.html),
      occurredAt: '2026-11-19T15:00',
      'd.meetingType': 'executive',
      'd.heldAt': '2026-11-19T15:00',
      'd.membersTotal': '3',
      'd.headId': 'per_mayor',
      'd.rows.0.personId': 'per_vm1',
      'd.rows.0.order': '1',
      'd.rows.0.position': 'oppose',
      'd.rows.0.text': '成本测算不充分',
      'd.rows.1.personId': 'per_mayor',
      'd.rows.1.order': '2',
      'd.rows.1.position': 'support',
      'd.outcome': 'approve',
      'd.minutes.name': minutes.name,
      'd.minutes.sha256': minutes.sha256,
    })
    expect(res.status, text(res.html).slice(0, 2000)).toBe(303)
    const events = (await j.admin.get(`/v1/decisions/${id}/events`)).body.items as Array<{
      type: string
      data: Record<string, unknown>
    }>
    const meeting = events.find((e) => e.type === 'CollectiveDiscussionHeld')
    expect(meeting?.data.attendees).toEqual(['per_vm1', 'per_mayor'])
    expect(meeting?.data.statements).toEqual([
      { personId: 'per_vm1', order: 1, position: 'oppose', text: '成本测算不充分' },
      { personId: 'per_mayor', order: 2, position: 'support' },
    ])
  })

  it('puts meeting errors at the head and the attendance rows', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.organ)
    const page = await b.get(`/decisions/${decA}/record/CollectiveDiscussionHeld`)
    const res = await b.post(`/decisions/${decA}/record/CollectiveDiscussionHeld`, {
      csrf: b.csrfOf(page.html),
      occurredAt: '2026-11-19T15:00',
      'd.meetingType': 'executive',
      'd.heldAt': '2026-11-19T15:00',
      'd.membersTotal': '1',
      'd.headId': 'per_mayor',
      'd.rows.0.personId': 'per_vm1',
      'd.rows.0.order': '1',
      'd.rows.0.position': 'support',
      'd.rows.1.personId': 'per_vm2',
      'd.rows.1.order': '2',
      'd.outcome': 'approve',
      'd.minutes.name': '纪要.pdf',
      'd.minutes.sha256': doc('纪要.pdf').sha256,
    })
    expect(res.status).toBe(400)
    expect(res.html).toMatch(/id="f-d-headId"[^>]*aria-invalid="true"/)
    expect(res.html).toContain('the head must be among the attendees')
    // Two attendees for a body of one: reported at the attendance group.
    expect(res.html).toContain('id="f-statements-error"')
    expect(res.html).toContain('2 attendees but membersTotal is 1')
  })
})

describe('public portal', () => {
  it('records feedback through the rate-limited public path, with CSRF', async () => {
    const b = browser(j.app)
    const page = await b.get(`/public/decisions/${published}`)
    expect(page.status).toBe(200)
    expect((await b.post(`/public/decisions/${published}/feedback`, { csrf: 'x', summary: '好' })).status).toBe(403)
    const ok = await b.post(`/public/decisions/${published}/feedback`, {
      csrf: b.csrfOf(page.html),
      summary: '建议延长末班车',
    })
    expect(ok.status).toBe(303)
    const events = (await j.admin.get(`/v1/decisions/${published}/events`)).body.items as Array<{
      type: string
      actor: { role: string }
      data: Record<string, unknown>
    }>
    const fb = events.find((e) => e.type === 'PublicFeedbackReceived' && e.data.summary === '建议延长末班车')
    expect(fb?.actor.role).toBe('public')
    expect(fb?.data).toEqual({ channel: 'online', summary: '建议延长末班车' })
    const empty = await b.post(`/public/decisions/${published}/feedback`, { csrf: b.csrfOf(page.html), summary: '' })
    expect(empty.status).toBe(400)
    let last = 0
    for (let i = 0; i < 12; i++)
      last = (
        await b.post(`/public/decisions/${published}/feedback`, { csrf: b.csrfOf(page.html), summary: `第${i}条` })
      ).status
    expect(last).toBe(429)
  })

  it('serves the printable dossier to readers of the decision', async () => {
    const b = browser(j.app)
    await b.signIn(j.secrets.undertaking)
    const d = await b.get(`/decisions/${decA}/dossier`)
    expect(d.status).toBe(200)
    expect(d.html).toContain('决策卷宗')
    expect((await b.get(`/decisions/${decB}/dossier`)).status).toBe(403)
  })

  it('serves its stylesheet from the app and an HTML 404 for unknown pages', async () => {
    const b = browser(j.app)
    const css = await b.get('/assets/web.css')
    expect(css.headers.get('content-type')).toMatch(/text\/css/)
    expect(css.html).toContain(':focus-visible')
    const missing = await b.get('/public/nothing/here')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/text\/html/)
    // The API keeps its own answers and sets no page cookies.
    const api = await j.app.request('/v1/public/decisions')
    expect(api.headers.get('content-type')).toMatch(/json/)
    expect(api.headers.getSetCookie()).toEqual([])
  })
})
