import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { newCallSid, postWebhook, voiceParams } from '../../support/twilio.ts'
import { signTwilioRequest } from '../../../src/simulator/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const callsWith = (twilioSid: string) => t.prisma.call.count({ where: { twilioSid } })

describe('POST /twilio/voice', () => {
  it('answers with TwiML that greets and enqueues the caller', async () => {
    const response = await postWebhook(t, '/twilio/voice', voiceParams(t, newCallSid()))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/)
    const twiml = await response.text()
    expect(twiml).toContain('<Say>')
    expect(twiml).toContain(`<Enqueue action="${t.url}/twilio/queue-result" method="POST" waitUrl="${t.url}/twilio/hold"`)
  })

  it('stores one Call however often Twilio retries the same CallSid', async () => {
    const sid = newCallSid()
    const answers = await Promise.all([1, 2, 3].map(() => postWebhook(t, '/twilio/voice', voiceParams(t, sid))))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200])
    expect(await callsWith(sid)).toBe(1)
    expect(await t.prisma.callEvent.count({ where: { call: { twilioSid: sid }, type: 'received' } })).toBe(1)
  })

  it('refuses a forged signature with 403 and writes nothing', async () => {
    const sid = newCallSid()
    const forged = await postWebhook(t, '/twilio/voice', voiceParams(t, sid), 'bm90IGEgc2lnbmF0dXJl')
    expect(forged.status).toBe(403)
    const unsigned = await fetch(`${t.url}/twilio/voice`, { method: 'POST', body: new URLSearchParams(voiceParams(t, sid)) })
    expect(unsigned.status).toBe(403)
    expect(await callsWith(sid)).toBe(0)
  })

  it('refuses a signature made for other parameters', async () => {
    const sid = newCallSid()
    const params = voiceParams(t, sid)
    const response = await fetch(`${t.url}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(t.app.telephony.authToken, `${t.url}/twilio/voice`, { ...params, From: '+15550000000' }) },
      body: new URLSearchParams(params).toString(),
    })
    expect(response.status).toBe(403)
    expect(await callsWith(sid)).toBe(0)
  })

  it('answers a malformed but signed request with 400 and a clear message', async () => {
    const response = await postWebhook(t, '/twilio/voice', { CallSid: 'not-a-sid', From: '+15551112222', To: '+15550100000' })
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('Malformed Twilio request: CallSid must be CA followed by 32 hex digits')
    expect(await t.prisma.call.count({ where: { twilioSid: 'not-a-sid' } })).toBe(0)
  })
})

describe('POST /twilio/status', () => {
  it('never moves a call backwards when callbacks arrive out of order', async () => {
    const sid = newCallSid()
    await postWebhook(t, '/twilio/voice', voiceParams(t, sid))
    const call = await t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })
    await t.prisma.call.update({ where: { id: call.id }, data: { status: 'in_progress', agentId: t.agents.alice.id } })
    const status = (CallStatus: string, SequenceNumber: string) =>
      postWebhook(t, '/twilio/status', { CallSid: sid, CallStatus, SequenceNumber, AccountSid: t.app.telephony.accountSid })

    expect((await status('in-progress', '5')).status).toBe(204)
    expect((await status('completed', '2')).status).toBe(204)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'in_progress', lastSequenceNumber: 5 })

    await status('completed', '6')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'ended', endReason: 'completed' })
    await status('in-progress', '7')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'ended' })
  })
})
