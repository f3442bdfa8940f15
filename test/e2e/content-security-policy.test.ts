import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, screenshotOnFailure } from '../support/browser.ts'

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

interface Watched {
  page: Page
  /** Every CSP violation the page reported, and every console error or uncaught exception. */
  problems: string[]
}

/** A page in a fresh context that records what the browser refused or failed at. */
async function watchedPage(): Promise<Watched> {
  const context: BrowserContext = await browser.newContext({ permissions: ['microphone'] })
  await context.addInitScript(() => {
    const seen: string[] = []
    Object.assign(window, { cspViolations: seen })
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
  })
  const page = await context.newPage()
  page.setDefaultTimeout(8000)
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} at ${message.location().url}`)
  })
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
  })
  return { page, problems }
}

async function violations({ page, problems }: Watched): Promise<string[]> {
  const reported = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
  return [...reported, ...problems]
}

async function logIn(page: Page, email: string) {
  await page.goto(`${t.url}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('switchboard')
  await page.getByRole('button', { name: 'Log in' }).click()
}

describe('the content security policy', () => {
  it('lets the panel work: live channel, Device, going online, an offered call; nothing refused', async () => {
    const agent = await watchedPage()
    pages.agent = agent.page
    await logIn(agent.page, 'alice@example.com')
    await agent.page.locator('#live_status', { hasText: 'Connected' }).waitFor()
    await agent.page.getByRole('button', { name: 'Go online' }).click()
    await agent.page.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()

    const caller = await watchedPage()
    pages.caller = caller.page
    await logIn(caller.page, 'admin@example.com')
    await caller.page.goto(`${t.url}/simulator`)
    await caller.page.locator('#from').fill('+15554440077')
    await caller.page.getByRole('button', { name: 'Call' }).click()
    const card = agent.page.locator('#call_container article.call', { hasText: '+15554440077' })
    await card.getByRole('button', { name: 'Accept' }).waitFor()
    const statusBackground = await caller.page.locator('#status').evaluate((element) => getComputedStyle(element).backgroundColor)
    expect(statusBackground).toBe('rgb(238, 243, 255)')

    expect(await agent.page.evaluate(() => document.querySelector('.topbar') && getComputedStyle(document.body).margin)).toBe('0px')
    expect(await violations(agent)).toEqual([])
    expect(await violations(caller)).toEqual([])
  })

  it('lets the admin pages work; nothing refused', async () => {
    const admin = await watchedPage()
    pages.admin = admin.page
    await logIn(admin.page, 'admin@example.com')
    await admin.page.goto(`${t.url}/admin/live`)
    await admin.page.locator('#live_status', { hasText: 'Connected' }).waitFor()
    await admin.page.goto(`${t.url}/admin/calls`)
    await admin.page.getByRole('heading', { name: 'Calls' }).first().waitFor()
    expect(await violations(admin)).toEqual([])
  })
})
