import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from '../../integration/simulator/harness.ts'
import { accessToken, startHarness, twiml } from '../../integration/simulator/harness.ts'
import { startTestApp } from '../../support/app.ts'

let browser: Browser
let page: Page
let h: Harness

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})
afterAll(() => browser?.close())

beforeEach(async () => {
  h = await startHarness({ timeScale: 0.05 })
  page = await browser.newPage()
})

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    mkdirSync('test-results', { recursive: true })
    await page.screenshot({ path: `test-results/simulator-${context.task.name.replace(/\W+/g, '-')}.png` }).catch(() => undefined)
  }
  await page.close()
  await h.close()
})

describe('caller console', () => {
  it('Call places a call that shows its queue position; Hang up ends it', async () => {
    h.on('voice', twiml('<Say>Thanks for calling</Say><Enqueue waitUrl="/hooks/hold">support</Enqueue>'))
    h.on('hold', twiml('<Play>http://example.test/music.mp3</Play>'))
    await page.goto(`${h.base}/sim/simulator`)
    await page.fill('#from', '+15551230007')
    await page.getByRole('button', { name: 'Call' }).click()
    await page.getByRole('status').filter({ hasText: 'In queue "support" at position 1' }).waitFor({ timeout: 5000 })
    const call = [...h.sim.calls.values()].find((c) => c.from === '+15551230007')
    expect(call?.status).toBe('in-progress')
    await page.getByRole('button', { name: 'Hang up' }).click()
    await page.getByRole('status').filter({ hasText: 'Ended: completed (caller hung up)' }).waitFor({ timeout: 5000 })
    expect(call?.status).toBe('completed')
    expect(await page.locator('#log').textContent()).toContain('Said: "Thanks for calling"')
  })
})

describe('caller console: an IVR menu', () => {
  const menu = '<Gather input="dtmf speech" numDigits="1" timeout="200" speechTimeout="auto" action="/hooks/menu"><Say>Press 1 or say sales</Say><Play>http://example.test/menu.mp3</Play></Gather>'

  async function callTheMenu(): Promise<void> {
    h.on('voice', twiml(menu))
    await page.goto(`${h.base}/sim/simulator`)
    await page.getByRole('button', { name: 'Call' }).click()
    await page.getByText('Listening for keys or speech.').waitFor({ timeout: 5000 })
  }

  it('Say sends what the caller says to the <Gather>, and the log shows every Say and Play the caller hears', async () => {
    h.on('menu', twiml('<Say>Connecting you to sales</Say><Pause length="200"/>'))
    await callTheMenu()
    await page.fill('#say-text', 'sales')
    await page.getByRole('button', { name: 'Say' }).click()
    expect((await h.waitForRequest('menu')).params.SpeechResult).toBe('Sales.')
    await page.locator('#log').filter({ hasText: 'Said: "Connecting you to sales"' }).waitFor({ timeout: 5000 })
    const log = await page.locator('#log').textContent()
    expect(log).toContain('Said: "Press 1 or say sales"')
    expect(log).toContain('Caller said "sales"')
    expect(log).toContain('Heard "Sales." (confidence 0.9)')
  })

  it('the keypad presses keys while the call is live, and Play URLs show in the log', async () => {
    h.on('menu', twiml('<Play>http://example.test/sales-queue.mp3</Play><Pause length="200"/>'))
    await callTheMenu()
    const one = page.locator('#keypad').getByRole('button', { name: '1', exact: true })
    await one.click()
    expect((await h.waitForRequest('menu')).params.Digits).toBe('1')
    await page.locator('#log').filter({ hasText: 'Playing http://example.test/sales-queue.mp3' }).waitFor({ timeout: 5000 })
    expect(await one.isEnabled()).toBe(true)
    await page.getByRole('button', { name: 'Hang up' }).click()
    await page.getByRole('status').filter({ hasText: 'Ended: completed (caller hung up)' }).waitFor({ timeout: 5000 })
    expect(await one.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Say' }).isDisabled()).toBe(true)
  })
})

describe('caller console inside Switchboard', () => {
  it('sends a logged-out browser to log in; an admin’s console calls and hangs up with the page’s CSRF token', async () => {
    const t = await startTestApp({ simulator: { timeScale: 0.05 } })
    try {
      await page.goto(`${t.url}/simulator`)
      await page.waitForURL(`${t.url}/login?next=%2Fsim%2Fsimulator`)
      await page.getByLabel('Email').fill('admin@example.com')
      await page.getByLabel('Password').fill('switchboard')
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.waitForURL(`${t.url}/sim/simulator`)
      await page.fill('#from', '+15551230008')
      await page.getByRole('button', { name: 'Call' }).click()
      await page.getByRole('status').filter({ hasText: 'In queue' }).waitFor({ timeout: 5000 })
      await page.getByRole('button', { name: 'Hang up' }).click()
      await page.getByRole('status').filter({ hasText: 'Ended: completed (caller hung up)' }).waitFor({ timeout: 5000 })
      await expect.poll(() => t.prisma.call.findFirst({ where: { from: '+15551230008' }, select: { status: true, endReason: true } })).toEqual({
        status: 'ended',
        endReason: 'abandoned',
      })
    } finally {
      await t.close()
    }
  })
})

describe('public/simulator/device.js in a real page', () => {
  it('registers as Twilio.Device, receives incoming and accepts', async () => {
    const token = accessToken('agent-7')
    h.on('agent-page', {
      type: 'text/html',
      body: `<!doctype html><html><body><p id="state">loading</p><p id="call"></p>
        <script src="/sim/device.js"></script>
        <script>
          const device = new Twilio.Device(${JSON.stringify(token)}, { closeProtection: true })
          device.on('registered', () => { document.getElementById('state').textContent = 'registered as ' + device.identity })
          device.on('incoming', (call) => {
            document.getElementById('call').textContent = 'incoming from ' + call.parameters.From
            call.on('accept', () => { document.getElementById('call').textContent = 'connected ' + call.customParameters.get('ticket') })
            call.on('disconnect', () => { document.getElementById('call').textContent = 'disconnected' })
            call.accept()
          })
          device.register()
        </script></body></html>`,
    })
    h.on('voice', twiml('<Dial timeout="5"><Client><Identity>agent-7</Identity><Parameter name="ticket" value="T-1"/></Client></Dial>'))
    await page.goto(`${h.base}/hooks/agent-page`)
    await page.getByText('registered as agent-7').waitFor({ timeout: 5000 })
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await page.getByText('connected T-1').waitFor({ timeout: 5000 })
    const dial = await h.sim.waitFor<Extract<SimEvent, { type: 'dial' }>>((e) => e.type === 'dial' && e.callSid === sid)
    expect(h.sim.getCall(dial.childCallSid)?.status).toBe('in-progress')
    h.sim.hangUp(sid)
    await page.getByText('disconnected').waitFor({ timeout: 5000 })
  })
})
