import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness, HookRequest } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  // Long enough to outlast any test run, however loaded the machine.
  h.on('voice', twiml('<Pause length="100000"/>'))
})
afterEach(() => h.close())

const signed = (r: HookRequest): boolean => twilio.validateRequest(credentials.authToken, r.signature, r.url, r.method === 'POST' ? r.params : {})
const basic = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`

async function liveCall(): Promise<string> {
  const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
  await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'in-progress')
  return sid
}

function startRecording(callSid: string, events = 'in-progress completed absent') {
  const callback = { url: `${h.base}/hooks/recording-status`, method: 'POST' as const, events: new Set(events.split(' ') as ('in-progress' | 'completed' | 'absent')[]) }
  return h.sim.recordings.start({ callSid, source: 'StartCallRecordingAPI', callback })
}

describe('recordings: the module other simulator code drives', () => {
  it('start → pause → resume → stop sends signed in-progress and completed callbacks with Twilio parameters', async () => {
    const callSid = await liveCall()
    const rec = startRecording(callSid)
    expect(rec.sid).toMatch(/^RE[0-9a-f]{32}$/)
    h.sim.recordings.pause(rec)
    expect(rec.status).toBe('paused')
    h.sim.recordings.resume(rec)
    h.sim.recordings.stop(rec, 3)
    const completed = await h.waitForRequest('recording-status', (r) => r.params.RecordingStatus === 'completed')
    const statuses = h.requestsTo('recording-status').map((r) => r.params.RecordingStatus)
    expect(statuses).toEqual(['in-progress', 'completed'])
    expect(h.requestsTo('recording-status').every(signed)).toBe(true)
    expect(completed.params).toMatchObject({
      AccountSid: credentials.accountSid, CallSid: callSid, RecordingSid: rec.sid, RecordingDuration: '3',
      RecordingChannels: '1', RecordingSource: 'StartCallRecordingAPI',
      RecordingUrl: `${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Recordings/${rec.sid}`,
    })
    expect(completed.params.RecordingStartTime).toMatch(/\+0000$/)
    expect(completed.params.ErrorCode).toBeUndefined()
  })

  it('a recording with nothing in it ends absent with ErrorCode 16102', async () => {
    const rec = startRecording(await liveCall(), 'absent')
    h.sim.recordings.stop(rec, 0)
    const absent = await h.waitForRequest('recording-status')
    expect(absent.params).toMatchObject({ RecordingStatus: 'absent', ErrorCode: '16102', RecordingDuration: '0' })
    expect(rec.status).toBe('absent')
  })

  it('stops an API recording when its call ends, timing it by the (scaled) clock', async () => {
    h.on('voice', twiml('<Pause length="2"/><Say>Two seconds later</Say><Pause length="100"/>'))
    const callSid = await liveCall()
    const rec = startRecording(callSid, 'completed')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === callSid && e.verb === 'Say')
    h.sim.hangUp(callSid)
    const completed = await h.waitForRequest('recording-status')
    expect(completed.params.RecordingStatus).toBe('completed')
    expect(Number(completed.params.RecordingDuration)).toBeGreaterThanOrEqual(2)
    expect(rec.isActive).toBe(false)
  })
})

describe('REST Recordings with the official twilio client', () => {
  it('fetches the Recording JSON and lists recordings by CallSid', async () => {
    const callSid = await liveCall()
    const other = await liveCall()
    const rec = startRecording(callSid)
    startRecording(other)
    const live = await h.client.recordings(rec.sid).fetch()
    expect(live).toMatchObject({ sid: rec.sid, callSid, status: 'in-progress', duration: '-1', source: 'StartCallRecordingAPI', channels: 1 })
    h.sim.recordings.stop(rec, 7)
    const done = await h.client.recordings(rec.sid).fetch()
    expect(done).toMatchObject({ status: 'completed', duration: '7', conferenceSid: null, uri: `/2010-04-01/Accounts/${credentials.accountSid}/Recordings/${rec.sid}.json` })
    expect(done.startTime).toBeInstanceOf(Date)
    expect((await h.client.recordings.list({ callSid })).map((r) => r.sid)).toEqual([rec.sid])
    expect(await h.client.recordings.list({ pageSize: 1 })).toHaveLength(2)
  })

  it('serves media only with the account credentials: 401 without, a valid 8 kHz mono WAV with', async () => {
    const rec = startRecording(await liveCall())
    h.sim.recordings.stop(rec, 1)
    const url = `${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Recordings/${rec.sid}`
    const refused = await fetch(url)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ code: 20003 })
    for (const suffix of ['', '.wav', '.mp3']) {
      const res = await fetch(url + suffix, { headers: { Authorization: basic } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('audio/x-wav')
      const wav = Buffer.from(await res.arrayBuffer())
      expect(wav.toString('ascii', 0, 4)).toBe('RIFF')
      expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ')
      expect(wav.readUInt32LE(4)).toBe(wav.length - 8)
      expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16])
      expect(wav.toString('ascii', 36, 40)).toBe('data')
      expect(wav.readUInt32LE(40)).toBe(8000 * 2 * 1)
      expect(wav.length).toBe(44 + 16000)
    }
  })

  it('has no media while recording, and DELETE removes the resource', async () => {
    const rec = startRecording(await liveCall())
    const url = `${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Recordings/${rec.sid}.wav`
    expect((await fetch(url, { headers: { Authorization: basic } })).status).toBe(404)
    h.sim.recordings.stop(rec, 5)
    expect(await h.client.recordings(rec.sid).remove()).toBe(true)
    const gone = await h.client.recordings(rec.sid).fetch().then(() => null, (e: unknown) => e as { status: number; code: number })
    expect(gone).toMatchObject({ status: 404, code: 20404 })
  })
})

describe('REST: a call\'s recordings (Calls/{CA}/Recordings)', () => {
  it('starts, pauses, resumes and stops a recording of a call in progress', async () => {
    const callSid = await liveCall()
    const created = await h.client.calls(callSid).recordings.create({
      recordingChannels: 'dual', recordingStatusCallback: `${h.base}/hooks/recording-status`, recordingStatusCallbackEvent: ['in-progress', 'completed'],
    })
    expect(created).toMatchObject({ callSid, status: 'in-progress', source: 'StartCallRecordingAPI', channels: 2, track: 'both' })
    expect((await h.client.calls(callSid).recordings(created.sid).update({ status: 'paused' })).status).toBe('paused')
    expect((await h.client.calls(callSid).recordings(created.sid).update({ status: 'in-progress' })).status).toBe('in-progress')
    const stopped = await h.client.calls(callSid).recordings('Twilio.CURRENT').update({ status: 'stopped' })
    expect(stopped.status).toMatch(/^(completed|absent)$/)
    expect((await h.client.calls(callSid).recordings.list()).map((r) => r.sid)).toEqual([created.sid])
    await h.waitForRequest('recording-status', (r) => r.params.RecordingStatus !== 'in-progress')
    expect(h.requestsTo('recording-status')[0]?.params).toMatchObject({ RecordingStatus: 'in-progress', RecordingSid: created.sid, RecordingChannels: '2' })
  })

  it('refuses to record a call that is not in progress (400 / 21220) and bad Status values (400)', async () => {
    const callSid = await liveCall()
    const rec = await h.client.calls(callSid).recordings.create()
    const badStatus = await h.client.calls(callSid).recordings(rec.sid).update({ status: 'processing' }).then(() => null, (e: unknown) => e)
    expect(badStatus).toMatchObject({ status: 400 })
    h.sim.hangUp(callSid)
    const refused = await h.client.calls(callSid).recordings.create().then(() => null, (e: unknown) => e)
    expect(refused).toMatchObject({ status: 400, code: 21220 })
  })
})
