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
