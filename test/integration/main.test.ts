import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runTool, startMain } from '../support/process.ts'
import { hiddenField, TestClient } from '../support/http.ts'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('npm start with no configuration', () => {
  it('runs on the embedded database, seeds the demo team once, and keeps everything across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-data-'))
    dirs.push(dataDir)

    const first = await startMain({ DATA_DIR: dataDir })
    expect(await (await fetch(`${first.url}/healthz`)).json()).toMatchObject({ database: 'embedded', telephony: 'simulator' })
    const login = await (await fetch(`${first.url}/login`)).text()
    expect(login).toContain('admin@example.com')
    expect(login).toContain('switchboard')
    const alice = new TestClient(first.url)
    expect((await alice.login('alice@example.com')).status).toBe(303)
    expect((await alice.htmxPost('/presence', { presence: 'online' })).status).toBe(200)
    expect(await first.stop()).toBe(0)

    const second = await startMain({ DATA_DIR: dataDir })
    const sameSession = new TestClient(second.url)
    for (const [name, value] of alice.cookies) sameSession.cookies.set(name, value)
    const panel = await sameSession.get('/panel')
    expect(panel.status).toBe(200)
    const html = await panel.text()
    expect(html).toContain('Alice Agent')
    expect(html).toContain('Go offline')
    expect(second.output.join('')).not.toContain('duplicate')
    const admin = new TestClient(second.url)
    expect((await admin.login('admin@example.com')).status).toBe(303)
    const board = await (await admin.get('/admin/live')).text()
    expect(board.match(/id="board-agent-\d+"/g)).toHaveLength(3)
    for (const name of ['Ada Admin', 'Alice Agent', 'Bob Agent']) expect(board.split(`>${name}</a>`)).toHaveLength(2)
    // A week of simulated history, seeded on the first start only, so the reports are not empty.
    expect(first.output.join('')).toContain('simulated calls of the past week')
    expect(second.output.join('')).not.toContain('simulated calls of the past week')
    const reports = await (await admin.get('/admin/reports')).text()
    expect(Number(/data-figure="offered"><dt>Offered<\/dt><dd>(\d+)<\/dd>/.exec(reports)?.[1])).toBeGreaterThan(100)
    expect(await second.stop()).toBe(0)
  }, 300_000)

  it('exits non-zero with one line naming a bad variable', async () => {
    await expect(startMain({ PORT: 'abc' }, 15_000)).rejects.toThrow(/exited with 1:\nInvalid configuration: PORT must be a number \(got "abc"\)\n$/)
  })
})

const blankTwilio = { TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_API_KEY_SID: '', TWILIO_API_KEY_SECRET: '', TWILIO_NUMBER: '' }

describe('NODE_ENV=production', () => {
  it('refuses to start on blank TWILIO_* and says what is missing in one line', { timeout: 90_000 }, async () => {
    const env = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), PUBLIC_URL: 'https://calls.example.com', ...blankTwilio }
    await expect(startMain(env, 60_000)).rejects.toThrow(
      /exited with 1:\nInvalid configuration: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_NUMBER are required when NODE_ENV=production \(or set SIMULATOR=on to run the built-in simulator, which is not for real callers\)\n$/,
    )
  })

  it('with SIMULATOR=on warns, offers the first-admin link, and lets agent:add reach its embedded database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-prod-'))
    dirs.push(dataDir)
    const port = await freePort()
    const publicUrl = `http://127.0.0.1:${port}`
    const env = { NODE_ENV: 'production', SIMULATOR: 'on', SESSION_SECRET: 's'.repeat(32), PUBLIC_URL: publicUrl, PORT: String(port), DATA_DIR: dataDir, ...blankTwilio }
    const app = await startMain(env)
    try {
      const log = app.output.join('')
      expect(log).toContain('SIMULATOR=on: running the built-in Twilio simulator in production; it is not for real callers')
      const token = log.match(/Create the first admin at http:\/\/127\.0\.0\.1:\d+\/setup\?token=([\w-]+)/)?.[1]
      expect(token).toBeTruthy()
      expect(await (await fetch(`${app.url}/login`)).text()).not.toContain('switchboard</code>')

      const browser = new TestClient(app.url)
      const form = await (await browser.get(`/setup?token=${token}`)).text()
      const admin = { name: 'Ann Operator', email: 'ann@team.example', password: 'correct horse', passwordAgain: 'correct horse' }
      expect((await browser.post('/setup', { _csrf: hiddenField(form, '_csrf'), token: token ?? '', ...admin })).status).toBe(303)
      expect((await browser.get('/sim/simulator')).status).toBe(200)
      expect((await browser.get(`/setup?token=${token}`)).status).toBe(404)

      expect(existsSync(join(dataDir, 'pglite.url'))).toBe(true)
      const added = await runTool(process.execPath, ['--import', 'tsx', 'src/agents/cli.ts', '--email', 'bob@team.example', '--name', 'Bob'], { DATA_DIR: dataDir, AGENT_PASSWORD: 'bob password' })
      expect(added.stdout.trim()).toBe('bob@team.example (agent) added through the running app')
      expect((await new TestClient(app.url).login('bob@team.example', 'bob password')).status).toBe(303)
      await expect(startMain({ ...env, PORT: '0' }, 60_000)).rejects.toThrow(/exited with 1:[\s\S]*Another Switchboard is running on DATA_DIR/)
    } finally {
      expect(await app.stop()).toBe(0)
    }
    expect(existsSync(join(dataDir, 'pglite.url'))).toBe(false)
  }, 300_000)
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
