import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../src/agents/password.ts'
import { startBareApp, type BareApp } from '../../support/bare-app.ts'
import { hiddenField, type TestClient } from '../../support/http.ts'

let bare: BareApp | undefined
afterEach(async () => {
  await bare?.close()
  bare = undefined
})

const ann = { name: 'Ann Operator', email: 'ann@team.example', password: 'correct horse', passwordAgain: 'correct horse' }

function setupToken(app: BareApp): string {
  const line = app.warnings.find((warning) => warning.includes('Create the first admin at'))
  const match = line?.match(/Create the first admin at (http:\/\/127\.0\.0\.1:\d+)\/setup\?token=([\w-]+)$/)
  if (!match?.[2]) throw new Error(`no setup link logged: ${JSON.stringify(app.warnings)}`)
  expect(match[1]).toBe(app.url)
  return match[2]
}

/** Opens the setup form as a browser would and returns what the form would post. */
async function openForm(browser: TestClient, token: string): Promise<Record<string, string>> {
  const page = await browser.get(`/setup?token=${token}`)
  expect(page.status).toBe(200)
  const html = await page.text()
  return { _csrf: hiddenField(html, '_csrf'), token: hiddenField(html, 'token') }
}

const admins = (app: BareApp) => app.prisma.agent.count({ where: { role: 'admin' } })

describe('first-admin setup', () => {
  it('logs a one-time link when there is no admin; the link creates the admin and logs them in', async () => {
    bare = await startBareApp()
    const token = setupToken(bare)
    const browser = bare.client()
    const hidden = await openForm(browser, token)
    expect(hidden.token).toBe(token)

    const created = await browser.post('/setup', { ...hidden, ...ann })
    expect(created.status).toBe(303)
    expect(created.headers.get('location')).toBe('/panel')
    expect(browser.cookies.has('sb_session')).toBe(true)
    const panel = await browser.get('/panel')
    expect(panel.status).toBe(200)
    expect(await panel.text()).toContain('Ann Operator (admin)')
    expect(await bare.prisma.agent.findMany({ select: { email: true, role: true } })).toEqual([{ email: 'ann@team.example', role: 'admin' }])

    const again = bare.client()
    expect((await again.get(`/setup?token=${token}`)).status).toBe(404)
    const reused = await again.post('/setup', { ...hidden, ...ann, email: 'eve@team.example' })
    expect(reused.status).toBe(404)
    expect(await admins(bare)).toBe(1)
  })

  it('refuses a missing, wrong or huge token with 403 and shows no form', async () => {
    bare = await startBareApp()
    const token = setupToken(bare)
    for (const query of ['', '?token=', '?token=wrong', `?token=${token.slice(0, -1)}`, `?token=${'x'.repeat(10_000)}`]) {
      const response = await bare.client().get(`/setup${query}`)
      expect(response.status, query.slice(0, 30)).toBe(403)
      const html = await response.text()
      expect(html).toContain('This setup link is not valid.')
      expect(html).not.toContain('name="_csrf"')
    }
    const browser = bare.client()
    const hidden = await openForm(browser, token)
    expect((await browser.post('/setup', { ...hidden, ...ann, token: 'wrong' })).status).toBe(403)
    expect((await browser.post('/setup', { ...ann, _csrf: hidden._csrf ?? '' })).status).toBe(403)
    expect(await admins(bare)).toBe(0)
  })

  it('refuses a post without the form’s CSRF token (a cross-site form) and creates nothing', async () => {
    bare = await startBareApp()
    const token = setupToken(bare)
    const browser = bare.client()
    await openForm(browser, token)
    const forged = await browser.post('/setup', { token, ...ann }, { origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain('Your setup form expired.')
    const stranger = await bare.client().post('/setup', { token, ...ann, _csrf: 'guess' })
    expect(stranger.status).toBe(403)
    expect(await admins(bare)).toBe(0)
  })

  it('answers hostile or wrong input with 400 and keeps the link working', async () => {
    bare = await startBareApp()
    const token = setupToken(bare)
    const browser = bare.client()
    const cases: [Record<string, string>, string][] = [
      [{ name: '', email: '', password: '', passwordAgain: '' }, 'Name is required.'],
      [{ ...ann, name: 'x'.repeat(10_000) }, 'Name must be at most 100 characters.'],
      [{ ...ann, email: `${'x'.repeat(10_000)}@team.example` }, 'Email must be at most 254 characters.'],
      [{ ...ann, password: 'p'.repeat(10_000), passwordAgain: 'p'.repeat(10_000) }, 'Password must be at most 200 characters.'],
      [{ ...ann, name: 'Ann\u0000' }, 'Name must not contain control characters.'],
      [{ ...ann, email: 'ann\u0000@team.example' }, 'Email must not contain control characters.'],
      [{ ...ann, password: 'correct\u0000horse', passwordAgain: 'correct\u0000horse' }, 'Password must not contain control characters.'],
      [{ ...ann, email: 'not an email' }, 'Email must be an email address'],
      [{ ...ann, password: 'short', passwordAgain: 'short' }, 'Password must be at least 10 characters.'],
      [{ ...ann, passwordAgain: 'correct horsf' }, 'The two passwords differ.'],
    ]
    for (const [fields, message] of cases) {
      const response = await browser.post('/setup', { ...(await openForm(browser, token)), ...fields })
      expect(response.status, message).toBe(400)
      const html = await response.text()
      expect(html).toContain(message)
      expect(html, 'the refused value is not shown again').not.toMatch(/x{300}|\u0000/)
    }
    const noBody = await fetch(`${bare.url}/setup`, { method: 'POST', headers: { cookie: browser.cookieHeader } })
    expect(noBody.status).toBe(403)
    const json = await fetch(`${bare.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: browser.cookieHeader }, body: JSON.stringify({ token, name: 7 }) })
    expect(json.status).toBe(415)
    expect(await bare.prisma.agent.count()).toBe(0)
    expect((await browser.post('/setup', { ...(await openForm(browser, token)), ...ann })).status).toBe(303)
  })

  it('refuses an email that an agent already has with 409', async () => {
    bare = await startBareApp({ before: async (prisma) => prisma.agent.create({ data: { name: 'Ann', email: 'ann@team.example', passwordHash: await hashPassword('whatever123') } }) })
    const browser = bare.client()
    const response = await browser.post('/setup', { ...(await openForm(browser, setupToken(bare))), ...ann, email: 'ANN@team.example' })
    expect(response.status).toBe(409)
    expect(await admins(bare)).toBe(0)
  })

  it('is not there once an admin exists, at start or made meanwhile (e.g. by agent:add)', async () => {
    bare = await startBareApp({ before: async (prisma) => prisma.agent.create({ data: { name: 'Ada', email: 'ada@team.example', role: 'admin', passwordHash: await hashPassword('whatever123') } }) })
    expect(bare.warnings.join('\n')).not.toContain('/setup')
    expect((await bare.client().get('/setup?token=anything')).status).toBe(404)
    await bare.close()

    bare = await startBareApp()
    const token = setupToken(bare)
    const admin = await bare.prisma.agent.create({ data: { name: 'Ada', email: 'ada@team.example', role: 'admin', passwordHash: 'x' } })
    expect((await bare.client().get(`/setup?token=${token}`)).status).toBe(404)
    await bare.prisma.agent.delete({ where: { id: admin.id } })
    expect((await bare.client().get(`/setup?token=${token}`)).status).toBe(404)
  })
})
