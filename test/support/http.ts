/** A browser-shaped HTTP client for tests: keeps cookies, follows nothing, speaks forms. */
export class TestClient {
  readonly cookies = new Map<string, string>()
  csrfToken: string | undefined

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('GET', path, undefined, headers)
  }

  async post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
    return this.request('POST', path, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    })
  }

  /** A POST as htmx sends it from the panel: CSRF token in the header. */
  async htmxPost(path: string, form: Record<string, string> = {}): Promise<Response> {
    return this.post(path, form, { 'hx-request': 'true', 'x-csrf-token': this.csrfToken ?? '' })
  }

  async login(email: string, password = 'switchboard'): Promise<Response> {
    const form = await this.get('/login')
    const _csrf = hiddenField(await form.text(), '_csrf')
    const response = await this.post('/login', { email, password, _csrf })
    if (response.status === 303) this.csrfToken = csrfFromPage(await (await this.get('/panel')).text())
    return response
  }

  private async request(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader, ...headers },
    })
    this.remember(response.headers.getSetCookie())
    return response
  }

  private remember(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';')
      const [name = '', value = ''] = pair.split('=', 2).map((part) => part.trim())
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute)) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

export function hiddenField(html: string, name: string): string {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`))
  if (!match?.[1]) throw new Error(`no hidden field ${name} in page`)
  return match[1]
}

export function csrfFromPage(html: string): string {
  const match = html.match(/hx-headers:inherited='([^']*)'/)
  if (!match?.[1]) throw new Error('no CSRF header on the page')
  const decoded = match[1].replace(/&#34;/g, '"').replace(/&quot;/g, '"')
  return (JSON.parse(decoded) as { 'X-CSRF-Token': string })['X-CSRF-Token']
}
