import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('answer', twiml('<Say>Hello</Say>'))
})
afterEach(() => h.close())

describe('status callbacks', () => {
  it('sends the requested events in order with SequenceNumber, Timestamp and CallDuration', async () => {
    const alice = await h.device('alice')
    const call = await h.client.calls.create({
      to: 'client:alice', from: '+15005550006', url: `${h.base}/hooks/answer`,
      statusCallback: `${h.base}/hooks/status`, statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    })
    ;(await alice.nextIncoming()).accept()
    await h.waitForRequest('status', (r) => r.params.CallStatus === 'completed')
    const callbacks = h.requestsTo('status').map((r) => r.params)
    expect(callbacks.map((p) => [p.CallStatus, p.SequenceNumber])).toEqual([
      ['initiated', '0'], ['ringing', '1'], ['in-progress', '2'], ['completed', '3'],
    ])
    for (const p of callbacks) {
      expect(p).toMatchObject({ CallSid: call.sid, CallbackSource: 'call-progress-events', Direction: 'outbound-api' })
      expect(new Date(p.Timestamp ?? '').getTime()).not.toBeNaN()
    }
    expect(callbacks[3]?.CallDuration).toMatch(/^\d+$/)
    expect(callbacks[0]?.CallDuration).toBeUndefined()
  })

  it('sends only completed when no events are named', async () => {
    await h.client.calls.create({ to: '+15551230001', from: '+15005550006', url: `${h.base}/hooks/answer`, statusCallback: `${h.base}/hooks/status` })
    await h.waitForRequest('status', (r) => r.params.CallStatus === 'completed')
    expect(h.requestsTo('status')).toHaveLength(1)
  })

  it('reports no-answer for an unanswered Device', async () => {
    await h.device('alice')
    await h.client.calls.create({ to: 'client:alice', from: '+15005550006', url: `${h.base}/hooks/answer`, timeout: 0.3, statusCallback: `${h.base}/hooks/status` })
    const completed = await h.waitForRequest('status')
    expect(completed.params).toMatchObject({ CallStatus: 'no-answer', CallDuration: '0' })
  })
})
