import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import { launchChromium, screenshotOnFailure } from '../../support/browser.ts'
import type { Harness } from '../../integration/simulator/harness.ts'
import { credentials, startHarness, twiml } from '../../integration/simulator/harness.ts'

let browser: Browser
let page: Page
let h: Harness

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

beforeEach(async () => {
  h = await startHarness({ timeScale: 0.05 })
  page = await browser.newPage()
})

afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, `simulator-${context.task.name}`, { console: page })
  await page.close()
  await h.close()
})

describe('caller console in a conference', () => {
  it('shows the conference, who else is in it, and that the caller is on hold', async () => {
    h.on('voice', twiml('<Dial><Conference waitUrl="">support-room</Conference></Dial>'))
    h.on('hold', twiml('<Play loop="0">http://example.test/hold.mp3</Play>'))
    const alice = await h.device('alice')
    await page.goto(`${h.base}/sim/simulator`)
    await page.fill('#from', '+15551230008')
    await page.getByRole('button', { name: 'Call' }).click()
    const section = page.getByRole('region', { name: /Conference/ })
    await section.getByText('"support-room" (init)').waitFor({ timeout: 5000 })
    const agent = await h.client.conferences('support-room').participants.create({ from: credentials.phoneNumber, to: 'client:alice', label: 'Agent Alice' })
    ;(await alice.nextIncoming()).accept()
    await h.sim.waitFor((e: SimEvent) => e.type === 'conference' && e.event === 'conference-start')
    await section.getByRole('listitem').filter({ hasText: 'Agent Alice' }).waitFor({ timeout: 5000 })
    const caller = [...h.sim.calls.values()].find((c) => c.from === '+15551230008')
    await h.client.conferences(agent.conferenceSid).participants(caller?.sid ?? '').update({ hold: true, holdUrl: `${h.base}/hooks/hold` })
    await section.getByText('You are on hold, hearing hold music').waitFor({ timeout: 5000 })
    await page.getByRole('status').filter({ hasText: 'On hold in conference "support-room", hearing hold music' }).waitFor({ timeout: 5000 })
    expect(h.sim.conferences.byName('support-room')?.participant(caller?.sid ?? '')?.hold).toBe(true)
  })
})
