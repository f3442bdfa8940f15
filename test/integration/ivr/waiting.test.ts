import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isRemoval, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { callAndChoose, heard, timeline, whenListening } from '../../support/caller.ts'
import { demoMenu } from '../../../src/front-door/seed.ts'

let t: TestApp
let support: number
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  support = (await t.prisma.queue.findUniqueOrThrow({ where: { name: 'Support' } })).id
  // Support answered a call after 150 s in the last hour: its estimated wait is about 3 minutes.
  const answeredAt = new Date(Date.now() - 60_000)
  await t.prisma.call.create({ data: { direction: 'inbound', status: 'ended', endReason: 'completed', from: '+15550000000', to: '+15550100000', queueId: support, queuedAt: new Date(answeredAt.getTime() - 150_000), answeredAt } })
})
afterEach(async () => {
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed', agentId: null } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
  await t.prisma.queue.update({ where: { id: support }, data: { maxWaitSeconds: 120 } })
  t.app.frontDoor.forget()
})
afterAll(() => t.close())

async function goOnline(name: 'alice' | 'bob') {
  const agent = await agentOnline(t, name, { autoAnswer: false })
  online.push(agent)
  return agent
}

/** A Support caller offered to `agent`, who declines: the caller waits in the queue, and `agent` is never offered them again. */
async function declinedCaller(agent: OnlineAgent, from: string) {
  const sid = await callAndChoose(t, from, { press: demoMenu.support })
  const offer = await agent.live.next((html) => isOffer(html) && html.includes(from))
  const callId = callIdFrom(offer)
  expect((await agent.browser.htmxPost(`/calls/${callId}`, { action: 'decline', version: versionFrom(offer) })).status).toBe(200)
  await agent.live.next(isRemoval(callId))
  return { sid, callId }
}

const keysOffered = 'Press 1 to leave a message, or press 2 and we will call you back.'

/** The caller presses `key` the next time the hold loop listens, once they have been told the keys. */
const pressWhileHolding = (sid: string, key: string) =>
  whenListening(t, sid, (listening) => {
    if (!listening.digits || listening.speech || !heard(t, sid).includes(keysOffered)) return false
    t.app.simulator.sendDigits(sid, key)
    return true
  })

const waitForRecordingPrompt = (sid: string) => t.app.simulator.waitFor((e) => e.type === 'listening' && e.callSid === sid && e.recording, 10_000)

describe('waiting in a queue', () => {
  it('after the queue’s longest wait the caller overflows to voicemail', async () => {
    await t.prisma.queue.update({ where: { id: support }, data: { maxWaitSeconds: 1 } })
    t.app.frontDoor.forget()
    const alice = await goOnline('alice')
    const { sid, callId } = await declinedCaller(alice, '+15555550001')
    await waitForRecordingPrompt(sid)
    expect(await timeline(t, { id: callId })).toEqual(['entered_menu', 'menu_choice', 'offered', 'declined', 'overflowed'])
    expect((await t.prisma.callEvent.findFirstOrThrow({ where: { callId, type: 'overflowed' } })).data).toMatchObject({ queue: 'Support', then: 'voicemail' })
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'voicemail' })
  })

  it('says the caller’s place, the estimated wait and the keys; pressing 1 while waiting leads to voicemail', async () => {
    const alice = await goOnline('alice')
    const { sid, callId } = await declinedCaller(alice, '+15555550002')
    await pressWhileHolding(sid, '1')
    await waitForRecordingPrompt(sid)
    expect(heard(t, sid)).toEqual(expect.arrayContaining(['You are next in line.', 'The estimated wait is about 3 minutes.', keysOffered]))
    expect(await timeline(t, { id: callId })).toEqual(['entered_menu', 'menu_choice', 'offered', 'declined', 'chose_voicemail'])
  })

  it('a caller who asks to be called back keeps their place: their missed call opens when their turn comes, before a later caller is offered', async () => {
    const bob = await goOnline('bob')
    const first = await callAndChoose(t, '+15555550003', { press: demoMenu.support })
    const held = callIdFrom(await bob.live.next(isOffer))
    const asking = await callAndChoose(t, '+15555550004', { press: demoMenu.support })
    await t.app.simulator.waitFor((e) => e.type === 'queue' && e.callSid === asking)
    const later = await callAndChoose(t, '+15555550005', { press: demoMenu.support })
    await t.app.simulator.waitFor((e) => e.type === 'verb' && e.callSid === later && e.verb === 'Say' && e.text === 'You are number 3 in line.')

    await pressWhileHolding(asking, '2')
    await t.app.simulator.waitFor((e) => e.type === 'call.status' && e.callSid === asking && e.status === 'completed')
    expect(heard(t, asking)).toContain('Thank you. We will call you back at this number when it is your turn. Goodbye.')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: asking } })).toMatchObject({ status: 'callback_requested' })
    expect(await t.prisma.missedCall.count({ where: { call: { twilioSid: asking } } })).toBe(0)

    const heldCard = bob.live.messages.find((html) => html.includes(`id="call-${held}"`))!
    await bob.browser.htmxPost(`/calls/${held}`, { action: 'decline', version: versionFrom(heldCard) })
    const next = callIdFrom(await bob.live.next((html) => isOffer(html) && html.includes('+15555550005')))
    const missed = await t.prisma.missedCall.findFirstOrThrow({ where: { call: { twilioSid: asking } } })
    expect(missed).toMatchObject({ kind: 'callback', status: 'open', queueId: support, from: '+15555550004' })
    expect(await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: asking } })).toMatchObject({ status: 'ended', endReason: 'callback' })
    const [due, offered] = await Promise.all([
      t.prisma.callEvent.findFirstOrThrow({ where: { call: { twilioSid: asking }, type: 'callback_due' } }),
      t.prisma.callEvent.findFirstOrThrow({ where: { callId: next, type: 'offered' } }),
    ])
    expect(due.id).toBeLessThan(offered.id)
    expect(await timeline(t, { twilioSid: first })).toEqual(['entered_menu', 'menu_choice', 'offered', 'declined'])
  })
})
