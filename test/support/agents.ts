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

/** A transfer offered to this panel for that call (its Accept is `accept_transfer`). */
export const isTransferOffer = (callId: number) => (html: string) => html.includes(`id="call-${callId}"`) && html.includes('value="accept_transfer"')

/** A card's form posted by the agent, every value as the browser sends it (a string). */
export const postCard = (agent: OnlineAgent, callId: number, form: Record<string, string | number>) =>
  agent.browser.htmxPost(`/calls/${callId}`, Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)])))

/**
 * Between tests of calls: the panels closed, faults cleared, the simulator's calls hung up, every call ended
 * (no transfer left pending) and every agent offline.
 */
export async function endEverything(t: TestApp, online: OnlineAgent[]): Promise<void> {
  t.app.simulator.faults.clear()
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed', transferToId: null } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
}
