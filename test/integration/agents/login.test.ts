import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { hiddenField } from '../../support/http.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('login', () => {
  it('logs a demo agent in with a hardened session cookie and shows the panel', async () => {
    const browser = t.client()
    const response = await browser.login('alice@example.com')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/panel')
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('sb_session='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const panel = await browser.get('/panel')
    expect(panel.status).toBe(200)
    const html = await panel.text()
    expect(html).toContain('Alice Agent')
    expect(html).toContain('id="call_container"')
    expect(html).toContain('Go online')
  })

  it('refuses a wrong password with 401 and no session', async () => {
    const browser = t.client()
    const response = await browser.login('alice@example.com', 'wrong')
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('Wrong email or password.')
    expect(browser.cookies.has('sb_session')).toBe(false)
    expect((await browser.get('/panel')).status).toBe(303)
  })

  it('refuses a login form without its CSRF token', async () => {
    const browser = t.client()
    await browser.get('/login')
    const response = await browser.post('/login', { email: 'alice@example.com', password: 'switchboard' })
    expect(response.status).toBe(403)
    expect(browser.cookies.has('sb_session')).toBe(false)
  })

  it('refuses a state change without the CSRF token and changes nothing', async () => {
    const browser = await t.loggedIn('bob')
    const response = await browser.post('/presence', { presence: 'online' }, { 'hx-request': 'true' })
    expect(response.status).toBe(403)
    const bob = await t.prisma.agent.findUniqueOrThrow({ where: { id: t.agents.bob.id } })
    expect(bob.presence).toBe('offline')
    const accepted = await browser.htmxPost('/presence', { presence: 'online' })
    expect(accepted.status).toBe(200)
    expect(await accepted.text()).toContain('Go offline')
  })

  it('limits repeated failures for one email', async () => {
    const browser = t.client()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await browser.login('admin@example.com', 'guess')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect((await browser.login('admin@example.com')).status).toBe(429)
  })

  it('logs out and forgets the session server-side', async () => {
    const browser = await t.loggedIn('alice')
    const stolen = browser.cookies.get('sb_session')
    const panel = await (await browser.get('/panel')).text()
    const response = await browser.post('/logout', { _csrf: hiddenField(panel, '_csrf') })
    expect(response.status).toBe(303)
    const replay = await fetch(`${t.url}/panel`, { redirect: 'manual', headers: { cookie: `sb_session=${stolen}` } })
    expect(replay.status).toBe(303)
  })

  it('redirects /panel to the login page when logged out', async () => {
    const response = await t.client().get('/panel')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?next=%2Fpanel')
  })
})

describe('where a login leads', () => {
  /** Logs in through the form reached at `/login?next=…`, as a browser following a link would. */
  async function loginFrom(query: string) {
    const browser = t.client()
    const form = await (await browser.get(`/login?${query}`)).text()
    const next = form.match(/name="next" value="([^"]*)"/)?.[1]?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    const response = await browser.post('/login', { email: 'alice@example.com', password: 'switchboard', _csrf: hiddenField(form, '_csrf'), ...(next ? { next } : {}) })
    expect(response.status).toBe(303)
    return response.headers.get('location')
  }

  it.each([
    'next=/%09/evil.example',
    'next=/%0A/evil.example',
    'next=//evil.example',
    'next=/%5Cevil.example',
    'next=https://evil.example',
    'next=javascript:alert(1)',
    'next=/.//evil.example',
    'next=/%2F%2Fevil.example',
  ])('stays on this site for %s', async (query) => {
    expect(await loginFrom(query)).toBe('/panel')
  })

  it('goes where the login page was asked for from', async () => {
    expect(await loginFrom('next=%2Fadmin%2Fcalls%3Fpage%3D2')).toBe('/admin/calls?page=2')
    expect(await loginFrom('next=%2F%252F%252Fevil.example')).toBe('/%2F%2Fevil.example')
  })

  it('refuses a next posted around the form, such as /\t/evil.example', async () => {
    const browser = t.client()
    const _csrf = hiddenField(await (await browser.get('/login')).text(), '_csrf')
    const response = await browser.post('/login', { email: 'alice@example.com', password: 'switchboard', _csrf, next: '/\t/evil.example' })
    expect(response.headers.get('location')).toBe('/panel')
  })
})

describe('health', () => {
  it('reports the database and telephony it runs on', async () => {
    const response = await fetch(`${t.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded',
      telephony: 'simulator',
    })
  })
})
