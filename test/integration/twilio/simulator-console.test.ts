import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../../src/paths.ts'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'

let t: TestApp
let admin: TestClient
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.loggedIn('admin')
})
afterAll(() => t.close())

const placedFrom = (from: string) => [...t.app.simulator.calls.values()].filter((call) => call.from === from)
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const control = (path: string, init: RequestInit = {}) => fetch(`${t.url}/sim/simulator/calls${path}`, { redirect: 'manual', ...init })

describe('the caller console page in the app', () => {
  it('sends a logged-out browser to the login form and back', async () => {
    const page = await t.client().get('/sim/simulator')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/login?next=%2Fsim%2Fsimulator')
    const short = await t.client().get('/simulator')
    expect(short.headers.get('location')).toBe('/sim/simulator')
  })

  it('refuses an agent with 403', async () => {
    const alice = await t.loggedIn('alice')
    const page = await alice.get('/sim/simulator')
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('The caller console is for admins')
    expect(html).not.toContain('id="call"')
  })

  it('shows an admin the console carrying their CSRF token', async () => {
    const page = await admin.get('/sim/simulator')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<button type="submit" id="call">Call</button>')
    expect(admin.csrfToken).toBeTruthy()
    expect(html).toContain(`data-csrf-token="${admin.csrfToken}"`)
  })
})

describe('the console control API in the app', () => {
  it('refuses a request with neither session nor Basic with 401 and places nothing', async () => {
    const response = await control('', json({ from: '+15553330001' }))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBeNull()
    expect(placedFrom('+15553330001')).toHaveLength(0)
  })

  it('refuses an agent, and an admin without the CSRF token, with 403', async () => {
    const alice = await t.loggedIn('alice')
    const asAgent = await control('', json({ from: '+15553330002' }, { cookie: alice.cookieHeader, 'x-csrf-token': alice.csrfToken ?? '' }))
    expect(asAgent.status).toBe(403)
    const noToken = await control('', json({ from: '+15553330002' }, { cookie: admin.cookieHeader }))
    expect(noToken.status).toBe(403)
    const wrongToken = await control('', json({ from: '+15553330002' }, { cookie: admin.cookieHeader, 'x-csrf-token': 'x'.repeat(43) }))
    expect(wrongToken.status).toBe(403)
    expect(placedFrom('+15553330002')).toHaveLength(0)
  })

  it('refuses a cross-site form POST (urlencoded, cookie, no token) with 403 and places nothing', async () => {
    const forged = await control('', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookieHeader, origin: 'https://evil.example' },
      body: new URLSearchParams({ from: '+15553330003' }).toString(),
    })
    expect(forged.status).toBe(403)
    expect(placedFrom('+15553330003')).toHaveLength(0)
  })

  it('lets an admin with the CSRF token place, follow and hang up a call', async () => {
    const session = { cookie: admin.cookieHeader, 'x-csrf-token': admin.csrfToken ?? '' }
    const placed = await control('', json({ from: '+15553330004' }, session))
    expect(placed.status).toBe(201)
    const { sid } = (await placed.json()) as { sid: string }
    expect(placedFrom('+15553330004').map((call) => call.sid)).toEqual([sid])
    expect((await control(`/${sid}`)).status).toBe(401)
    expect((await control(`/${sid}`, { headers: { cookie: admin.cookieHeader } })).status).toBe(200)
    expect((await control(`/${sid}/hangup`, { method: 'POST', headers: { cookie: admin.cookieHeader } })).status).toBe(403)
    expect((await control(`/${sid}/hangup`, { method: 'POST', headers: session })).status).toBe(204)
  })

  it('accepts HTTP Basic with the simulator account SID and auth token, as `npm run call` sends it', async () => {
    const { accountSid, authToken, apiKeySid, apiKeySecret } = t.app.telephony
    const placed = await control('', json({ from: '+15553330005' }, { authorization: basic(accountSid, authToken) }))
    expect(placed.status).toBe(201)
    const { sid } = (await placed.json()) as { sid: string }
    expect((await control(`/${sid}`, { headers: { authorization: basic(accountSid, authToken) } })).status).toBe(200)
    expect((await control(`/${sid}/hangup`, { method: 'POST', headers: { authorization: basic(accountSid, authToken) } })).status).toBe(204)

    for (const wrong of [basic(accountSid, 'wrong'), basic(apiKeySid, apiKeySecret), basic('', ''), 'Basic !!!', `Basic ${'A'.repeat(10_000)}`]) {
      const refused = await control('', json({ from: '+15553330006' }, { authorization: wrong }))
      expect(refused.status).toBe(401)
    }
    expect(placedFrom('+15553330006')).toHaveLength(0)
  })
})

describe('npm run call against the app', () => {
  // Asynchronous: the app answering the CLI runs in this process.
  const call = (dataDir: string, from: string) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', '--url', `${t.url}/sim`, '--from', from, '--hangup-after', '1'], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir },
      timeout: 60_000,
    }).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code?: number; stdout: string; stderr: string }) => ({ status: error.code ?? -1, stdout: error.stdout, stderr: error.stderr }),
    )

  it('authenticates with the simulator account from DATA_DIR/simulator.json', async () => {
    const run = await call(t.app.config.dataDir, '+15553330008')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Placed CA[0-9a-f]{32} from \+15553330008\b/m)
    expect(placedFrom('+15553330008')).toHaveLength(1)
  })

  it('is refused without that file', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'switchboard-no-sim-'))
    try {
      const run = await call(elsewhere, '+15553330009')
      expect(run.status).toBe(1)
      expect(run.stderr).toMatch(/could not place the call\b.*: 401/)
      expect(placedFrom('+15553330009')).toHaveLength(0)
    } finally {
      await rm(elsewhere, { recursive: true, force: true })
    }
  })
})
