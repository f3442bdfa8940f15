import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp({ simulator: { timeScale: 0.05 } }), launchChromium()])
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('answering a call in the browser', () => {
  it('an agent goes online, a caller calls, the agent accepts, talks and ends the call', async () => {
    const agent = (pages.agent = await logInPage(browser, t.url, 'alice@example.com'))
    await agent.getByRole('button', { name: 'Go online' }).click()
    await agent.getByRole('button', { name: 'Go offline' }).waitFor()
    await agent.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()

    // The caller console is an admin tool in the app: its requests carry the admin's CSRF token.
    const caller = (pages.caller = await logInPage(browser, t.url, 'admin@example.com'))
    await caller.goto(`${t.url}/simulator`)
    await caller.locator('#from').fill('+15554440001')
    await caller.getByRole('button', { name: 'Call' }).click()

    const card = agent.locator('#call_container article.call')
    await card.filter({ hasText: '+15554440001' }).getByRole('button', { name: 'Accept' }).click()
    await card.and(agent.locator('[data-status=in_progress]')).waitFor()
    // The bridge is the call's conference: the caller console shows the agent in it.
    await caller.locator('#conference-name', { hasText: '"call-' }).waitFor()
    await caller.locator('#conference-others', { hasText: `agent-${t.agents.alice.id}` }).waitFor()
    await agent.locator('#device_status', { hasText: 'Phone: on a call' }).waitFor()

    await card.getByRole('button', { name: 'End' }).click()
    await caller.getByRole('status').filter({ hasText: 'Ended: completed' }).waitFor()
    await agent.locator('#recent_calls', { hasText: 'Ended · completed' }).waitFor()
    expect(await agent.locator('#call_container article.call').count()).toBe(0)
    await expect.poll(() => t.prisma.call.findFirst({ where: { from: '+15554440001' }, select: { status: true, endReason: true } })).toEqual({
      status: 'ended',
      endReason: 'completed',
    })
  })
})
