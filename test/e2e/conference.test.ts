import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'
import { goOnline } from '../support/panel.ts'

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

describe('a call on the conference bridge, in the browser', () => {
  it('alice accepts, holds, resumes and cold-transfers to bob, who accepts; both panels and the caller console agree', async () => {
    const alice = (pages.alice = await logInPage(browser, t.url, 'alice@example.com'))
    await goOnline(alice)
    const caller = (pages.caller = await logInPage(browser, t.url, 'admin@example.com'))
    await caller.goto(`${t.url}/simulator`)
    await caller.locator('#from').fill('+15554440011')
    await caller.getByRole('button', { name: 'Call' }).click()
    const others = caller.locator('#conference-others')
    const onHold = caller.locator('#conference-hold')

    const aliceCard = alice.locator('#call_container article.call')
    await aliceCard.getByRole('button', { name: 'Accept' }).click()
    await aliceCard.and(alice.locator('[data-status=in_progress]')).waitFor()
    await others.filter({ hasText: `agent-${t.agents.alice.id}` }).waitFor()

    await aliceCard.getByRole('button', { name: 'Hold' }).click()
    await aliceCard.locator('.status', { hasText: 'On hold' }).waitFor()
    await aliceCard.locator('.meta', { hasText: 'On hold' }).locator('time').waitFor()
    await onHold.filter({ hasText: 'You are on hold' }).waitFor()

    const bob = (pages.bob = await logInPage(browser, t.url, 'bob@example.com'))
    await goOnline(bob)
    await aliceCard.getByRole('button', { name: 'Resume' }).click()
    await aliceCard.and(alice.locator('[data-status=in_progress]')).waitFor()
    await onHold.filter({ hasText: 'You are not on hold' }).waitFor()

    const target = aliceCard.getByLabel('Transfer to')
    await target.locator('option', { hasText: 'Bob' }).waitFor({ state: 'attached' })
    await target.selectOption({ label: (await target.locator('option', { hasText: 'Bob' }).textContent())!.trim() })
    await aliceCard.getByRole('button', { name: 'Transfer', exact: true }).click()
    await aliceCard.locator('.status', { hasText: 'Transferring…' }).waitFor()

    const bobCard = bob.locator('#call_container article.call')
    await bobCard.filter({ hasText: '+15554440011' }).getByRole('button', { name: 'Accept' }).click()
    await bobCard.and(bob.locator('[data-status=in_progress]')).waitFor()
    await others.filter({ hasText: `agent-${t.agents.bob.id}` }).waitFor()
    await expect.poll(() => others.textContent()).not.toContain(`agent-${t.agents.alice.id}`)
    await expect.poll(() => alice.locator('#call_container article.call').count()).toBe(0)
    await bob.locator('#device_status', { hasText: 'Phone: on a call' }).waitFor()

    await bobCard.getByRole('button', { name: 'End' }).click()
    await caller.getByRole('status').filter({ hasText: 'Ended: completed' }).waitFor()
    await expect.poll(() => t.prisma.call.findFirst({ where: { from: '+15554440011' }, select: { status: true, agentId: true } })).toEqual({ status: 'ended', agentId: t.agents.bob.id })
  })
})
