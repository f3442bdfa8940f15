import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SimulatorDevice } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { accessToken, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

describe('stand-in Device over the websocket', () => {
  it('refuses a token signed with the wrong secret (20101)', async () => {
    const device = new SimulatorDevice(accessToken('alice', 3600, 'not-the-secret'), { simulatorUrl: `${h.base}/sim` })
    await expect(device.register()).rejects.toMatchObject({ code: 20101 })
    expect(h.sim.devices.registered('alice')).toHaveLength(0)
    device.destroy()
  })

  it('registers under the identity in its token only', async () => {
    const device = await h.device('agent-7')
    expect(device.identity).toBe('agent-7')
    expect(h.sim.devices.registered('agent-7')).toHaveLength(1)
  })

  it('ends the call when the agent Device goes away mid-call', async () => {
    const alice = await h.device('alice')
    h.on('voice', twiml('<Dial timeout="5" action="/hooks/dial-action"><Client>alice</Client></Dial><Say>Sorry</Say>'))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    const incoming = await alice.nextIncoming()
    incoming.accept()
    await incoming.waitFor('accept')
    alice.destroy()
    const action = await h.waitForRequest('dial-action')
    expect(action.params.DialCallStatus).toBe('completed')
    expect(h.sim.getCall(incoming.sid)?.endReason).toBe('agent hung up')
  })
})

describe('a second call while one is up (allowIncomingWhileBusy)', () => {
  async function onACall(options: { allowIncomingWhileBusy?: boolean }) {
    const alice = await h.device('alice', options)
    h.on('voice', twiml('<Dial timeout="1" action="/hooks/dial-action"><Client>alice</Client></Dial>'))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    const first = await alice.nextIncoming()
    first.accept()
    await first.waitFor('accept')
    return alice
  }

  it('is ignored by default, as the SDK does: it rings out as no-answer', async () => {
    const alice = await onACall({})
    const invites: unknown[] = []
    alice.on('incoming', (call) => invites.push(call))
    await h.sim.placeInboundCall({ from: '+15551230002' })
    const action = await h.waitForRequest('dial-action', (r) => r.params.From === '+15551230002', 5000)
    expect(action.params.DialCallStatus).toBe('no-answer')
    expect(invites).toEqual([])
    expect(alice.isBusy).toBe(true)
  })

  it('is offered when the Device allows it', async () => {
    const alice = await onACall({ allowIncomingWhileBusy: true })
    await h.sim.placeInboundCall({ from: '+15551230002' })
    const second = await alice.nextIncoming()
    expect(second.parameters.From).toBe('+15551230002')
  })
})

describe('a dropped Device connection during a call (signalling reconnection)', () => {
  async function answered(options: { maxCallSignalingTimeoutMs?: number }) {
    const alice = await h.device('alice', options)
    h.on('voice', twiml('<Dial timeout="5" action="/hooks/dial-action"><Client>alice</Client></Dial>'))
    await h.sim.placeInboundCall({ from: '+15551230001' })
    const call = await alice.nextIncoming()
    call.accept()
    await call.waitFor('accept')
    return { alice, call }
  }
  const dropDeviceSockets = () => h.app.websocketServer.clients.forEach((socket) => socket.terminate())

  it('keeps the call while the Device reconnects, then carries on', async () => {
    const { call } = await answered({ maxCallSignalingTimeoutMs: 5000 })
    const reconnecting = call.waitFor('reconnecting')
    const reconnected = call.waitFor('reconnected')
    dropDeviceSockets()
    expect(await reconnecting).toMatchObject({ code: 53001 })
    await reconnected
    expect(call.status).toBe('open')
    expect(h.sim.getCall(call.sid)?.isLive).toBe(true)
    expect(h.requestsTo('dial-action')).toEqual([])

    call.disconnect()
    const action = await h.waitForRequest('dial-action')
    expect(action.params.DialCallStatus).toBe('completed')
    expect(h.sim.getCall(call.sid)?.endReason).toBe('agent hung up')
  })

  it('ends the call when the Device does not come back in time', async () => {
    const { alice, call } = await answered({ maxCallSignalingTimeoutMs: 300 })
    const reconnecting = call.waitFor('reconnecting')
    dropDeviceSockets()
    await reconnecting
    alice.destroy()
    await h.waitForRequest('dial-action')
    expect(h.sim.getCall(call.sid)?.endReason).toBe('agent device went away')
  })

  it('ends the call at once with the SDK default (no signalling reconnection)', async () => {
    const { call } = await answered({})
    const disconnected = call.waitFor('disconnect')
    dropDeviceSockets()
    await disconnected
    await h.waitForRequest('dial-action')
    expect(h.sim.getCall(call.sid)?.endReason).toBe('agent device went away')
  })
})

describe('token lifetime', () => {
  it('emits tokenWillExpire tokenRefreshMs before expiry', async () => {
    const device = new SimulatorDevice(accessToken('alice', 2), { simulatorUrl: `${h.base}/sim`, tokenRefreshMs: 1500 })
    const willExpire = new Promise((resolve) => device.once('tokenWillExpire', resolve))
    await device.register()
    await willExpire
    device.destroy()
  })
})
