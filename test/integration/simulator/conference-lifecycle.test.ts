import twilio from 'twilio'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

const room = (attributes: string) =>
  twiml(`<Dial action="/hooks/dial-action"><Conference waitUrl="" statusCallback="/hooks/events" statusCallbackEvent="start end join leave" ${attributes}>room-1</Conference></Dial>`)
const joined = (callSid: string) => (e: SimEvent) => e.type === 'conference' && e.event === 'participant-join' && e.callSid === callSid
const ended = (e: SimEvent) => e.type === 'conference' && e.event === 'conference-end'

/** The caller in room-1, and a simulated phone number (answers) added as a participant. */
async function callerAndNumber(callerAttributes = '') {
  h.on('voice', room(callerAttributes))
  const caller = await h.sim.placeInboundCall({ from: '+15551230001' })
  await h.sim.waitFor(joined(caller.sid))
  const number = await h.client.conferences('room-1').participants.create({ from: credentials.phoneNumber, to: '+15551239001' })
  await h.sim.waitFor(joined(number.callSid))
  return { caller: caller.sid, number }
}

describe('conference lifecycle', () => {
  it('endConferenceOnExit: the caller hanging up ends the conference and the other participant’s call', async () => {
    const { caller, number } = await callerAndNumber('endConferenceOnExit="true"')
    h.sim.hangUp(caller)
    const end = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'conference-end')
    expect(end.params).toMatchObject({ ReasonConferenceEnded: 'participant-with-end-conference-on-exit-left', CallSidEndingConference: caller })
    const leaves = h.requestsTo('events').filter((r) => r.params.StatusCallbackEvent === 'participant-leave').map((r) => [r.params.CallSid, r.params.ReasonParticipantLeft])
    expect(leaves).toEqual([[caller, 'participant_hung_up'], [number.callSid, 'moderator_ended_conference']])
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === number.callSid && e.status === 'completed')
    expect(await h.client.conferences(number.conferenceSid).fetch()).toMatchObject({ status: 'completed', reasonConferenceEnded: 'participant-with-end-conference-on-exit-left', callSidEndingConference: caller })
  })

  it('Status=completed ends it: the TwiML caller goes on after its <Dial>, the REST participant hangs up', async () => {
    const { caller, number } = await callerAndNumber()
    h.on('dial-action', twiml('<Say>The meeting is over</Say>'))
    await h.client.conferences(number.conferenceSid).update({ status: 'completed' })
    expect((await h.waitForRequest('dial-action')).params).toMatchObject({ CallSid: caller, DialCallStatus: 'answered', CallStatus: 'in-progress' })
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === caller && e.text === 'The meeting is over')
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === number.callSid && e.status === 'completed')
    const end = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'conference-end')
    expect(end.params.ReasonConferenceEnded).toBe('conference-ended-via-api')
    expect(await h.client.conferences(number.conferenceSid).participants.list()).toEqual([])
  })

  it('a participant whose number is busy leaves with participant_add_failed; the conference goes on', async () => {
    h.on('voice', room(''))
    const caller = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor(joined(caller.sid))
    const busy = await h.client.conferences('room-1').participants.create({ from: credentials.phoneNumber, to: '+15551230002' })
    const leave = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-leave')
    expect(leave.params).toMatchObject({ CallSid: busy.callSid, ParticipantCallStatus: 'busy', ReasonParticipantLeft: 'participant_add_failed' })
    expect(h.sim.conferences.byName('room-1')).toMatchObject({ status: 'init' })
    expect(h.sim.conferences.byName('room-1')?.participants.map((p) => p.callSid)).toEqual([caller.sid])
  })

  it('answers 404 (20404) for an unknown conference or participant, and 400 for a bad label', async () => {
    const { number } = await callerAndNumber()
    const unknown = 'CF' + '0'.repeat(32)
    await expect(h.client.conferences(unknown).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(h.client.conferences(unknown).participants.create({ from: credentials.phoneNumber, to: 'client:alice' })).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(h.client.conferences(number.conferenceSid).participants('CA' + '0'.repeat(32)).fetch()).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(h.client.conferences(number.conferenceSid).participants('nobody').update({ muted: true })).rejects.toMatchObject({ status: 404, code: 20404 })
    await expect(h.client.conferences(number.conferenceSid).participants.create({ from: credentials.phoneNumber, to: '+15551239002', label: 'a/b' })).rejects.toMatchObject({ status: 400, code: 16024 })
    await expect(h.client.conferences(number.conferenceSid).update({ status: 'in-progress' as 'completed' })).rejects.toMatchObject({ status: 400 })
    expect(h.sim.conferences.byName('room-1')?.participants).toHaveLength(2)
  })

  it('signs every conference status callback so twilio.validateRequest accepts it', async () => {
    const { caller, number } = await callerAndNumber()
    h.sim.hangUp(caller)
    await h.client.calls(number.callSid).update({ status: 'completed' })
    await h.sim.waitFor(ended)
    await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'conference-end')
    const requests = h.requestsTo('events')
    expect(requests.map((r) => r.params.StatusCallbackEvent)).toEqual(['participant-join', 'participant-join', 'conference-start', 'participant-leave', 'participant-leave', 'conference-end'])
    expect(requests.map((r) => r.params.SequenceNumber)).toEqual(['1', '2', '3', '4', '5', '6'])
    for (const r of requests) expect(twilio.validateRequest(credentials.authToken, r.signature, r.url, r.params)).toBe(true)
    const forged = requests[0]
    expect(forged && twilio.validateRequest(credentials.authToken, forged.signature, forged.url, { ...forged.params, CallSid: 'CAforged' })).toBe(false)
  })

  it('creates a conference by FriendlyName with spaces, and finds a participant by a label with spaces', async () => {
    const added = await h.client.conferences('Support Room 7').participants.create({ from: credentials.phoneNumber, to: '+15551239001', label: 'Agent Alice' })
    expect(added.status).toBe('queued')
    expect(await h.client.conferences(added.conferenceSid).fetch()).toMatchObject({ friendlyName: 'Support Room 7', status: 'init' })
    await h.sim.waitFor(joined(added.callSid))
    expect(await h.client.conferences(added.conferenceSid).participants('Agent Alice').fetch()).toMatchObject({ callSid: added.callSid, status: 'connected' })
  })
})
