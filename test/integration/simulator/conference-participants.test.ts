import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimEvent } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  h.on('voice', twiml('<Dial><Conference waitUrl="" statusCallback="/hooks/events" statusCallbackEvent="start end join leave mute hold modify announcement">room-1</Conference></Dial>'))
  h.on('hold-music', twiml('<Play>http://example.test/hold.mp3</Play>'))
  h.on('announce', twiml('<Say>This call may be recorded</Say>'))
})
afterEach(() => h.close())

const joined = (callSid: string) => (e: SimEvent) => e.type === 'conference' && e.event === 'participant-join' && e.callSid === callSid
const callbacks = (event: string) => h.requestsTo('events').filter((r) => r.params.StatusCallbackEvent === event).map((r) => r.params)

/** A caller waits in room-1; the app adds alice's Device as the participant labelled "agent", and she answers. */
async function callerAndAgent() {
  const alice = await h.device('alice')
  const caller = await h.sim.placeInboundCall({ from: '+15551230001' })
  await h.sim.waitFor(joined(caller.sid))
  const created = await h.client.conferences('room-1').participants.create({
    from: credentials.phoneNumber, to: 'client:alice?ticket=T-7', label: 'agent',
    statusCallback: `${h.base}/hooks/agent-status`, statusCallbackEvent: ['ringing', 'answered'],
  })
  const incoming = await alice.nextIncoming()
  incoming.accept()
  await h.sim.waitFor(joined(created.callSid))
  return { caller: caller.sid, agent: created, incoming }
}

