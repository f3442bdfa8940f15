import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'

let t: TestApp
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterEach(async () => {
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed' } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
})
afterAll(() => t.close())

const dropped = { kind: 'call', message: 'ConnectionError (31005): A connection error occurred during the call', code: '31005' }
const notice = 'Your phone reported a problem with this call: ConnectionError (31005): A connection error occurred during the call'

async function talking(from: string) {
  const alice = await agentOnline(t, 'alice')
  online.push(alice)
  const deviceCall = new Promise<{ sid: string }>((resolve) => alice.device.once('incoming', resolve))
  await t.app.simulator.placeInboundCall({ from })
  const offer = await alice.live.next(isOffer)
  const callId = callIdFrom(offer)
  await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
  const card = await alice.live.next(isStatus(callId, 'in_progress'))
  return { alice, callId, card, deviceSid: (await deviceCall).sid }
}

const notes = (callId: number) => t.prisma.callEvent.findMany({ where: { callId, type: 'phone_trouble' }, select: { agentId: true, data: true } })

describe('the phone reports a problem', () => {
  it('during a call: the timeline notes it and the card says why, at the same version', async () => {
    const { alice, callId, card, deviceSid } = await talking('+15556660001')
    const response = await alice.browser.htmxPost('/phone/problems', { ...dropped, callSid: deviceSid })
    expect(response.status).toBe(204)

    const pushed = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('class="notice"'))
    expect(pushed).toContain(notice)
    expect(versionFrom(pushed)).toBe(versionFrom(card))
    expect(await notes(callId)).toEqual([{ agentId: alice.id, data: { notice, code: 31005, callSid: deviceSid } }])
  })

  it('just after its call ended: the ended card comes back saying why', async () => {
    const { alice, callId, card } = await talking('+15556660002')
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(card) })
    await alice.live.next(isStatus(callId, 'ended'))

    expect((await alice.browser.htmxPost('/phone/problems', { kind: 'connection', message: 'Signaling connection disconnected', code: '53001', callSid: '' })).status).toBe(204)
    const pushed = await alice.live.next((html) => html.includes('hx-swap="afterbegin"') && html.includes('Your phone lost its connection to Twilio'))
    expect(pushed).toContain(`id="call-${callId}"`)
    expect(await notes(callId)).toHaveLength(1)
  })

  it('with no call on the phone: accepted, and nothing is written', async () => {
    const bob = await t.loggedIn('bob')
    expect((await bob.htmxPost('/phone/problems', { kind: 'device', message: 'ConnectionError (31005)', code: '', callSid: '' })).status).toBe(204)
    expect(await t.prisma.callEvent.count({ where: { type: 'phone_trouble', agentId: t.agents.bob.id } })).toBe(0)
  })
})

describe('reports the server refuses', () => {
  it('without the CSRF token, with bad fields, or too large', async () => {
    const admin = await t.loggedIn('admin')
    expect((await admin.post('/phone/problems', dropped)).status).toBe(403)
    expect((await admin.htmxPost('/phone/problems', { ...dropped, kind: 'weather' })).status).toBe(400)
    expect((await admin.htmxPost('/phone/problems', { ...dropped, message: '  ' })).status).toBe(400)
    expect((await admin.htmxPost('/phone/problems', { ...dropped, code: 'loud' })).status).toBe(400)
    expect((await admin.htmxPost('/phone/problems', { ...dropped, callSid: 'CA-not-a-sid' })).status).toBe(400)
    expect((await admin.htmxPost('/phone/problems', { ...dropped, message: 'x'.repeat(4000) })).status).toBe(413)
  })

  it('more than ten a minute from one agent', async () => {
    const bob = await t.loggedIn('bob')
    const responses = []
    for (let i = 0; i < 12; i++) responses.push(await bob.htmxPost('/phone/problems', { kind: 'device', message: `try ${i}` }))
    const statuses = responses.map((response) => response.status)
    const firstRefusal = statuses.indexOf(429)
    expect(firstRefusal).toBeGreaterThan(0)
    expect(firstRefusal).toBeLessThanOrEqual(10)
    expect(statuses.slice(0, firstRefusal).every((status) => status === 204)).toBe(true)
    expect(statuses.slice(firstRefusal).every((status) => status === 429)).toBe(true)
    expect(Number(responses.at(-1)?.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
