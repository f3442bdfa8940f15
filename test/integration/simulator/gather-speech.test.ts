import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness, HookRequest } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('menu', twiml('<Say>Connecting you</Say>'))
})
afterEach(() => h.close())

const signed = (r: HookRequest): boolean => twilio.validateRequest(credentials.authToken, r.signature, r.url, r.params)

/** Places a call running `doc`; the caller acts the moment the <Gather> starts listening. */
async function callListening(doc: string, act: (sid: string) => void = () => undefined): Promise<string> {
  h.on('voice', twiml(doc))
  h.when((e) => e.type === 'listening', (e) => act(e.type === 'listening' ? e.callSid : ''))
  const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
  await h.sim.waitFor((e) => e.type === 'listening' && e.callSid === sid)
  return sid
}

describe('<Gather> with speech', () => {
  it('stops the prompt when the caller speaks and sends SpeechResult and Confidence to the action', async () => {
    const sid = await callListening('<Gather input="speech" speechTimeout="auto" action="/hooks/menu"><Say>Say sales or support</Say><Play>http://example.test/long.mp3</Play></Gather>', (call) =>
      h.when((e) => e.type === 'verb' && e.verb === 'Say', () => h.sim.say(call, 'sales', { confidence: 0.42 })))
    const menu = await h.waitForRequest('menu')
    expect(menu.params).toMatchObject({ CallSid: sid, SpeechResult: 'Sales.', Confidence: '0.42' })
    expect(menu.params.Digits).toBeUndefined()
    expect(signed(menu)).toBe(true)
    expect(h.sim.events.history.some((e) => e.type === 'verb' && e.verb === 'Play')).toBe(false)
  })

  it('with input="dtmf speech" a key pressed first wins: Digits, no SpeechResult', async () => {
    await callListening('<Gather input="dtmf speech" numDigits="1" action="/hooks/menu"><Say>Press 1 or say sales</Say></Gather>', (sid) => {
      h.sim.sendDigits(sid, '2')
      h.sim.say(sid, 'sales')
    })
    const menu = await h.waitForRequest('menu')
    expect(menu.params.Digits).toBe('2')
    expect(menu.params.SpeechResult).toBeUndefined()
  })

  it('with input="dtmf speech" speech said first wins', async () => {
    await callListening('<Gather input="dtmf speech" numDigits="1" speechTimeout="1" action="/hooks/menu"><Say>Press 1 or say sales</Say></Gather>', (sid) => {
      h.sim.say(sid, 'support please')
      h.sim.sendDigits(sid, '1')
    })
    const menu = await h.waitForRequest('menu')
    expect(menu.params).toMatchObject({ SpeechResult: 'Support please.', Confidence: '0.9' })
    expect(menu.params.Digits).toBeUndefined()
  })

  it('runs the next verb when nobody speaks before the timeout, and ignores keys in a speech-only Gather', async () => {
    const sid = await callListening('<Gather input="speech" timeout="2" action="/hooks/menu"><Say>Say something</Say></Gather><Say>We did not hear you</Say>', (call) => h.sim.sendDigits(call, '1'))
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'We did not hear you')
    expect(h.requestsTo('menu')).toHaveLength(0)
  })

  it('requests the action without a result when actionOnEmptyResult="true"', async () => {
    const sid = await callListening('<Gather input="dtmf speech" timeout="1" actionOnEmptyResult="true" action="/hooks/menu"/><Say>Not reached</Say>')
    const menu = await h.waitForRequest('menu')
    expect(menu.params.CallSid).toBe(sid)
    expect(menu.params.SpeechResult).toBeUndefined()
    expect(menu.params.Digits).toBeUndefined()
    expect(h.sim.events.history.some((e) => e.type === 'verb' && e.text === 'Not reached')).toBe(false)
  })
})

describe('<Gather> inside a queue wait document', () => {
  it('runs its action in the wait context; <Leave> there leaves the queue and requests the Enqueue action', async () => {
    h.on('voice', twiml('<Enqueue waitUrl="/hooks/hold" action="/hooks/queue-action">support</Enqueue>'))
    h.on('hold', twiml('<Gather input="dtmf speech" numDigits="1" action="/hooks/hold-menu"><Say>Say voicemail to leave a message</Say></Gather>'))
    h.on('hold-menu', (r) => (r.params.SpeechResult === 'Voicemail.' ? twiml('<Leave/>') : twiml('<Play>http://example.test/music.mp3</Play>')))
    h.on('queue-action', twiml('<Say>Please leave a message</Say>'))
    h.when((e) => e.type === 'listening', (e) => h.sim.say(e.type === 'listening' ? e.callSid : '', 'voicemail'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    const holdMenu = await h.waitForRequest('hold-menu')
    expect(holdMenu.params).toMatchObject({ SpeechResult: 'Voicemail.', QueuePosition: '1', CurrentQueueSize: '1' })
    const action = await h.waitForRequest('queue-action')
    expect(action.params.QueueResult).toBe('leave')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Please leave a message')
    expect((await h.client.queues.list())[0]?.currentSize).toBe(0)
  })
})
