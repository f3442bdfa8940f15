import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { openLive } from '../../support/live.ts'
import { channels } from '../../../src/live/hub.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('/live', () => {
  it('refuses an upgrade without a session', async () => {
    await expect(openLive(t.url, {})).rejects.toThrow('upgrade refused: 401')
  })

  it('refuses a foreign Origin even with a valid session', async () => {
    const alice = await t.loggedIn('alice')
    await expect(openLive(t.url, { cookie: alice.cookieHeader, origin: 'https://evil.example' })).rejects.toThrow('upgrade refused: 403')
  })

  it('delivers what is published to the agent’s own channel, not another agent’s', async () => {
    const alice = await openLive(t.url, { cookie: (await t.loggedIn('alice')).cookieHeader })
    await alice.next((html) => html.includes('Connected'))
    t.app.hub.renderWith('test-note', async (message) => `<p id="${String(message.id)}">${String(message.text)}</p>`)
    t.app.hub.publish(channels.agent(t.agents.bob.id), { kind: 'test-note', id: 'for-bob', text: 'bob only' })
    t.app.hub.publish(channels.agent(t.agents.alice.id), { kind: 'test-note', id: 'for-alice', text: 'alice only' })
    await alice.next((html) => html.includes('for-alice'))
    expect(alice.messages.join()).not.toContain('for-bob')
    await alice.close()
  })

  it('sends the current call container on every (re)connect', async () => {
    const cookie = (await t.loggedIn('alice')).cookieHeader
    const first = await openLive(t.url, { cookie })
    expect(await first.next((html) => html.includes('hx-target="#call_container"'))).toContain('No calls right now.')
    await first.close()

    const call = await t.prisma.call.create({
      data: { direction: 'inbound', status: 'offered', from: '+15551230001', to: '+15550100000', agentId: t.agents.alice.id },
    })
    const again = await openLive(t.url, { cookie })
    const snapshot = await again.next((html) => html.includes('hx-target="#call_container"'))
    expect(snapshot).toContain(`id="call-${call.id}"`)
    expect(snapshot).toContain('+15551230001')
    await again.close()
  })
})
