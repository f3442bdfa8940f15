import type { Browser, Page } from 'playwright-core'
import type { WebSocket } from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.ts'
import { launchChromium, logInPage, screenshotOnFailure } from '../support/browser.ts'
import { auditAccessibility, goOnline, notificationLog, recordNotifications, sendToBackground, setPermissions } from '../support/panel.ts'

let t: TestApp
let browser: Browser
const pages: Record<string, Page> = {}
const socketPaths = new Map<WebSocket, string>()

beforeAll(async () => {
  ;[t, browser] = await Promise.all([startTestApp({ simulator: { timeScale: 0.05 } }), launchChromium()])
  t.app.websocketServer.on('connection', (socket: WebSocket, request: { url?: string }) => socketPaths.set(socket, request.url ?? ''))
})
afterEach(async (context) => {
  await screenshotOnFailure(context.task.result?.state, context.task.name, pages)
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const card = (page: Page, number: string) => page.locator('#call_container article.call', { hasText: number })
const ringtone = (page: Page) => page.evaluate(() => {
  const audio = document.getElementById('ringtone') as HTMLAudioElement
  return { playing: !audio.paused && audio.currentTime > 0, volume: audio.volume }
})

describe('an offer the agent cannot miss', () => {
  it('in a background tab the title flashes, the ringtone plays and a notification shows; keys answer, mute, end and decline; Enter in the dial field accepts nothing', async () => {
    const agent = (pages.alice = await logInPage(browser, t.url, 'alice@example.com', { permissions: ['microphone', 'notifications'], bypassCSP: true }))
    await recordNotifications(agent)
    await agent.reload()
    await goOnline(agent)
    await agent.getByLabel('Ringtone volume').fill('0.5')
    await sendToBackground(agent)

    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15554440001' })
    const offer = card(agent, '+15554440001')
    await offer.and(agent.locator('[data-status=offered]')).waitFor()
    await expect.poll(() => agent.title()).toBe('Incoming call · +15554440001')
    await expect.poll(() => ringtone(agent)).toEqual({ playing: true, volume: 0.5 })
    expect((await notificationLog(agent)).shown).toEqual([{ title: 'Incoming call · +15554440001', closed: false }])
    expect(await agent.locator('#live_status').innerText()).toBe('Connected')
    expect(await agent.locator('#call_container').getAttribute('aria-live')).toBe('polite')
    expect(await auditAccessibility(agent)).toEqual([])

    await agent.getByLabel('Number').pressSequentially('a')
    await agent.getByLabel('Number').fill('+1 555 123 0009')
    await agent.getByLabel('Number').press('Enter')
    await agent.getByRole('alert').filter({ hasText: 'A call is waiting for your answer' }).waitFor()
    expect(await offer.getAttribute('data-status')).toBe('offered')
    expect((await ringtone(agent)).playing).toBe(true)

    await agent.getByRole('heading', { name: 'Your recent calls' }).click()
    await agent.keyboard.press('a')
    await offer.and(agent.locator('[data-status=in_progress]')).waitFor()
    expect(await ringtone(agent)).toMatchObject({ playing: false })
    expect(await agent.title()).toBe('Panel · Switchboard')
    expect((await notificationLog(agent)).shown).toEqual([{ title: 'Incoming call · +15554440001', closed: true }])
    await agent.locator('#device_status', { hasText: 'Phone: on a call' }).waitFor()

    await agent.keyboard.press('m')
    await offer.getByRole('button', { name: 'Unmute', pressed: true }).waitFor()
    await agent.keyboard.press('e')
    await agent.locator(`#recent_calls`, { hasText: 'Ended · completed' }).waitFor()
    expect(t.app.simulator.getCall(sid)?.status).toBe('completed')

    await t.app.simulator.placeInboundCall({ from: '+15554440002' })
    await card(agent, '+15554440002').and(agent.locator('[data-status=offered]')).waitFor()
    await agent.keyboard.press('d')
    await card(agent, '+15554440002').waitFor({ state: 'detached' })
    expect(await t.prisma.callEvent.count({ where: { type: 'declined', agentId: t.agents.alice.id } })).toBe(1)
    expect((await ringtone(agent)).playing).toBe(false)
  })

  it('notifications are asked for at Go online, never on load; denied, none shows. Audio settings are tested and remembered', async () => {
    const agent = (pages.bob = await logInPage(browser, t.url, 'bob@example.com', { permissions: ['microphone'] }))
    await recordNotifications(agent)
    await setPermissions(agent, { notifications: 'prompt' })
    await agent.reload()
    expect(await agent.evaluate(() => Notification.permission)).toBe('default')
    expect((await notificationLog(agent)).asked).toBe(0)
    await goOnline(agent)
    expect((await notificationLog(agent)).asked).toBe(1)

    await agent.getByLabel('Ringtone', { exact: true }).uncheck()
    await agent.getByLabel('Microphone', { exact: true }).selectOption({ label: 'Fake Audio Input 1' })
    await agent.getByLabel('Speaker').selectOption({ label: 'Fake Audio Output 1' })
    const speaker = await agent.getByLabel('Speaker').inputValue()
    await agent.getByRole('button', { name: 'Test' }).click()
    await agent.getByRole('status').filter({ hasText: 'Test sound played' }).waitFor()
    await expect.poll(() => agent.getByLabel('Microphone level').evaluate((meter) => (meter as HTMLMeterElement).value)).toBeGreaterThan(0)

    await setPermissions(agent, { notifications: 'denied' })
    await agent.reload()
    await agent.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
    expect(await agent.getByLabel('Ringtone', { exact: true }).isChecked()).toBe(false)
    expect(await agent.getByLabel('Speaker').inputValue()).toBe(speaker)
    expect(await agent.getByLabel('Microphone', { exact: true }).locator('option:checked').innerText()).toBe('Fake Audio Input 1')

    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15554440003' })
    await card(agent, '+15554440003').waitFor()
    await expect.poll(() => agent.title()).toBe('Incoming call · +15554440003')
    expect((await ringtone(agent)).playing).toBe(false)
    t.app.simulator.hangUp(sid)
    await card(agent, '+15554440003').waitFor({ state: 'detached' })
    expect(await agent.title()).toBe('Panel · Switchboard')
    expect((await notificationLog(agent)).shown).toEqual([])
    await agent.getByRole('button', { name: 'Go offline' }).click()
    await agent.getByRole('button', { name: 'Go online' }).waitFor()
  })

  it('a blocked microphone keeps the agent offline and says how to fix it', async () => {
    const agent = (pages.admin = await logInPage(browser, t.url, 'admin@example.com', { permissions: [] }))
    const presencePosts: string[] = []
    agent.on('request', (request) => request.url().endsWith('/presence') && presencePosts.push(request.method()))
    await agent.getByRole('button', { name: 'Go online' }).click()
    await agent.getByRole('alert').filter({ hasText: 'Your browser blocked the microphone, so you are still offline.' }).waitFor()
    expect(await agent.getByRole('alert').innerText()).toContain('then click Go online again')
    expect(await agent.getByRole('button', { name: 'Go online' }).isVisible()).toBe(true)
    expect(presencePosts).toEqual([])
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: t.agents.admin.id }, select: { presence: true } })).toEqual({ presence: 'offline' })
  })
})

