// End to end: a real server (`decision-trail serve` with the demo, on a free port and a temp
// database) and a real browser (Debian's chromium through playwright-core). Skipped only when
// chromium is absent outside CI; in CI (CI=true) a missing chromium fails.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots')
const inCI = process.env.CI === 'true'
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 360, height: 760 }

let server: ChildProcess | undefined
let base = ''
let tmp = ''
let context: BrowserContext | undefined
let page: Page
const admin = `e2e-admin-${randomBytes(16).toString('hex')}`
const problems: string[] = []
/** Set while a step deliberately submits an invalid form (its 400 page is logged by Chrome). */
let expectRefusal = false
const tokens: Record<string, string> = {}

async function startServer(): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'decision-trail.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: join(tmp, 'e2e.db'),
      DECISION_TRAIL_ADMIN_TOKEN: admin,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server = child
  let log = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 45_000)
    const onData = (b: Buffer) => {
      log += b.toString()
      const m = /serving on (http:\/\/\S+)/.exec(log)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)))
  })
}

async function issue(personId: string, orgId: string, role: string): Promise<string> {
  const res = await fetch(`${base}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ personId, orgId, role }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { token: string }).token
}

async function shot(name: string, opts: { phone?: boolean; full?: boolean } = {}) {
  if (opts.phone) await page.setViewportSize(PHONE)
  await page.screenshot({ path: join(SHOTS, `${name}${opts.phone ? '-phone' : ''}.png`), fullPage: opts.full ?? true })
  if (opts.phone) await page.setViewportSize(DESKTOP)
}

async function signIn(token: string) {
  await page.goto(`${base}/signin`)
  await page.getByLabel(/访问令牌|Access token/).fill(token)
  await page
    .getByRole('main')
    .getByRole('button', { name: /登录|Sign in/ })
    .click()
  await page.waitForURL(/\/decisions/)
}

async function signOut() {
  await page.getByRole('button', { name: /退出|Sign out/ }).click()
  await page.waitForURL(/\/public/)
}

const haveChromium = existsSync(CHROMIUM)

describe.skipIf(!haveChromium && !inCI)('web UI in a real browser', () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${CHROMIUM} is missing; .ci/run installs it (apt-get install chromium)`)
    tmp = await mkdtemp(join(tmpdir(), 'dt-e2e-'))
    await mkdir(SHOTS, { recursive: true })
    base = await startServer()
    tokens.inspector = await issue('per_lin_shuyao', 'org_jn_gov', 'inspector')
    tokens.transport = await issue('per_luo_jia', 'org_jz_transport', 'undertaking')
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
        '--disable-component-update',
      ],
      viewport: DESKTOP,
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (m) => {
      if (m.type() !== 'error') return
      if (expectRefusal && /status of 400/.test(m.text())) return
      problems.push(`console: ${m.text()} (${page.url()})`)
    })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('response', (r) => {
      if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`)
    })
  }, 90_000)

  afterAll(async () => {
    await context?.close()
    server?.kill('SIGTERM')
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('shows the public portal without the non-disclosable decision', async () => {
    await page.goto(`${base}/`)
    await page.waitForURL(/\/public$/)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    const titles = await page.locator('#public-list h2 a').allTextContents()
    expect(titles.length).toBeGreaterThan(3)
    expect(titles).toContain('关于调整江州市城市公共交通票价的决策')
    // Demo decision 11 is non-disclosable: never on the public pages.
    expect(titles.join('\n')).not.toContain('应急物资储备库')
    await page.goto(`${base}/public?q=${encodeURIComponent('应急物资')}`)
    await expect.poll(() => page.locator('#public-list').count()).toBe(0)
    await page.goto(`${base}/public`)
    // Keyboard: the first Tab lands on the skip link, which is then visible.
    await page.keyboard.press('Tab')
    // (Expressions as strings: the test is type-checked without the DOM library.)
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('跳到正文')
    expect((await page.locator('a.skip').boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0)
    await page.evaluate('document.activeElement && document.activeElement.blur()')
    await shot('01-public')
    await shot('01-public', { phone: true })
    await page.getByRole('link', { name: '关于调整江州市城市公共交通票价的决策' }).click()
    await page.getByRole('heading', { name: '意见研究采纳情况' }).first().waitFor()
    await shot('02-public-decision')
  })

  it('signs in, filters the list and opens a non-compliant decision with its findings', async () => {
    await signIn(tokens.inspector ?? '')
    await shot('03-decisions')
    await page.getByLabel('合规状态').selectOption('noncompliant')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/status=noncompliant/)
    const badges = await page.locator('#decision-list .badge').allTextContents()
    expect(badges.length).toBeGreaterThan(0)
    for (const b of badges) expect(b).toContain('不合规')
    await shot('04-decisions-filtered')
    await shot('04-decisions-filtered', { phone: true })
    await page.getByRole('link', { name: '江州市城镇老旧小区改造三年行动计划' }).click()
    const finding = page.locator('li.finding', { hasText: '公开征求意见期限不足' })
    await expect.poll(() => finding.count()).toBe(1)
    expect(await finding.textContent()).toContain('《条例》第15条')
    expect(await finding.textContent()).toContain('713/15')
    // The finding links to the event that proves it, on the timeline.
    await finding.getByRole('link', { name: /公开征求意见开始/ }).click()
    expect(page.url()).toMatch(/#ev-/)
    await shot('05-decision')
    await shot('05-decision', { phone: true, full: false })
  })

  it('switches to English and back', async () => {
    await page.getByRole('link', { name: 'Switch to English' }).click()
    await page.waitForURL(/lang=en/)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    const finding = page.locator('li.finding', { hasText: 'Comment period too short' })
    expect(await finding.textContent()).toContain('Decree 713 Art. 15')
    await shot('06-decision-en')
    await page.getByRole('link', { name: '切换到中文' }).click()
    await page.waitForURL(/lang=zh/)
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
  })

  it('shows the inspector dashboard and a lifetime trail', async () => {
    await page.goto(`${base}/dashboard`)
    expect(await page.locator('svg[role="img"] title').count()).toBeGreaterThanOrEqual(3)
    await shot('07-dashboard')
    await shot('07-dashboard', { phone: true })
    await page.goto(`${base}/people/per_lu_chengyuan`)
    await page.getByRole('heading', { name: /陆承远/ }).waitFor()
    await shot('08-person')
    await signOut()
  })

  it('records a step through a form and the timeline shows it', async () => {
    await signIn(tokens.transport ?? '')
    await page.getByRole('link', { name: '江州市中心城区公交线网优化调整方案' }).click()
    const before = await page.locator('#timeline > li').count()
    await page.getByRole('link', { name: /送请合法性审查/ }).click()
    expectRefusal = true
    await page.getByRole('button', { name: '记录' }).click()
    // Nothing filled in: the same schemas as the API refuse, next to each field.
    await page.locator('.errors').waitFor()
    expectRefusal = false
    expect(await page.locator('#f-d-reviewBodyId').getAttribute('aria-invalid')).toBe('true')
    await shot('09-form-errors')
    await page.getByLabel(/合法性审查部门/).selectOption({ label: '江州市司法局' })
    await page.locator('#f-d-draft-name').fill('公交线网优化调整方案（送审稿）.pdf')
    await page.locator('#f-d-draft-file').setInputFiles({
      name: '公交线网优化调整方案（送审稿）.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('送审稿正文'),
    })
    await page.getByLabel(/制定依据/).fill('《重大行政决策程序暂行条例》\n《江州市公共交通条例》')
    await page.locator('#f-d-proceduresStatement-name').fill('履行法定程序情况说明.pdf')
    await page.locator('#f-d-proceduresStatement-sha256').fill('a'.repeat(64))
    await page.getByRole('button', { name: '记录' }).click()
    await page.waitForURL(/recorded=/)
    const items = page.locator('#timeline > li')
    expect(await items.count()).toBe(before + 1)
    const added = page.locator('#timeline > li.is-new')
    expect(await added.textContent()).toContain('送请合法性审查')
    await shot('10-recorded')
  })

  it('logged no console errors', () => {
    expect(problems).toEqual([])
  })
})
