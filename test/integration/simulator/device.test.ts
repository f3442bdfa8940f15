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

describe('token lifetime', () => {
  it('emits tokenWillExpire tokenRefreshMs before expiry', async () => {
    const device = new SimulatorDevice(accessToken('alice', 2), { simulatorUrl: `${h.base}/sim`, tokenRefreshMs: 1500 })
    const willExpire = new Promise((resolve) => device.once('tokenWillExpire', resolve))
    await device.register()
    await willExpire
    device.destroy()
  })
})
