import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

const dialAgent = (identity: string, timeout = 1) =>
  twiml(`<Dial timeout="${timeout}" action="/hooks/dial-action"><Client statusCallback="/hooks/leg-status" statusCallbackEvent="ringing answered completed"><Identity>${identity}</Identity><Parameter name="ticket" value="42"/></Client></Dial>`)

const statusOf = (sid: string, status: string) => (e: SimEvent) => e.type === 'call.status' && e.callSid === sid && e.status === status

describe('<Dial><Client>', () => {
  it('rings only the Device registered under that identity; answered → connected, then DialCallStatus=completed', async () => {
    const alice = await h.device('alice')
    const bob = await h.device('bob')
    let bobRang = false
    bob.on('incoming', () => (bobRang = true))
    h.on('voice', dialAgent('alice', 5))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    const incoming = await alice.nextIncoming()
    expect(incoming.parameters).toMatchObject({ From: '+15551230001', To: 'client:alice' })
    expect(incoming.customParameters.get('ticket')).toBe('42')
    await h.sim.waitFor((e) => e.type === 'dial' && e.callSid === sid && e.to === 'client:alice')
    incoming.accept()
    await incoming.waitFor('accept')
    await h.sim.waitFor(statusOf(incoming.sid, 'in-progress'))
    expect(h.sim.getCall(sid)?.connectedTo).toBe('client:alice')
    incoming.disconnect()
    const action = await h.waitForRequest('dial-action')
    expect(action.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: incoming.sid, DialBridged: 'true' })
    expect(action.params.DialCallDuration).toMatch(/^\d+$/)
    expect(bobRang).toBe(false)
    await h.waitForRequest('leg-status', (r) => r.params.CallStatus === 'completed')
    const legStatuses = h.requestsTo('leg-status').map((r) => r.params.CallStatus)
    expect(legStatuses).toEqual(['ringing', 'in-progress', 'completed'])
  })

  it('reports DialCallStatus=busy when the Device rejects', async () => {
    const alice = await h.device('alice')
    h.on('voice', dialAgent('alice', 5))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    const incoming = await alice.nextIncoming()
    incoming.reject()
    expect((await h.waitForRequest('dial-action')).params.DialCallStatus).toBe('busy')
  })

  it('reports DialCallStatus=no-answer after the timeout and cancels the ringing Device', async () => {
    const alice = await h.device('alice')
    h.on('voice', dialAgent('alice', 0.3))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    const incoming = await alice.nextIncoming()
    await incoming.waitFor('cancel')
    const action = await h.waitForRequest('dial-action')
    expect(action.params).toMatchObject({ DialCallStatus: 'no-answer', DialCallSid: incoming.sid, DialBridged: 'false' })
  })

  it('hangs up both legs on REST Status=completed', async () => {
    const { sid, incoming } = await callAnsweredByAlice()
    await h.client.calls(sid).update({ status: 'completed' })
    await incoming.waitFor('disconnect')
    await h.sim.waitFor(statusOf(incoming.sid, 'completed'))
    expect(h.sim.getCall(sid)?.status).toBe('completed')
  })

  it('takes a call out of a Dial on REST redirect: Dial action first (completed), then the new TwiML', async () => {
    const { sid, incoming } = await callAnsweredByAlice()
    await h.client.calls(sid).update({ twiml: twiml('<Say>Transferred</Say>') })
    await incoming.waitFor('disconnect')
    expect((await h.waitForRequest('dial-action')).params.DialCallStatus).toBe('completed')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Transferred')
  })

  it('rings a Device that a REST call creates for client:identity, and runs the TwiML once answered', async () => {
    const alice = await h.device('alice')
    h.on('agent-leg', twiml('<Dial action="/hooks/dial-action"><Number>+15551230005</Number></Dial>'))
    const call = await h.client.calls.create({ to: 'client:alice', from: '+15005550006', url: `${h.base}/hooks/agent-leg` })
    const incoming = await alice.nextIncoming()
    expect(incoming.sid).toBe(call.sid)
    const disconnected = incoming.waitFor('disconnect')
    incoming.accept()
    const action = await h.waitForRequest('dial-action')
    expect(action.params.DialCallStatus).toBe('completed')
    await disconnected
  })
})

describe('<Dial><Number> far ends', () => {
  it.each([
    ['+15551230002', 'busy'],
    ['+15551230003', 'no-answer'],
    ['+15551230004', 'failed'],
  ])('%s → DialCallStatus=%s', async (number, status) => {
    h.on('voice', twiml(`<Dial timeout="0.3" action="/hooks/dial-action">${number}</Dial>`))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    expect((await h.waitForRequest('dial-action')).params.DialCallStatus).toBe(status)
  })

  it('+…0001 answers and stays until the caller hangs up', async () => {
    h.on('voice', twiml('<Dial action="/hooks/dial-action"><Number>+15551230001</Number></Dial>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15550000000' })
    const dial = await h.sim.waitFor<Extract<SimEvent, { type: 'dial' }>>((e) => e.type === 'dial' && e.callSid === sid)
    await h.sim.waitFor(statusOf(dial.childCallSid, 'in-progress'))
    h.sim.hangUp(sid)
    await h.sim.waitFor(statusOf(dial.childCallSid, 'completed'))
  })
})

/** A caller dials the team, the voice TwiML dials client alice, and her Device answers. */
async function callAnsweredByAlice() {
  const alice = await h.device('alice')
  h.on('voice', dialAgent('alice', 5))
  const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
  const incoming = await alice.nextIncoming()
  incoming.accept()
  await incoming.waitFor('accept')
  return { sid, incoming }
}
