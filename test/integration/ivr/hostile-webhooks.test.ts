import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { newCallSid, postWebhook, voiceParams } from '../../support/twilio.ts'

let t: TestApp
let inMenu: string
let support: number
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  support = (await t.prisma.queue.findUniqueOrThrow({ where: { name: 'Support' } })).id
  inMenu = newCallSid()
  expect((await postWebhook(t, '/twilio/voice', voiceParams(t, inMenu))).status).toBe(200)
})
afterAll(() => t.close())

const recordingSid = () => `RE${newCallSid().slice(2)}`
const stateOf = () => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: inMenu }, select: { status: true, version: true, queueId: true } })

describe('hostile requests to the IVR webhooks', () => {
  it('answer 4xx (or harmless TwiML for calls we do not know), never 5xx, and leave the caller in the menu untouched', async () => {
    const before = await stateOf()
    const stranger = newCallSid()
    const cases: [string, Record<string, string>, number][] = [
      ['/twilio/menu?attempt=1', {}, 400],
      ['/twilio/menu?attempt=3', { CallSid: inMenu, Digits: '2' }, 400],
      ['/twilio/menu', { CallSid: inMenu, Digits: '2' }, 400],
      ['/twilio/menu?attempt=1', { CallSid: 'CA-not-a-sid', Digits: '2' }, 400],
      ['/twilio/menu?attempt=1', { CallSid: stranger, Digits: '\u0000'.repeat(64), SpeechResult: 'x'.repeat(100_000) }, 200],
      [`/twilio/hold/abc`, { CallSid: inMenu }, 400],
      [`/twilio/hold/-1`, { CallSid: inMenu }, 400],
      [`/twilio/hold/99999999999`, { CallSid: inMenu }, 400],
      [`/twilio/hold/424242`, { CallSid: inMenu, QueueTime: '99999' }, 200],
      [`/twilio/hold/${support}?announceAt=nope`, { CallSid: inMenu, QueueTime: '-5' }, 200],
      [`/twilio/hold/${support}/choice`, { CallSid: inMenu, Digits: '1' }, 200],
      [`/twilio/hold/${support}/choice`, { CallSid: inMenu, Digits: '2' }, 200],
      ['/twilio/voicemail', { CallSid: inMenu, RecordingSid: 'RE-bad' }, 400],
      ['/twilio/voicemail', { CallSid: inMenu, RecordingSid: recordingSid(), RecordingUrl: 'javascript:alert(1)', RecordingDuration: 'x' }, 200],
      ['/twilio/voicemail/recording', { CallSid: inMenu, RecordingSid: recordingSid(), RecordingStatus: 'bogus' }, 400],
      ['/twilio/voicemail/recording', { CallSid: inMenu, RecordingSid: recordingSid(), RecordingStatus: 'completed' }, 204],
      ['/twilio/voicemail/transcription', { CallSid: inMenu, RecordingSid: recordingSid(), TranscriptionStatus: 'completed', TranscriptionText: 'who?' }, 204],
      ['/twilio/voicemail/transcription', { CallSid: stranger, RecordingSid: recordingSid(), TranscriptionStatus: 'completed', TranscriptionText: 'who?' }, 204],
      ['/twilio/voicemail/transcription', { RecordingSid: recordingSid(), TranscriptionStatus: 'completed' }, 400],
      ['/twilio/voicemail/transcription', { CallSid: inMenu, RecordingSid: recordingSid(), TranscriptionStatus: 'done' }, 400],
    ]
    for (const [path, params, status] of cases) expect([path, (await postWebhook(t, path, params)).status]).toEqual([path, status])
    expect((await postWebhook(t, '/twilio/menu?attempt=1', { CallSid: inMenu, Digits: '2' }, 'forged')).status).toBe(403)
    const json = await fetch(`${t.url}/twilio/menu?attempt=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CallSid: inMenu, Digits: '2' }) })
    expect(json.status).toBe(415)

    expect(await stateOf()).toEqual(before)
    expect(before.status).toBe('in_menu')
    expect(await t.prisma.recording.count()).toBe(0)
    expect(await t.prisma.call.count({ where: { twilioSid: stranger } })).toBe(0)
  })
})
