import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'
import { demoMenu } from '../../src/front-door/seed.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp({ frontDoor: true, simulator: { timeScale: 0.2 } }), launchChromium()])
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function online(name: 'alice' | 'bob'): Promise<Page> {
  const page = (pages[name] = await logInPage(browser, t.url, `${name}@example.com`))
  await page.getByRole('button', { name: 'Go online' }).click()
  await page.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
  return page
}

describe('the menu in the caller console', () => {
  it(`the caller presses ${demoMenu.sales} for Sales: alice (Sales) is offered the call, bob (Support only) is not`, async () => {
    const [alice, bob] = [await online('alice'), await online('bob')]
    const caller = (pages.caller = await (await browser.newContext()).newPage())
    caller.setDefaultTimeout(8000)
    // The caller console is an admin's tool: log in on the way.
    await caller.goto(`${t.url}/simulator`)
    await caller.getByLabel('Email').fill('admin@example.com')
    await caller.getByLabel('Password').fill('switchboard')
    await caller.getByRole('button', { name: 'Log in' }).click()
    await caller.waitForURL(`${t.url}/sim/simulator`)
    await caller.locator('#from').fill('+15558880001')
    await caller.getByRole('button', { name: 'Call' }).click()
    await caller.getByText('Listening for keys or speech.').waitFor()
    await caller.locator('#keypad').getByRole('button', { name: demoMenu.sales, exact: true }).click()

    const card = alice.locator('#call_container article.call', { hasText: '+15558880001' })
    await card.getByRole('button', { name: 'Accept' }).waitFor()
    await caller.getByRole('status').filter({ hasText: /In queue "queue-\d+"/ }).waitFor()
    const call = await t.prisma.call.findFirstOrThrow({ where: { from: '+15558880001' }, select: { status: true, agentId: true, queue: { select: { name: true } }, events: { where: { type: 'offered' }, select: { agentId: true } } } })
    expect(call).toMatchObject({ status: 'offered', agentId: t.agents.alice.id, queue: { name: 'Sales' } })
    expect(call.events).toEqual([{ agentId: t.agents.alice.id }])
    expect(await bob.locator('#call_container article.call').count()).toBe(0)
  })
})
