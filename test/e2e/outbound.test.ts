import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}
const customer = '+15558880001'

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp({ simulator: { timeScale: 1 } }), launchChromium()])
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('calling out and reading the record', () => {
  it('an agent dials a number, it rings and connects, the agent ends it; the admin sees it beside an earlier inbound call', async () => {
    const earlier = await t.prisma.call.create({
      data: { direction: 'inbound', status: 'ended', endReason: 'abandoned', from: customer, to: t.app.telephony.number, queuedAt: new Date(Date.now() - 3_600_000), endedAt: new Date(Date.now() - 3_590_000), createdAt: new Date(Date.now() - 3_600_000) },
    })
    await t.prisma.callEvent.create({ data: { callId: earlier.id, type: 'abandoned', data: { source: 'queue-result' } } })

    const agent = (pages.agent = await logInPage(browser, t.url, 'bob@example.com'))
    await agent.getByRole('button', { name: 'Go online' }).click()
    await agent.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
    await agent.getByLabel('Number').fill('(555) 888-0001')
    await agent.getByRole('button', { name: 'Dial' }).click()

    const card = agent.locator('#call_container article.call', { hasText: customer })
    await card.and(agent.locator('[data-status=ringing]')).waitFor()
    await card.and(agent.locator('[data-status=in_progress]')).waitFor()
    await card.getByRole('button', { name: 'End' }).click()
    await agent.locator('#recent_calls', { hasText: 'Ended · completed' }).waitFor()
    const outbound = await t.prisma.call.findFirstOrThrow({ where: { to: customer, direction: 'outbound' } })
    expect(outbound).toMatchObject({ status: 'ended', endReason: 'completed', agentId: t.agents.bob.id })

    const admin = (pages.admin = await logInPage(browser, t.url, 'admin@example.com'))
    await admin.goto(`${t.url}/admin/numbers/${encodeURIComponent(customer)}`)
    const calls = admin.locator('article.timeline')
    await calls.first().waitFor()
    expect(await calls.locator('.direction').allInnerTexts()).toEqual(['outbound', 'inbound'])
    expect(await calls.first().getAttribute('id')).toBe(`call-${outbound.id}`)
    expect(await calls.first().innerText()).toContain('Bob Agent')
    expect(await calls.nth(1).innerText()).toMatch(/abandoned/i)
  })
})
