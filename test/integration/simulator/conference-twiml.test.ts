import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('wait', twiml('<Play>http://example.test/wait.mp3</Play><Redirect/>'))
})
afterEach(() => h.close())

const joinRoom = (attributes = '') =>
  twiml(`<Dial action="/hooks/dial-action"><Conference waitUrl="/hooks/wait" statusCallback="/hooks/events" statusCallbackEvent="start end join leave" ${attributes}>room-1</Conference></Dial>`)

const conferenceEvent = (event: string, callSid?: string) => (e: SimEvent) =>
  e.type === 'conference' && e.event === event && (callSid === undefined || e.callSid === callSid)

describe('<Dial><Conference>', () => {
  it('creates the conference on first join; a caller alone hears the wait document, looped by its <Redirect>', async () => {
    h.on('voice', joinRoom())
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.waitForRequest('wait', (r) => r.params.CallSid === sid && h.requestsTo('wait').length >= 2)
    expect(h.requestsTo('wait')[0]?.method).toBe('POST')
    const [conference] = await h.client.conferences.list({ friendlyName: 'room-1' })
    expect(conference).toMatchObject({ friendlyName: 'room-1', status: 'init' })
    expect(conference?.sid).toMatch(/^CF[0-9a-f]{32}$/)
    const join = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-join')
    expect(join.params).toMatchObject({ ConferenceSid: conference?.sid, FriendlyName: 'room-1', CallSid: sid, SequenceNumber: '1' })
    expect(h.sim.conferences.byName('room-1')?.participants.map((p) => p.callSid)).toEqual([sid])
  })

  it('the caller hanging up sends participant-leave, then conference-end; the Dial action gets answered', async () => {
    h.on('voice', joinRoom())
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor(conferenceEvent('participant-join', sid))
    h.sim.hangUp(sid)
    const end = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'conference-end')
    const events = h.requestsTo('events').map((r) => r.params.StatusCallbackEvent)
    expect(events).toEqual(['participant-join', 'participant-leave', 'conference-end'])
    const leave = h.requestsTo('events')[1]?.params
    expect(leave).toMatchObject({ CallSid: sid, ReasonParticipantLeft: 'participant_hung_up', ParticipantCallStatus: 'completed', SequenceNumber: '2' })
    expect(end.params).toMatchObject({ ReasonConferenceEnded: 'last-participant-left', CallSidEndingConference: sid, SequenceNumber: '3' })
    expect((await h.waitForRequest('dial-action')).params).toMatchObject({ DialCallStatus: 'answered', CallStatus: 'completed' })
    expect(h.sim.conferences.byName('room-1')?.status).toBe('completed')
  })

  it('a REST redirect of the call takes it out of the conference and runs the new TwiML', async () => {
    h.on('voice', joinRoom())
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor(conferenceEvent('participant-join', sid))
    await h.client.calls(sid).update({ twiml: twiml('<Say>Out of the room</Say>') })
    const leave = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-leave')
    expect(leave.params.ReasonParticipantLeft).toBe('participant_updated_via_api')
    expect((await h.waitForRequest('dial-action')).params.DialCallStatus).toBe('answered')
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.text === 'Out of the room')
  })

  it('refuses a second participant with the same label (16025); its call goes on after the <Dial>', async () => {
    h.on('voice', twiml('<Dial><Conference participantLabel="customer" waitUrl="">room-2</Conference></Dial><Say>Not joined</Say>'))
    const first = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor(conferenceEvent('participant-join', first.sid))
    const second = await h.sim.placeInboundCall({ from: '+15551230002' })
    await h.sim.waitFor((e) => e.type === 'error' && e.callSid === second.sid && e.code === 16025)
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === second.sid && e.text === 'Not joined')
    expect(h.sim.conferences.byName('room-2')?.participants).toHaveLength(1)
  })

  it('a waitUrl that fails takes the caller out: participant-leave (participant_add_failed), action failed', async () => {
    h.on('voice', joinRoom())
    h.on('wait', { status: 500 })
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor((e) => e.type === 'error' && e.callSid === sid && e.code === 11200)
    expect((await h.waitForRequest('dial-action')).params).toMatchObject({ DialCallStatus: 'failed', CallStatus: 'in-progress' })
    const leave = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-leave')
    expect(leave.params).toMatchObject({ CallSid: sid, ReasonParticipantLeft: 'participant_add_failed' })
  })
})
