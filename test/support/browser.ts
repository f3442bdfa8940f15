import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

/**
 * Debian's Chromium, headless, with the flags this machine's closed network needs. Its microphones and
 * speakers are Chromium's fake ones (a beeping input); a page may use them only where the test grants
 * the `microphone` permission, as a person would.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream'],
  })
}

/** Keeps a picture of every page of a failed test in test-results/. */
export async function screenshotOnFailure(state: string | undefined, name: string, pages: Record<string, Page>): Promise<void> {
  if (state !== 'fail') return
  mkdirSync('test-results', { recursive: true })
  const slug = name.replace(/\W+/g, '-')
  for (const [label, page] of Object.entries(pages)) {
    await page.screenshot({ path: `test-results/${slug}-${label}.png`, fullPage: true }).catch(() => undefined)
  }
}

/** A new browser context (the microphone allowed unless `permissions` says otherwise) logged in through the form, its panel's live channel connected. */
export async function logInPage(browser: Browser, baseUrl: string, email: string, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext({ permissions: ['microphone'], ...context })).newPage()
  page.setDefaultTimeout(8000)
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('switchboard')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.locator('#live_status', { hasText: 'Connected' }).waitFor()
  return page
}
