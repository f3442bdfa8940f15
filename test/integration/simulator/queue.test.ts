import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('voice', twiml('<Say>Welcome</Say><Enqueue waitUrl="/hooks/hold" action="/hooks/queue-action">support</Enqueue>'))
  h.on('hold', twiml('<Play>http://example.test/music.mp3</Play>'))
})
afterEach(() => h.close())

describe('<Enqueue>', () => {
  it('loops the waitUrl with queue parameters', async () => {
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.waitForRequest('hold', (r) => r.params.CallSid === sid)
    await h.sim.waitFor((e) => e.type === 'webhook' && e.kind === 'wait' && e.callSid === sid && h.requestsTo('hold').length >= 3)
    const hold = h.requestsTo('hold')
    expect(hold.length).toBeGreaterThanOrEqual(3)
    expect(hold[0]?.params).toMatchObject({ QueuePosition: '1', CurrentQueueSize: '1', MaxQueueSize: '1000', AvgQueueTime: '0' })
    expect(hold[0]?.params.QueueSid).toMatch(/^QU/)
    expect(hold[0]?.params.QueueTime).toBe('0')
  })

  it('gives a second caller position 2, and moves it up when the first leaves', async () => {
    const first = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor((e) => e.type === 'queue' && e.callSid === first.sid)
    const second = await h.sim.placeInboundCall({ from: '+15551230002' })
    await h.waitForRequest('hold', (r) => r.params.CallSid === second.sid && r.params.QueuePosition === '2')
    h.sim.hangUp(first.sid)
    await h.sim.waitFor((e) => e.type === 'queue' && e.callSid === second.sid && e.position === 1)
    await h.waitForRequest('hold', (r) => r.params.CallSid === second.sid && r.params.QueuePosition === '1')
    const action = await h.waitForRequest('queue-action', (r) => r.params.CallSid === first.sid)
    expect(action.params).toMatchObject({ QueueResult: 'hangup', CallStatus: 'completed' })
  })

  it('reports QueueResult=redirected when REST redirects the caller out, and runs the new TwiML', async () => {
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.waitForRequest('hold', (r) => r.params.CallSid === sid)
    h.on('queue-action', twiml('<Say>This must not run</Say>'))
    await h.client.calls(sid).update({ twiml: twiml('<Say>Out of the queue</Say>') })
    const action = await h.waitForRequest('queue-action')
    expect(action.params).toMatchObject({ QueueResult: 'redirected', CallSid: sid })
    expect(action.params.QueueSid).toMatch(/^QU/)
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Out of the queue')
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed')
    expect(h.sim.events.history.some((e) => e.type === 'verb' && e.text === 'This must not run')).toBe(false)
    expect((await h.client.queues.list())[0]?.currentSize).toBe(0)
  })

  it('runs the action TwiML after <Leave>', async () => {
    h.on('hold', twiml('<Leave/>'))
    h.on('queue-action', twiml('<Say>Nobody is available</Say>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    expect((await h.waitForRequest('queue-action')).params.QueueResult).toBe('leave')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Nobody is available')
  })
})
