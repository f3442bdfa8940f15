import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from '../../integration/simulator/harness.ts'
import { accessToken, startHarness, twiml } from '../../integration/simulator/harness.ts'

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
