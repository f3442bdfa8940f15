import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness, HookRequest } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('voicemail', twiml('<Say>Thank you</Say><Hangup/>'))
})
afterEach(() => h.close())

const signed = (r: HookRequest): boolean => twilio.validateRequest(credentials.authToken, r.signature, r.url, r.params)

/**
 * Places a call that records a message; when the recording starts the caller talks (`text` for `seconds`), and once
 * that is heard `then` runs (press a key, hang up…), all at once, so short simulated timeouts leave no race.
 */
async function recording(attributes: string, caller: { text?: string; seconds?: number; then?: (sid: string) => void } = {}, after = ''): Promise<string> {
  h.on('voice', twiml(`<Say>Leave a message after the beep</Say><Record action="/hooks/voicemail" ${attributes}/>${after}`))
  const { text, seconds, then } = caller
  if (text) h.when((e) => e.type === 'listening' && e.recording, (e) => h.sim.say(callSidOf(e), text, { seconds }))
  if (then) h.when((e) => e.type === 'speech' && e.phase === 'heard', (e) => then(callSidOf(e)))
  const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
  return sid
}

const callSidOf = (e: SimEvent): string => ('callSid' in e && e.callSid) || ''

describe('<Record>', () => {
  it('ends on a finish key: the action gets RecordingUrl, RecordingSid, RecordingDuration and Digits', async () => {
    const sid = await recording('finishOnKey="#" timeout="30"', { text: 'please call me back', seconds: 3, then: (call) => h.sim.sendDigits(call, '#') })
    const action = await h.waitForRequest('voicemail')
    expect(signed(action)).toBe(true)
    expect(action.params).toMatchObject({ CallSid: sid, RecordingDuration: '3', Digits: '#', CallStatus: 'in-progress' })
    expect(action.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/)
    expect(action.params.RecordingUrl).toBe(`${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Recordings/${action.params.RecordingSid}`)
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Thank you')
    const fetched = await h.client.recordings(action.params.RecordingSid ?? '').fetch()
    expect(fetched).toMatchObject({ callSid: sid, status: 'completed', duration: '3', source: 'RecordVerb', channels: 1 })
  })

  it('ends after `timeout` seconds of silence, trimming the silence (no Digits)', async () => {
    const sid = await recording('timeout="2"', { text: 'hello', seconds: 2 })
    const action = await h.waitForRequest('voicemail')
    expect(action.params.RecordingDuration).toBe('2')
    expect(action.params.Digits).toBeUndefined()
    expect(h.sim.getCall(sid)?.isLive).toBe(true)
  })

  it('stops at maxLength', async () => {
    await recording('maxLength="2" timeout="30"', { text: 'a very long story', seconds: 60 })
    const action = await h.waitForRequest('voicemail')
    expect(action.params.RecordingDuration).toBe('2')
    expect(action.params.Digits).toBeUndefined()
  })

  it('still requests the action when the caller hangs up: Digits=hangup, its TwiML ignored', async () => {
    const sid = await recording('timeout="30"', { text: 'I will hang up now', seconds: 2, then: (call) => h.sim.hangUp(call) })
    const action = await h.waitForRequest('voicemail')
    expect(action.params).toMatchObject({ Digits: 'hangup', RecordingDuration: '2', CallStatus: 'completed' })
    await h.sim.waitFor((e) => e.type === 'recording' && e.callSid === sid && e.status === 'completed')
    expect(h.sim.events.history.some((e) => e.type === 'verb' && e.text === 'Thank you')).toBe(false)
  })

  it('an empty recording requests no action: the next verb runs and the recording is absent', async () => {
    const sid = await recording('timeout="1" recordingStatusCallback="/hooks/recording-status" recordingStatusCallbackEvent="absent"', {}, '<Say>No message recorded</Say>')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'No message recorded')
    expect(h.requestsTo('voicemail')).toHaveLength(0)
    expect((await h.waitForRequest('recording-status')).params).toMatchObject({ RecordingStatus: 'absent', ErrorCode: '16102', RecordingSource: 'RecordVerb' })
  })

  it('sends the recording status callback and the transcription callback', async () => {
    const sid = await recording('finishOnKey="#" transcribe="true" transcribeCallback="/hooks/transcription" recordingStatusCallback="/hooks/recording-status" recordingStatusCallbackEvent="in-progress completed"', {
      text: 'please call me back about my order', seconds: 3, then: (call) => h.sim.sendDigits(call, '#'),
    })
    const action = await h.waitForRequest('voicemail')
    const recordingSid = action.params.RecordingSid
    const completed = await h.waitForRequest('recording-status', (r) => r.params.RecordingStatus === 'completed')
    expect(h.requestsTo('recording-status').map((r) => r.params.RecordingStatus)).toEqual(['in-progress', 'completed'])
    expect(completed.params).toMatchObject({ RecordingSid: recordingSid, RecordingUrl: action.params.RecordingUrl, RecordingDuration: '3', RecordingChannels: '1', RecordingSource: 'RecordVerb', CallSid: sid, AccountSid: credentials.accountSid })
    const transcription = await h.waitForRequest('transcription')
    expect(transcription.method).toBe('POST')
    expect([signed(completed), signed(transcription)]).toEqual([true, true])
    expect(transcription.params).toMatchObject({
      TranscriptionText: 'Please call me back about my order.', TranscriptionStatus: 'completed',
      RecordingSid: recordingSid, RecordingUrl: action.params.RecordingUrl, CallSid: sid, AccountSid: credentials.accountSid,
    })
    expect(transcription.params.TranscriptionSid).toMatch(/^TR[0-9a-f]{32}$/)
    expect(transcription.params.TranscriptionUrl).toBe(`${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Transcriptions/${transcription.params.TranscriptionSid}`)
    const fetched = await h.client.transcriptions(transcription.params.TranscriptionSid ?? '').fetch()
    expect(fetched).toMatchObject({ recordingSid, status: 'completed', transcriptionText: 'Please call me back about my order.' })
  })

  it('is not allowed in a queue wait document (12200)', async () => {
    h.on('voice', twiml('<Enqueue waitUrl="/hooks/hold">support</Enqueue>'))
    h.on('hold', twiml('<Record/>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    const error = await h.sim.waitFor((e) => e.type === 'error' && e.callSid === sid)
    expect(error).toMatchObject({ code: 12200 })
  })
})
