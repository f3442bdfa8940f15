import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'

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

async function online_(name: 'alice' | 'bob', options?: { autoAnswer?: boolean }) {
  const agent = await agentOnline(t, name, options)
  online.push(agent)
  return agent
}

const identity = (agent: OnlineAgent) => `client:agent-${agent.id}`

async function events(callId: number) {
  const rows = await t.prisma.callEvent.findMany({ where: { callId }, orderBy: { id: 'asc' }, select: { type: true } })
  return rows.map((row) => row.type)
}

describe('an inbound call, remote-controlled', () => {
  it('is offered, accepted, answered by the browser and ended from the card', async () => {
    const alice = await online_('alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230001', callerName: 'Ann Caller' })

    const offer = await alice.live.next(isOffer)
    expect(offer).toContain('+15551230001')
    expect(offer).toContain('Ann Caller')
    expect(offer).toContain('hx-target="#call_container" hx-swap="afterbegin"')
    const callId = callIdFrom(offer)

    const accepted = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    expect(accepted.status).toBe(200)
    expect(await accepted.text()).toContain('data-status="connecting"')
    const talking = await alice.live.next(isStatus(callId, 'in_progress'))
    expect(talking).toContain('>End</button>')
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
    const bridge = t.app.simulator.conferences.byName(`call-${callId}`)!
    expect(bridge.participants.map((p) => p.label).sort()).toEqual([identity(alice).slice('client:'.length), 'caller'])
    expect(bridge.participant('caller')).toMatchObject({ callSid: sid, endConferenceOnExit: true })
    await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ conferenceSid: bridge.sid, agentCallSid: bridge.participant(identity(alice).slice('client:'.length))!.callSid })

    const ended = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(talking) })
    expect(ended.status).toBe(200)
    await t.app.simulator.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed')
    const removal = await alice.live.next(isRemoval(callId))
    expect(removal).toContain('hx-target="#recent_calls"')
    const call = await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })
    expect(call).toMatchObject({ status: 'ended', endReason: 'completed', agentId: alice.id })
    await t.app.outbox.idle()
    const timeline = await events(callId)
    // Conference and recording callbacks arrive when Twilio sends them, before or after the end: checked apart.
    const fromTwilioLater = (type: string) => type.startsWith('participant_') || type.startsWith('conference_') || type === 'call_recorded'
    expect(timeline.filter((type) => !fromTwilioLater(type))).toEqual(['received', 'offered', 'accepted', 'agent_dialed', 'connected', 'ended'])
    await expect.poll(async () => (await events(callId)).filter((type) => type === 'participant_joined')).toHaveLength(2)
    await expect.poll(() => events(callId)).toContain('conference_ended')
    // The simulator records every call unless RECORD_CALLS=off: the recording lands in the timeline once.
    await expect.poll(async () => (await events(callId)).filter((type) => type === 'call_recorded')).toHaveLength(1)
  })

  it('refuses a second accept and another agent’s accept with 409, and exactly one wins', async () => {
    const alice = await online_('alice', { autoAnswer: false })
    const bob = await t.loggedIn('bob')
    await t.app.simulator.placeInboundCall({ from: '+15551230002' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    const form = { action: 'accept', version: versionFrom(offer) }

    const responses = await Promise.all([
      alice.browser.htmxPost(`/calls/${callId}`, form),
      alice.browser.htmxPost(`/calls/${callId}`, form),
      bob.htmxPost(`/calls/${callId}`, form),
    ])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const [, , bobs] = await Promise.all(responses.map((r) => r.text()))
    expect(bobs).toContain('Another agent has this call.')
    expect(bobs).not.toContain('>Accept</button>')
    expect(await t.prisma.callEvent.count({ where: { callId, type: 'accepted' } })).toBe(1)
  })

  it('puts the caller back in the queue when the browser does not answer, and offers the call to the next agent', async () => {
    const alice = await online_('alice', { autoAnswer: false })
    alice.device.on('incoming', (call: { reject(): void }) => call.reject())
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230003' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })

    await alice.live.next(isRemoval(callId))
    expect(await alice.live.next((html) => html.includes('id="presence"') && html.includes('Away'))).toContain('Go online')
    const bob = await online_('bob')
    const reoffer = await bob.live.next(isOffer)
    expect(callIdFrom(reoffer)).toBe(callId)
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid && e.seq > 0)
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ presence: 'away' })
    expect(await events(callId)).toEqual(expect.arrayContaining(['accepted', 'agent_missed', 'offered']))
  })

  it('offers a declined call to the next free agent, never back to the one who declined', async () => {
    const alice = await online_('alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230008' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    const declined = await alice.browser.htmxPost(`/calls/${callId}`, { action: 'decline', version: versionFrom(offer) })
    expect(declined.status).toBe(200)
    await alice.live.next(isRemoval(callId))
    await t.app.outbox.idle()
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'queued', agentId: null })

    const bob = await online_('bob')
    expect(callIdFrom(await bob.live.next(isOffer))).toBe(callId)
    expect(alice.live.messages.filter((html) => isOffer(html) && html.includes(`call-${callId}`))).toHaveLength(1)
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    expect(await events(callId)).toEqual(['received', 'offered', 'declined', 'offered'])
  })

  it('gives the offer back to the queue when the agent goes offline holding it', async () => {
    const alice = await online_('alice')
    await t.app.simulator.placeInboundCall({ from: '+15551230009' })
    const callId = callIdFrom(await alice.live.next(isOffer))
    expect((await alice.browser.htmxPost('/presence', { presence: 'offline' })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'queued', agentId: null })
    expect(await events(callId)).toEqual(['received', 'offered', 'withdrawn'])
  })

  it('takes back an offer nobody answers in time, sets the agent away and offers the call to the next agent', async () => {
    const slow = await startTestApp({ env: { OFFER_TIMEOUT_SECONDS: '1' } })
    try {
      const alice = await agentOnline(slow, 'alice')
      await slow.app.simulator.placeInboundCall({ from: '+15551230010' })
      const callId = callIdFrom(await alice.live.next(isOffer))
      await alice.live.next(isRemoval(callId), 3000)
      expect(await alice.live.next((html) => html.includes('id="presence"') && html.includes('Away'))).toContain('Go online')
      const bob = await agentOnline(slow, 'bob')
      expect(callIdFrom(await bob.live.next(isOffer))).toBe(callId)
      const types = (await slow.prisma.callEvent.findMany({ where: { callId }, orderBy: { id: 'asc' } })).map((event) => event.type)
      expect(types).toEqual(['received', 'offered', 'offer_timed_out', 'offered'])
      await Promise.all([alice.close(), bob.close()])
    } finally {
      await slow.close()
    }
  })

  it('offers a waiting call the moment an agent goes online', async () => {
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230004' })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    const call = await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })
    expect(call.status).toBe('queued')
    const bob = await online_('bob')
    expect(callIdFrom(await bob.live.next(isOffer))).toBe(call.id)
  })
})

describe('the caller hangs up before anyone answers', () => {
  it('while queued: the call is abandoned', async () => {
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230005' })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === sid)
    t.app.simulator.hangUp(sid)
    await expect.poll(() => t.prisma.call.findUnique({ where: { twilioSid: sid } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
  })

  it('while offered: the card disappears within a second', async () => {
    const alice = await online_('alice')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230006' })
    const callId = callIdFrom(await alice.live.next(isOffer))
    t.app.simulator.hangUp(sid)
    await alice.live.next(isRemoval(callId), 1000)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
  })

  it('while connecting: the card disappears and the agent stays online', async () => {
    const alice = await online_('alice', { autoAnswer: false })
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15551230007' })
    const offer = await alice.live.next(isOffer)
    const callId = callIdFrom(offer)
    const ringing = alice.device.nextIncoming()
    await alice.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    await ringing
    t.app.simulator.hangUp(sid)
    await alice.live.next(isRemoval(callId), 1000)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'abandoned' })
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ presence: 'online' })
  })
})
