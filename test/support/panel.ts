import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Browser, CDPSession, Page } from 'playwright-core'

/** Clicks **Go online** and waits until the panel says the agent is online and the phone is ready. */
export async function goOnline(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Go online' }).click()
  await page.getByRole('button', { name: 'Go offline' }).waitFor()
  await page.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
}

/**
 * What switching to another tab does to a page. Headless Chromium keeps every tab visible, so the test
 * says it: the same property and event htmx's websocket extension watches to pause in the background.
 */
export async function sendToBackground(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
    document.dispatchEvent(new Event('visibilitychange'))
  })
}

type Setting = 'granted' | 'denied' | 'prompt'

const browserSessions = new WeakMap<Browser, Promise<CDPSession>>()

/**
 * Sets permissions for the page's origin as a person would in the browser's site settings ('prompt' asks
 * again). Chromium drops a session's permission overrides when it detaches, so the session stays open.
 */
export async function setPermissions(page: Page, settings: Partial<Record<'notifications' | 'microphone', Setting>>): Promise<void> {
  const browser = page.context().browser()!
  const pageSession = await page.context().newCDPSession(page)
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: { browserContextId?: string } }
  await pageSession.detach()
  if (!browserSessions.has(browser)) browserSessions.set(browser, browser.newBrowserCDPSession())
  const session = await browserSessions.get(browser)!
  const origin = new URL(page.url()).origin
  for (const [name, setting] of Object.entries(settings)) {
    await session.send('Browser.setPermission', { permission: { name }, setting, origin, browserContextId: targetInfo.browserContextId })
  }
}

export interface NotificationLog {
  shown: { title: string; closed: boolean }[]
  /** How often the page asked for the permission, and what the browser answered. */
  asked: number
  answers: string[]
}

/** From the next page load on, records the desktop notifications the page shows and its permission requests (the real API still runs). */
export async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Real = window.Notification
    const log: NotificationLog = { shown: [], asked: 0, answers: [] }
    const ask = Real.requestPermission.bind(Real)
    class Recorded extends Real {
      readonly record: { title: string; closed: boolean }
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        this.record = { title, closed: false }
        log.shown.push(this.record)
      }
      close() {
        this.record.closed = true
        super.close()
      }
    }
    const requestPermission = async () => {
      log.asked++
      const answer = await ask()
      log.answers.push(answer)
      return answer
    }
    Object.defineProperty(Recorded, 'requestPermission', { value: requestPermission })
    Object.assign(window, { Notification: Recorded, notificationLog: log })
  })
}

export function notificationLog(page: Page): Promise<NotificationLog> {
  return page.evaluate(() => (window as unknown as { notificationLog: NotificationLog }).notificationLog)
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical violations on the page as it is (the context needs `bypassCSP` to inject axe). */
export async function auditAccessibility(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate(() => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { resultTypes: ['violations'] }))
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, help: violation.help, nodes: violation.nodes.map((node) => node.target.join(' ')) }))
}