describe('Participants API', () => {
  it('rings client:alice like <Dial><Client>; answering joins her and starts the conference', async () => {
    const { caller, agent, incoming } = await callerAndAgent()
    expect(agent).toMatchObject({ status: 'queued', label: 'agent', muted: false, hold: false, queueTime: '0' })
    expect(incoming.sid).toBe(agent.callSid)
    expect(incoming.customParameters.get('ticket')).toBe('T-7')
    const start = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'conference-start')
    expect(callbacks('participant-join')[1]).toMatchObject({
      CallSid: agent.callSid, ParticipantLabel: 'agent', Muted: 'false', Hold: 'false', Coaching: 'false',
      EndConferenceOnExit: 'false', StartConferenceOnEnter: 'true', AccountSid: credentials.accountSid, SequenceNumber: '2',
    })
    expect(start.params.SequenceNumber).toBe('3')
    expect(await h.client.conferences(agent.conferenceSid).fetch()).toMatchObject({ status: 'in-progress', friendlyName: 'room-1' })
    expect(await h.client.conferences(agent.conferenceSid).participants('agent').fetch()).toMatchObject({ callSid: agent.callSid, status: 'connected' })
    const listed = await h.client.conferences(agent.conferenceSid).participants.list()
    expect(listed.map((p) => p.callSid).sort()).toEqual([caller, agent.callSid].sort())
    const progress = await h.waitForRequest('agent-status', (r) => r.params.CallStatus === 'in-progress')
    expect(h.requestsTo('agent-status').map((r) => r.params.CallStatus)).toEqual(['ringing', 'in-progress'])
    expect(progress.params.Direction).toBe('outbound-api')
  })

  it('holds with HoldUrl (fetched with GET, participant-hold) and unholds (participant-unhold)', async () => {
    const { caller, agent } = await callerAndAgent()
    const held = await h.client.conferences(agent.conferenceSid).participants(caller).update({ hold: true, holdUrl: `${h.base}/hooks/hold-music` })
    expect(held.hold).toBe(true)
    const fetched = await h.waitForRequest('hold-music', (r) => r.params.CallSid === caller)
    expect(fetched.method).toBe('GET')
    expect(h.sim.conferences.byName('room-1')?.participant(caller)?.hearing?.kind).toBe('hold')
    await h.client.conferences(agent.conferenceSid).participants(caller).update({ hold: false })
    await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-unhold')
    expect(callbacks('participant-hold')[0]).toMatchObject({ CallSid: caller, Hold: 'true' })
    expect(callbacks('participant-unhold')[0]).toMatchObject({ CallSid: caller, Hold: 'false' })
    expect(h.sim.conferences.byName('room-1')?.participant(caller)?.hearing).toBeNull()
  })

  it('mutes and unmutes, and lists participants by Muted', async () => {
    const { agent } = await callerAndAgent()
    await h.client.conferences(agent.conferenceSid).participants('agent').update({ muted: true })
    await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-mute')
    expect(callbacks('participant-mute')[0]).toMatchObject({ CallSid: agent.callSid, Muted: 'true' })
    const muted = await h.client.conferences(agent.conferenceSid).participants.list({ muted: true })
    expect(muted.map((p) => p.callSid)).toEqual([agent.callSid])
    await h.client.conferences(agent.conferenceSid).participants('agent').update({ muted: false })
    await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-unmute')
  })

  it('adds a coach for a connected call, and turns coaching off (participant-modify)', async () => {
    const { agent } = await callerAndAgent()
    const sam = await h.device('sam')
    const conference = h.client.conferences(agent.conferenceSid)
    const coach = await conference.participants.create({ from: credentials.phoneNumber, to: 'client:sam', label: 'supervisor', callSidToCoach: agent.callSid, muted: true })
    expect(coach).toMatchObject({ coaching: true, callSidToCoach: agent.callSid, muted: true })
    ;(await sam.nextIncoming()).accept()
    const coachJoined = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-join' && r.params.CallSid === coach.callSid)
    expect(coachJoined.params).toMatchObject({ Coaching: 'true', Muted: 'true', ParticipantLabel: 'supervisor' })
    await expect(conference.participants.create({ from: credentials.phoneNumber, to: 'client:sam', coaching: true })).rejects.toMatchObject({ status: 400 })
    await expect(conference.participants('agent').update({ coaching: true, callSidToCoach: 'CA' + '0'.repeat(32) })).rejects.toMatchObject({ status: 400, code: 16028 })
    const barged = await conference.participants('supervisor').update({ coaching: false })
    expect(barged).toMatchObject({ coaching: false, callSidToCoach: null })
    const modify = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-modify')
    expect(modify.params).toMatchObject({ CallSid: coach.callSid, Coaching: 'false', ParticipantLabel: 'supervisor' })
    expect(h.sim.conferences.byName('room-1')?.participant('supervisor')).toMatchObject({ coaching: false, callSidToCoach: null, muted: true })
  })

  it('DELETE kicks: the REST-created participant’s call ends and the caller stays', async () => {
    const { caller, agent, incoming } = await callerAndAgent()
    const disconnected = incoming.waitFor('disconnect')
    await h.client.conferences(agent.conferenceSid).participants('agent').remove()
    await disconnected
    const leave = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'participant-leave')
    expect(leave.params).toMatchObject({ CallSid: agent.callSid, ReasonParticipantLeft: 'participant_updated_via_api' })
    expect(h.sim.getCall(agent.callSid)?.status).toBe('completed')
    expect(h.sim.conferences.byName('room-1')).toMatchObject({ status: 'in-progress' })
    expect(h.sim.conferences.byName('room-1')?.participants.map((p) => p.callSid)).toEqual([caller])
  })

  it('announces to one participant (its call fetches AnnounceUrl) and to the whole conference', async () => {
    const { caller, agent } = await callerAndAgent()
    const conference = h.client.conferences(agent.conferenceSid)
    await conference.participants(caller).update({ announceUrl: `${h.base}/hooks/announce` })
    const toCaller = await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'announcement-end')
    expect(toCaller.params).toMatchObject({ CallSid: caller, AnnounceUrl: `${h.base}/hooks/announce` })
    expect(h.requestsTo('announce')[0]?.params).toMatchObject({ CallSid: caller, CallStatus: 'in-progress' })
    await conference.update({ announceUrl: `${h.base}/hooks/announce` })
    await h.waitForRequest('events', (r) => r.params.StatusCallbackEvent === 'announcement-end' && r.params.CallSid === undefined)
    expect(h.requestsTo('announce')[1]?.params).toEqual({ AccountSid: credentials.accountSid, ConferenceSid: agent.conferenceSid, FriendlyName: 'room-1' })
    await h.sim.waitFor((e) => e.type === 'verb' && e.callSid === agent.callSid && e.text === 'This call may be recorded')
  })
})
