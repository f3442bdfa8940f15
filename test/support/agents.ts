import { SimulatorDevice } from '../../src/simulator/index.ts'
import type { TestApp, Fixtures } from './app.ts'
import type { TestClient } from './http.ts'
import { openLive, type LiveSocket } from './live.ts'

export interface OnlineAgent {
  id: number
  browser: TestClient
  live: LiveSocket
  device: SimulatorDevice
  close(): Promise<void>
}

/**
 * An agent as their panel would be: logged in, live channel open, Device registered, **Go online** pressed.
 * With `autoAnswer` the Device accepts whatever rings it, as public/device.js does.
 */
export async function agentOnline(t: TestApp, name: keyof Fixtures, options: PanelOptions = {}): Promise<OnlineAgent> {
  const browser = await t.loggedIn(name)
  return panelOnline(t.url, browser, t.agents[name].id, { origin: new URL(t.app.publicUrl()).origin, ...options })
}

export interface PanelOptions {
  autoAnswer?: boolean
  simulatorUrl?: string
  origin?: string
}

/** The panel's steps for a browser that is already logged in (benchmarks make sessions directly). */
export async function panelOnline(url: string, browser: TestClient, agentId: number, options: PanelOptions = {}): Promise<OnlineAgent> {
  const { autoAnswer = true, simulatorUrl = `${url}/sim`, origin = url } = options
  const live = await openLive(url, { cookie: browser.cookieHeader, origin })
  await live.next((html) => html.includes('Connected'))
  const { token } = (await (await browser.get('/voice/token')).json()) as { token: string }
  const device = new SimulatorDevice(token, { simulatorUrl })
  if (autoAnswer) device.on('incoming', (call: { accept(): void }) => call.accept())
  await device.register()
  const presence = await browser.htmxPost('/presence', { presence: 'online' })
  if (presence.status !== 200) throw new Error(`going online failed: ${presence.status}`)
  return {
    id: agentId,
    browser,
    live,
    device,
    async close() {
      device.destroy()
      await live.close()
    },
  }
}

export function callIdFrom(html: string): number {
  const match = html.match(/id="call-(\d+)"/)
  if (!match?.[1]) throw new Error(`no call card in: ${html}`)
  return Number(match[1])
}

export function versionFrom(html: string): string {
  const match = html.match(/data-version="(\d+)"/)
  if (!match?.[1]) throw new Error(`no card version in: ${html}`)
  return match[1]
}

export const isOffer = (html: string) => html.includes('data-status="offered"')
export const isStatus = (callId: number, status: string) => (html: string) => html.includes(`id="call-${callId}"`) && html.includes(`data-status="${status}"`)
export const isRemoval = (callId: number) => (html: string) => html.includes(`<div id="call-${callId}" hx-swap-oob="delete">`) && !html.includes('#call_container')
