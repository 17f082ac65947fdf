// A tiny browser over app.request(): a cookie jar, form posts carrying the page's CSRF token,
// and no redirect following (tests look at each 303).
import type { TestApp } from '../support/app'

export interface Page {
  status: number
  html: string
  headers: Headers
  location: string | null
  cookies: string[]
}

/** `headers` go with every request (e.g. the test app's client address header). */
export function browser(app: Pick<TestApp['app'], 'request'>, opts: { headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ')

  async function send(path: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers)
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.set(k, v)
    if (jar.size) headers.set('cookie', cookieHeader())
    const res = await app.request(path, { ...init, headers })
    const cookies = res.headers.getSetCookie()
    for (const c of cookies) {
      const [pair] = c.split(';')
      const [k, ...v] = (pair ?? '').split('=')
      const value = v.join('=')
      if (!k) continue
      if (value === '' || /max-age=0/i.test(c)) jar.delete(k.trim())
      else jar.set(k.trim(), value)
    }
    return {
      status: res.status,
      html: await res.text(),
      headers: res.headers,
      location: res.headers.get('location'),
      cookies,
    }
  }

  /** The CSRF token of the first form on a page. */
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

  return {
    jar,
    get: (path: string) => send(path),
    /** POSTs a urlencoded form (repeat a name by passing an array). */
    post: (path: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams()
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
      return send(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    },
    /** POSTs multipart form data (with files), as the recording forms do. */
    postMultipart: (path: string, form: FormData) => send(path, { method: 'POST', body: form }),
    csrfOf,
    /** GETs `page` and POSTs `fields` to `action` with that page's CSRF token. */
    async submit(page: string, action: string, fields: Record<string, string | string[]>) {
      const csrf = csrfOf((await send(page)).html)
      return this.post(action, { csrf, ...fields })
    },
    async signIn(token: string) {
      const csrf = csrfOf((await send('/signin')).html)
      return this.post('/signin', { csrf, token, next: '/decisions' })
    },
  }
}

/** Text content of an HTML fragment, tags dropped (good enough for assertions). */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
