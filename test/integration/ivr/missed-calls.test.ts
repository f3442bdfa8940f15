import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { callAndChoose, timeline } from '../../support/caller.ts'
import { demoMenu } from '../../../src/front-door/seed.ts'

let t: TestApp
let queues: Record<'Sales' | 'Support', number>
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  const rows = await t.prisma.queue.findMany({ select: { id: true, name: true } })
  queues = Object.fromEntries(rows.map((q) => [q.name, q.id])) as typeof queues
})
afterEach(async () => {
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed', agentId: null } })
  await t.prisma.missedCall.updateMany({ where: { status: 'open' }, data: { status: 'done' } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
})
afterAll(() => t.close())

async function goOnline(name: 'alice' | 'bob', autoAnswer = true) {
  const agent = await agentOnline(t, name, { autoAnswer })
  online.push(agent)
  return agent
}

/** A caller who hung up waiting in `queue`, as the abandoned edge leaves them. Numbers end in 1001: the simulator's far end answers those. */
async function missedCall(queue: 'Sales' | 'Support', from: string) {
  const call = await t.prisma.call.create({ data: { direction: 'inbound', status: 'ended', endReason: 'abandoned', from, to: t.app.telephony.number, queueId: queues[queue], queuedAt: new Date(Date.now() - 42_000), endedAt: new Date() } })
  return t.prisma.missedCall.create({ data: { kind: 'abandoned', callId: call.id, queueId: queues[queue], from, waitSeconds: 42 } })
}

const isMissedList = (number: string) => (html: string) => html.includes('hx-target="#missed_calls"') && html.includes(number)

describe('Missed calls on the panel', () => {
  it('a caller who hangs up waiting shows up live on the panels of the queue’s agents, with the wait', async () => {
    const bob = await goOnline('bob', false)
    const sid = await callAndChoose(t, '+155566111001', { press: demoMenu.support })
    await bob.live.next(isOffer)
    t.app.simulator.hangUp(sid)
    const pushed = await bob.live.next(isMissedList('+155566111001'))
    expect(pushed).toContain('Hung up waiting')
    expect(pushed).toContain('>Call back</button>')
    expect(pushed).toContain('>Dismiss</button>')
    expect(pushed).toMatch(/Support · waited <span class="waited">\d+:\d\d<\/span>/)
  })

  it('Call back dials the caller from the agent’s browser, linked to the missed call, and takes it off the list', async () => {
    const task = await missedCall('Support', '+155566221001')
    const bob = await goOnline('bob')
    const answer = await bob.browser.htmxPost(`/missed-calls/${task.id}`, { action: 'call-back' })
    expect(answer.status).toBe(200)
    expect(await answer.text()).not.toContain('+155566221001')
    const card = await bob.live.next((html) => html.includes('data-status="dialing"') && html.includes('+155566221001'))
    const callId = callIdFrom(card)
    await bob.live.next(isStatus(callId, 'in_progress'))
    expect(await t.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', closedById: bob.id, closedByCallId: callId })
    expect(await timeline(t, { id: task.callId })).toEqual(['called_back'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ direction: 'outbound', to: '+155566221001', agentId: bob.id })
  })

  it('two agents clicking Call back at once: one calls, the other is told someone already did', async () => {
    const task = await missedCall('Support', '+155566331001')
    const [alice, bob] = [await goOnline('alice'), await goOnline('bob')]
    const answers = await Promise.all([alice, bob].map((agent) => agent.browser.htmxPost(`/missed-calls/${task.id}`, { action: 'call-back' })))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    const refused = answers.find((a) => a.status === 409)!
    expect(await refused.text()).toContain('Someone has already called this caller back.')
    expect(await t.prisma.call.count({ where: { direction: 'outbound', to: '+155566331001' } })).toBe(1)
  })

  it('Dismiss needs a reason, closes the missed call once, and refuses what the agent may not see', async () => {
    const task = await missedCall('Support', '+155566441001')
    const sales = await missedCall('Sales', '+155566551001')
    const bob = await t.loggedIn('bob')
    const noReason = await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'dismiss', reason: '   ' })
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('Give a reason to dismiss this missed call.')
    expect((await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'dismiss', reason: 'bad\u0000reason' })).status).toBe(422)
    expect((await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'dismiss', reason: 'x'.repeat(201) })).status).toBe(422)
    expect((await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'erase' })).status).toBe(422)
    expect(await t.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'open' })

    const dismissed = await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'dismiss', reason: 'Wrong number' })
    expect(dismissed.status).toBe(200)
    expect(await dismissed.text()).not.toContain('+155566441001')
    expect(await t.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'dismissed', reason: 'Wrong number', closedById: t.agents.bob.id })
    expect((await bob.htmxPost(`/missed-calls/${task.id}`, { action: 'dismiss', reason: 'again' })).status).toBe(409)

    expect((await bob.htmxPost(`/missed-calls/${sales.id}`, { action: 'dismiss', reason: 'not mine' })).status).toBe(404)
    expect((await bob.htmxPost('/missed-calls/abc', { action: 'dismiss', reason: 'x' })).status).toBe(404)
    expect((await bob.htmxPost('/missed-calls/99999999999', { action: 'dismiss', reason: 'x' })).status).toBe(404)
    expect((await bob.post(`/missed-calls/${sales.id}`, { action: 'dismiss', reason: 'no token' })).status).toBe(403)
    expect((await t.client().post(`/missed-calls/${sales.id}`, { action: 'dismiss', reason: 'anonymous' })).status).toBe(401)
    expect(await t.prisma.missedCall.findUniqueOrThrow({ where: { id: sales.id } })).toMatchObject({ status: 'open' })
  })

  it('is done when the caller calls again and is answered', async () => {
    const task = await missedCall('Support', '+155566661001')
    const bob = await goOnline('bob')
    await callAndChoose(t, '+155566661001', { press: demoMenu.support })
    const offer = await bob.live.next(isOffer)
    const callId = callIdFrom(offer)
    await bob.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    await bob.live.next(isStatus(callId, 'in_progress'))
    expect(await t.prisma.missedCall.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', closedByCallId: callId })
    expect(await timeline(t, { id: task.callId })).toEqual(['missed_call_done'])
  })
})