describe('connections that drop', () => {
  it('the panel says Reconnecting… then shows the current card; the phone reconnects a call instead of ending it', async () => {
    const agent = pages.alice ?? (pages.alice = await logInPage(browser, t.url, 'alice@example.com'))
    if (await agent.getByRole('button', { name: 'Go online' }).isVisible()) await goOnline(agent)
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15554440004' })
    const talking = card(agent, '+15554440004')
    await talking.getByRole('button', { name: 'Accept' }).click()
    await agent.locator('#device_status', { hasText: 'Phone: on a call' }).waitFor()

    await agent.context().setOffline(true)
    for (const socket of socketPaths.keys()) socket.terminate()
    await agent.locator('#live_status', { hasText: 'Reconnecting…' }).waitFor()
    await agent.locator('#device_status', { hasText: 'Phone: reconnecting…' }).waitFor()
    await agent.context().setOffline(false)
    await agent.locator('#live_status', { hasText: 'Connected' }).waitFor()
    await agent.locator('#device_status', { hasText: 'Phone: on a call' }).waitFor()
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    const stored = await t.prisma.call.findFirstOrThrow({ where: { from: '+15554440004' } })
    expect(stored.status).toBe('in_progress')
    expect(await talking.getAttribute('data-version')).toBe(String(stored.version))
    await expect.poll(() => t.prisma.callEvent.findMany({ where: { callId: stored.id, type: 'phone_trouble' }, select: { data: true } })).toEqual([
      { data: expect.objectContaining({ notice: 'Your phone lost its connection to Twilio: Signaling connection disconnected (Twilio error 53001)' }) },
    ])

    await agent.context().setOffline(true)
    for (const [socket, path] of socketPaths) if (path.startsWith('/live')) socket.terminate()
    await agent.locator('#live_status', { hasText: 'Reconnecting…' }).waitFor()
    t.app.simulator.hangUp(sid)
    await expect.poll(async () => (await t.prisma.call.findUniqueOrThrow({ where: { id: stored.id } })).status).toBe('ended')
    expect(await talking.getAttribute('data-status')).toBe('in_progress')
    await agent.context().setOffline(false)
    await agent.locator('#live_status', { hasText: 'Connected' }).waitFor()
    await talking.waitFor({ state: 'detached' })
    expect(await agent.locator('#call_container').innerText()).toContain('No calls right now.')
    await agent.locator('#device_status', { hasText: 'Phone: ready' }).waitFor()
  })
})

describe('accessibility', () => {
  it('the login page and the admin pages have no serious or critical axe violations', async () => {
    const visitor = (pages.visitor = await (await browser.newContext({ bypassCSP: true })).newPage())
    await visitor.goto(`${t.url}/login`)
    expect(await auditAccessibility(visitor)).toEqual([])

    const admin = (pages.admin = await logInPage(browser, t.url, 'admin@example.com', { bypassCSP: true }))
    for (const path of ['/panel', '/admin/calls', '/admin/live', `/admin/agents/${t.agents.alice.id}`, `/admin/numbers/${encodeURIComponent('+15554440001')}`]) {
      await admin.goto(`${t.url}${path}`)
      expect({ path, violations: await auditAccessibility(admin) }).toEqual({ path, violations: [] })
    }
  })
})
