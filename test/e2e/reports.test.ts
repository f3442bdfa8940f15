import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'
import { period, seedReportFixture } from '../integration/reports/fixture.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp(), launchChromium()])
  await seedReportFixture(t.prisma, { alice: t.agents.alice.id, bob: t.agents.bob.id })
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('reports in a browser', () => {
  it('draws the SVG charts on the page (no script needed) with a data table under each', async () => {
    const loggedIn = await logInPage(browser, t.url, 'admin@example.com')
    await loggedIn.getByRole('link', { name: 'Calls' }).first().click()
    await loggedIn.getByRole('link', { name: 'Reports' }).click()
    await loggedIn.locator('#chart-hours svg').waitFor()
    // The same session in a browser with JavaScript off: the charts are drawn by the server.
    const context = await browser.newContext({ storageState: await loggedIn.context().storageState(), javaScriptEnabled: false })
    const admin = (pages.admin = await context.newPage())
    await admin.goto(`${t.url}/admin/reports?${new URLSearchParams(period)}`)

    const chart = admin.locator('#chart-hours svg')
    const box = await chart.boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    expect(box!.height).toBeGreaterThan(100)
    const bars = admin.locator('#chart-hours svg rect.bar')
    expect(await bars.count()).toBe(7)
    const bar = await bars.first().boundingBox()
    expect(bar!.height).toBeGreaterThan(1)
    expect(await admin.locator('#chart-hours svg').getAttribute('aria-describedby')).toBe('chart-hours-table')
    const table = admin.getByRole('table', { name: /Calls per hour of the day, by outcome \(data\)/ })
    expect(await table.isVisible()).toBe(true)
    expect(await table.getByRole('row').count()).toBe(25)
    expect(await admin.locator('#chart-days-table tbody tr').count()).toBe(2)
    expect(await admin.locator('#chart-waits svg rect.bar').count()).toBeGreaterThan(0)
    expect(await admin.getByRole('link', { name: 'Export CSV' }).count()).toBe(2)
  })
})
