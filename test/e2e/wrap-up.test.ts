import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp({ simulator: { timeScale: 0.05 }, env: { WRAP_UP_SECONDS: '120' } }), launchChromium()])
  await t.prisma.teamSettings.update({ where: { id: 1 }, data: { dispositionRequired: true } })
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('wrap-up and states in the browser', () => {
  it('an ended call becomes the wrap-up card; Done needs the disposition (required by the team), then the call moves to recent calls; Away takes a reason', async () => {
    const agent = (pages.agent = await logInPage(browser, t.url, 'alice@example.com'))
    await agent.getByRole('button', { name: 'Go online' }).click()
    await agent.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
    const caller = (pages.caller = await logInPage(browser, t.url, 'admin@example.com'))
    await caller.goto(`${t.url}/simulator`)
    await caller.locator('#from').fill('+15554440009')
    await caller.getByRole('button', { name: 'Call' }).click()

    const card = agent.locator('#call_container article.call').filter({ hasText: '+15554440009' })
    await card.getByRole('button', { name: 'Accept' }).click()
    await card.and(agent.locator('[data-status=in_progress]')).waitFor()
    await card.getByRole('button', { name: 'End' }).click()

    await card.getByRole('button', { name: 'Done' }).waitFor()
    await card.getByLabel('Notes').fill('Wants a call back, "soon" <b>please</b>')
    await card.getByRole('button', { name: 'Done' }).click()
    // The browser itself refuses a required disposition left blank (the server's 422 is tested without one).
    expect(await card.locator('select[name="disposition"]:invalid').count()).toBe(1)
    expect(await card.getByRole('button', { name: 'Done' }).isVisible()).toBe(true)
    await card.locator('select[name="disposition"]').selectOption('Follow-up needed')
    await card.getByRole('button', { name: 'Done' }).click()
    await agent.locator('#recent_calls', { hasText: '+15554440009' }).waitFor()
    await expect.poll(() => card.count()).toBe(0)
    expect(await t.prisma.call.findFirst({ where: { from: '+15554440009' }, select: { disposition: true, notes: true } })).toEqual({ disposition: 'Follow-up needed', notes: 'Wants a call back, "soon" <b>please</b>' })

    await agent.locator('#away select[name="reason"]').selectOption('Lunch')
    await agent.locator('#away').getByRole('button', { name: 'Away' }).click()
    await agent.locator('#presence', { hasText: 'Away · Lunch' }).waitFor()
    expect(await t.prisma.agentStateChange.findFirst({ where: { agentId: t.agents.alice.id }, orderBy: { id: 'desc' }, select: { presence: true, reason: true } })).toEqual({ presence: 'away', reason: 'Lunch' })
  })
})
