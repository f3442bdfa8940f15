import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, isOffer, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'

let t: TestApp
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterEach(async () => {
  t.app.simulator.faults.clear()
  await Promise.all(online.splice(0).map((agent) => agent.close()))
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
  await t.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed' } })
  await t.prisma.agent.updateMany({ data: { presence: 'offline' } })
})
afterAll(() => t.close())

const callUpdate = /\/Calls\/CA[0-9a-f]{32}\.json$/

async function offeredTo(name: 'alice' | 'bob', from: string) {
  const agent = await agentOnline(t, name)
  online.push(agent)
  const { sid } = await t.app.simulator.placeInboundCall({ from })
  const offer = await agent.live.next(isOffer)
  return { agent, sid, offer, callId: callIdFrom(offer) }
}

async function timeline(callId: number) {
  const rows = await t.prisma.callEvent.findMany({ where: { callId }, orderBy: { id: 'asc' }, select: { type: true, data: true } })
  return rows.map((row) => row.type)
}

describe('Twilio refuses the REST call behind a click', () => {
  it('on Accept: the card comes back with the error and can be accepted again', async () => {
    t.app.simulator.faults.add({ method: 'POST', path: callUpdate, status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' })
    const { agent, sid, offer, callId } = await offeredTo('alice', '+15552220001')
    expect((await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })).status).toBe(200)

    const failed = await agent.live.next((html) => isStatus(callId, 'offered')(html) && html.includes('Could not connect the call'))
    expect(failed).toContain('Call is not in-progress. Cannot redirect.')
    expect(failed).toContain('>Accept</button>')
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    expect(await timeline(callId)).toEqual(['received', 'offered', 'accepted', 'accept_failed'])

    await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(failed) })
    await agent.live.next(isStatus(callId, 'in_progress'))
  })

  it('on Accept: a passing 5xx is retried and the call connects', async () => {
    t.app.simulator.faults.add({ method: 'POST', path: callUpdate, status: 503, code: 20503, message: 'Service unavailable', times: 2 })
    const { agent, offer, callId } = await offeredTo('alice', '+15552220002')
    await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    await agent.live.next(isStatus(callId, 'in_progress'))
    // The browser may answer before the outbox has recorded the REST call's success: wait for the job to finish.
    const job = async () => t.prisma.outboxJob.findFirstOrThrow({ where: { callId, kind: 'dial_agent' } })
    await expect.poll(async () => (await job()).doneAt).not.toBeNull()
    expect(await job()).toMatchObject({ attempts: 3, lastError: null })
  })

  it('on End: the line is still open, so the card comes back in progress and says so', async () => {
    const { agent, sid, offer, callId } = await offeredTo('bob', '+15552220003')
    await agent.browser.htmxPost(`/calls/${callId}`, { action: 'accept', version: versionFrom(offer) })
    const talking = await agent.live.next(isStatus(callId, 'in_progress'))
    t.app.simulator.faults.add({ method: 'POST', path: callUpdate, status: 401, code: 20003, message: 'Authenticate' })

    await agent.browser.htmxPost(`/calls/${callId}`, { action: 'end', version: versionFrom(talking) })
    const back = await agent.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Could not hang up'))
    expect(back).toContain('>End</button>')
    expect(t.app.simulator.getCall(sid)?.status).toBe('in-progress')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', endReason: null })
    expect(await timeline(callId)).toEqual(expect.arrayContaining(['ended', 'end_failed']))
  })
})
