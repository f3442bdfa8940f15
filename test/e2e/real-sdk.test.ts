import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'
import { startStandaloneSimulator, type StandaloneSimulator } from '../support/standalone-simulator.ts'
import { instrumentDevice, phoneRecord, surfaceOf, usedSurface } from '../support/sdk.ts'

let sim: StandaloneSimulator
let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}

/** The app as it runs against Twilio: the page loads the real SDK; REST goes to a standalone simulator (there is no network to Twilio). */
beforeAll(async () => {
  sim = await startStandaloneSimulator()
  // Real-Twilio mode needs PUBLIC_URL (Twilio signs against it): the app's own address here.
  const port = await freePort()
  ;[t, browser] = await Promise.all([startTestApp({ env: { ...sim.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port }), launchChromium()])
  sim.pointAt(t.url)
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
  await sim?.close()
})

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

const jwtPayload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

describe('public/device.js on the real @twilio/voice-sdk', () => {
  it('constructs the Device with the token, listens to its events, refreshes the token; a refused registration shows on the panel and the page keeps working', async () => {
    expect(t.app.telephony).toMatchObject({ mode: 'twilio', deviceScript: '/assets/twilio.js' })
    const agent = (pages.alice = await logInPage(browser, t.url, 'alice@example.com'))
    const pageErrors: string[] = []
    agent.on('pageerror', (error) => pageErrors.push(error.message))
    await instrumentDevice(agent)
    await agent.reload()
    await agent.locator('#live_status', { hasText: 'Connected' }).waitFor()

    await agent.getByRole('button', { name: 'Go online' }).click()
    await agent.locator('#device_status[data-state=error]', { hasText: /^Phone: .+/ }).waitFor()
    const wiring = await phoneRecord(agent)
    expect(wiring.constructed).toHaveLength(1)
    const [device] = wiring.constructed
    expect(jwtPayload(device!.token)).toMatchObject({
      iss: sim.env.TWILIO_API_KEY_SID,
      sub: sim.env.TWILIO_ACCOUNT_SID,
      grants: { identity: `agent-${t.agents.alice.id}`, voice: { incoming: { allow: true } } },
    })
    expect(device!.options).toMatchObject({ allowIncomingWhileBusy: false, maxCallSignalingTimeoutMs: 30000 })
    expect(device!.listeners).toEqual({ registered: 1, unregistered: 1, error: 1, tokenWillExpire: 1, incoming: 1 })

    // The SDK may refresh on its own too (a loaded machine lets its own timers fire): count from here.
    const before = (await phoneRecord(agent)).updatedTokens.length
    await agent.evaluate(() => (window as unknown as { phoneRecord: { devices: { emit(name: string): void }[] } }).phoneRecord.devices[0]!.emit('tokenWillExpire'))
    await expect.poll(async () => (await phoneRecord(agent)).updatedTokens.length).toBeGreaterThan(before)
    expect(jwtPayload((await phoneRecord(agent)).updatedTokens.at(-1)!)).toMatchObject({ grants: { identity: `agent-${t.agents.alice.id}` } })

    expect(await agent.getByRole('button', { name: 'Go online' }).isVisible()).toBe(true)
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: t.agents.alice.id }, select: { presence: true } })).toEqual({ presence: 'offline' })
    await agent.getByLabel('Number').fill('+15551230001')
    await agent.getByRole('button', { name: 'Dial' }).click()
    await agent.getByRole('alert').filter({ hasText: 'Go online first' }).waitFor()
    expect(await agent.locator('#live_status').innerText()).toBe('Connected')
    expect(pageErrors).toEqual([])
  })

  it('the simulator’s stand-in has the same surface as the real SDK, for everything the panel uses', async () => {
    const used = usedSurface(['public/device.js', 'public/audio.js'].map((file) => readFileSync(file, 'utf8')).join('\n'))
    expect(used.members).toEqual(expect.arrayContaining(['device.register', 'device.updateToken', 'device.audio.setInputDevice', 'call.accept', 'call.mute', 'call.isMuted', 'call.sendDigits']))
    const token = ((await (await (await t.loggedIn('bob')).get('/voice/token')).json()) as { token: string }).token
    const context = await browser.newContext({ bypassCSP: true })
    const real = await surfaceOf(await context.newPage(), `${t.url}/login`, `${t.url}/assets/twilio.js`, token, used.members)
    const standIn = await surfaceOf(await context.newPage(), `${t.url}/login`, `${sim.url}/device.js`, token, used.members)

    for (const member of used.members) expect({ member, kind: real.members[member] }).not.toEqual({ member, kind: 'undefined' })
    expect(standIn.members).toEqual(real.members)
    expect(standIn.deviceEvents).toEqual(real.deviceEvents)
    for (const event of used.deviceEvents) expect(real.deviceEvents).toContain(event)
    const sdk = (file: string) => readFileSync(`node_modules/@twilio/voice-sdk/esm/twilio/${file}`, 'utf8')
    for (const event of used.callEvents) expect({ event, emitted: sdk('call.js').includes(`emit('${event}'`) }).toEqual({ event, emitted: true })
    for (const event of used.audioEvents) expect({ event, emitted: sdk('audiohelper.js').includes(`emit('${event}'`) }).toEqual({ event, emitted: true })
    for (const field of used.callFields) expect(sdk('call.d.ts')).toMatch(new RegExp(`\\n\\s+(readonly )?${field}\\??:`))
    await context.close()
  })
})
