import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { newCallSid, postWebhook, voiceParams } from '../../support/twilio.ts'
import { signTwilioRequest } from '../../../src/simulator/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const stored = (twilioSid: string) => t.prisma.call.findUnique({ where: { twilioSid } })

/** A signed POST with any body and content type, as a hostile (or broken) sender would make it. */
function signedRaw(path: string, body: string, contentType?: string) {
  const url = `${t.url}${path}`
  return fetch(url, {
    method: 'POST',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), 'x-twilio-signature': signTwilioRequest(t.app.telephony.authToken, url, {}) },
    body,
  })
}

describe('one bad webhook never costs another caller', () => {
  it('stores ten good rings and the one with a 10,000-character From, all sent in the same instant', async () => {
    const good = Array.from({ length: 10 }, () => newCallSid())
    const bad = newCallSid()
    const answers = await Promise.all([
      ...good.map((sid) => postWebhook(t, '/twilio/voice', voiceParams(t, sid))),
      postWebhook(t, '/twilio/voice', { ...voiceParams(t, bad), From: '+1'.padEnd(10_000, '5') }),
    ])
    expect(answers.map((answer) => answer.status)).toEqual(Array(11).fill(200))
    expect(await t.prisma.call.count({ where: { twilioSid: { in: good } } })).toBe(10)
    expect((await stored(bad))?.from).toHaveLength(64)
  })
})

describe('display fields are cleaned and cut, never a reason to refuse a caller', () => {
  it('keeps a call whose From has 2,700+ characters', async () => {
    const sid = newCallSid()
    expect((await postWebhook(t, '/twilio/voice', { ...voiceParams(t, sid), From: '9'.repeat(2_750) })).status).toBe(200)
    expect((await stored(sid))?.from).toBe('9'.repeat(64))
  })

  it('drops NUL and other control characters from From and CallerName', async () => {
    const sid = newCallSid()
    const response = await postWebhook(t, '/twilio/voice', { ...voiceParams(t, sid), From: '+1555\u00001230001', CallerName: 'Ada\u0000 \u0007Lovelace' })
    expect(response.status).toBe(200)
    expect(await stored(sid)).toMatchObject({ from: '+15551230001', callerName: 'Ada Lovelace' })
  })

  it('keeps a caller whose CallerName has 201 characters, storing what fits', async () => {
    const sid = newCallSid()
    expect((await postWebhook(t, '/twilio/voice', { ...voiceParams(t, sid), CallerName: 'N'.repeat(201) })).status).toBe(200)
    expect((await stored(sid))?.callerName).toBe('N'.repeat(200))
  })

  it('keeps a caller with no From at all', async () => {
    const sid = newCallSid()
    const { From: _from, Caller: _caller, ...params } = voiceParams(t, sid)
    expect((await postWebhook(t, '/twilio/voice', params)).status).toBe(200)
    expect((await stored(sid))?.from).toBe('unknown')
  })

  it('takes the first value of a parameter sent twice', async () => {
    const sid = newCallSid()
    const url = `${t.url}/twilio/voice`
    const params = { ...voiceParams(t, sid), CallerName: ['First', 'Second'] }
    const body = new URLSearchParams(Object.entries(params).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value]])))
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(t.app.telephony.authToken, url, params) }, body: body.toString() })
    expect(response.status).toBe(200)
    expect((await stored(sid))?.callerName).toBe('First')
  })
})

describe('what makes a request meaningless is a 400 for it alone', () => {
  it('refuses a SequenceNumber beyond a 32-bit integer and leaves the call as it was', async () => {
    const sid = newCallSid()
    await postWebhook(t, '/twilio/voice', voiceParams(t, sid))
    const response = await postWebhook(t, '/twilio/status', { CallSid: sid, CallStatus: 'completed', SequenceNumber: '3000000000' })
    expect(response.status).toBe(400)
    expect(await stored(sid)).toMatchObject({ status: 'queued', lastSequenceNumber: null })
  })

  it('takes a conference callback about a call that does not exist without a row or an error', async () => {
    const events = await t.prisma.callEvent.count()
    const response = await postWebhook(t, '/twilio/conference/2000000000', { ConferenceSid: `CF${'a'.repeat(32)}`, StatusCallbackEvent: 'participant-join', CallSid: newCallSid(), SequenceNumber: '1' })
    expect(response.status).toBe(204)
    expect(await t.prisma.callEvent.count()).toBe(events)
    expect(await t.prisma.call.count({ where: { conferenceSid: `CF${'a'.repeat(32)}` } })).toBe(0)
  })

  it('refuses an outbound call id beyond a 32-bit integer', async () => {
    const response = await postWebhook(t, '/twilio/outbound/99999999999/status', { CallSid: newCallSid(), CallStatus: 'completed' })
    expect(response.status).toBe(400)
  })

  it.each([
    ['application/xml', '<Response/>'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nCA1\r\n--x--\r\n'],
    [undefined, 'CallSid=CA1'],
    ['application/json', '{"CallSid": '],
  ])('answers %s with 415 and stores nothing', async (contentType, body) => {
    const before = await t.prisma.call.count()
    const response = await signedRaw('/twilio/voice', body, contentType)
    expect(response.status).toBe(415)
    expect(await t.prisma.call.count()).toBe(before)
  })

  it('answers a body over 1 MiB with 413', async () => {
    const response = await signedRaw('/twilio/voice', `CallSid=${newCallSid()}&From=${'1'.repeat(1_100_000)}`, 'application/x-www-form-urlencoded')
    expect(response.status).toBe(413)
  })
})

describe('each route acts only on its own kind of call', () => {
  async function outboundCall() {
    return t.prisma.call.create({ data: { direction: 'outbound', status: 'in_progress', from: t.app.telephony.number, to: '+15551230001', agentId: t.agents.alice.id, twilioSid: newCallSid() } })
  }

  it('a signed /twilio/status naming an outbound call’s leg does not end it', async () => {
    const call = await outboundCall()
    expect((await postWebhook(t, '/twilio/status', { CallSid: call.twilioSid!, CallStatus: 'completed' })).status).toBe(204)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'in_progress' })
    await t.prisma.call.update({ where: { id: call.id }, data: { status: 'ended' } })
  })

  it('/twilio/outbound/:id/result naming an inbound call does not end it', async () => {
    const sid = newCallSid()
    await postWebhook(t, '/twilio/voice', voiceParams(t, sid))
    const call = await t.prisma.call.update({ where: { twilioSid: sid }, data: { status: 'in_progress', agentId: t.agents.bob.id } })
    expect((await postWebhook(t, `/twilio/outbound/${call.id}/result`, { CallSid: newCallSid(), DialCallStatus: 'completed' })).status).toBe(200)
    expect((await postWebhook(t, `/twilio/outbound/${call.id}/number`, { CallSid: newCallSid(), CallStatus: 'completed' })).status).toBe(204)
    expect((await postWebhook(t, `/twilio/outbound/${call.id}/status`, { CallSid: sid, CallStatus: 'completed' })).status).toBe(204)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'in_progress', twilioSid: sid })
    await t.prisma.call.update({ where: { id: call.id }, data: { status: 'ended' } })
  })
})
