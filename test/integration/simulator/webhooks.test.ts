import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness, HookRequest } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness({ statusCallbackUrl: () => `${h.base}/hooks/number-status` })
})
afterEach(() => h.close())

function valid(request: HookRequest): boolean {
  return twilio.validateRequest(credentials.authToken, request.signature, request.url, request.method === 'POST' ? request.params : {})
}

describe('webhooks the simulator sends', () => {
  it('POSTs the voice webhook form-encoded with every standard parameter, signed over the public URL', async () => {
    h.on('voice', twiml('<Say>Hi</Say>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001', callerName: 'Ada' })
    const voice = await h.waitForRequest('voice')
    expect(voice.method).toBe('POST')
    expect(valid(voice)).toBe(true)
    expect(voice.params).toMatchObject({
      CallSid: sid, AccountSid: credentials.accountSid, From: '+15551230001', To: credentials.phoneNumber,
      Caller: '+15551230001', Called: credentials.phoneNumber, CallStatus: 'ringing', ApiVersion: '2010-04-01',
      Direction: 'inbound', CallerName: 'Ada', FromCountry: 'US', ToCountry: 'US',
    })
    expect(valid({ ...voice, params: { ...voice.params, From: '+15559999999' } })).toBe(false)
  })

  it('signs action, waitUrl (GET too), redirect and status-callback requests', async () => {
    h.on('voice', twiml('<Redirect>/hooks/next?step=2</Redirect>'))
    h.on('next', twiml('<Enqueue waitUrl="/hooks/hold" waitUrlMethod="GET" action="/hooks/queue-action">q</Enqueue>'))
    h.on('hold', twiml('<Leave/>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed')
    const requests = await Promise.all(['next', 'hold', 'queue-action', 'number-status'].map((name) => h.waitForRequest(name)))
    expect(requests.map(valid)).toEqual([true, true, true, true])
    expect(requests[1]?.method).toBe('GET')
    expect(requests[1]?.params.QueuePosition).toBe('1')
    expect(requests[2]?.params.QueueResult).toBe('leave')
    expect(requests[3]?.params).toMatchObject({ CallStatus: 'completed', SequenceNumber: '0' })
  })
})
