import { beforeEach, describe, expect, it } from 'vitest'
import { Call } from '../../../src/simulator/calls/call.ts'
import type { ParticipantSettings } from '../../../src/simulator/conferences/participant.ts'
import { Participant } from '../../../src/simulator/conferences/participant.ts'
import { joinConference, leaveConference } from '../../../src/simulator/conferences/membership.ts'
import { setHold } from '../../../src/simulator/conferences/flags.ts'
import { SIMULATOR_DEFAULTS } from '../../../src/simulator/index.ts'
import { Simulator } from '../../../src/simulator/simulator.ts'

let sim: Simulator
beforeEach(() => {
  sim = new Simulator({ ...SIMULATOR_DEFAULTS, voiceUrl: () => 'http://127.0.0.1:1/voice' })
})

const settings: ParticipantSettings = { label: null, muted: false, beep: 'true', startConferenceOnEnter: true, endConferenceOnExit: false, coaching: false, callSidToCoach: null, waitMusic: 'default' }

/** A call already answered, joining `room` through TwiML. */
function joins(overrides: Partial<ParticipantSettings> = {}): Participant {
  const call = new Call({ accountSid: sim.options.accountSid, direction: 'inbound', from: '+15551230001', to: sim.options.phoneNumber, status: 'in-progress', endpoint: { kind: 'caller' } })
  const { conference } = sim.conferences.activeOrNew('room', () => ({ callback: undefined, maxParticipants: 250 }))
  const participant = new Participant(conference, call, 'twiml', { ...settings, ...overrides })
  joinConference(sim, participant)
  return participant
}

const conferenceEvents = () => sim.events.history.flatMap((e) => (e.type === 'conference' ? [`${e.event}${e.reason ? `:${e.reason}` : ''}`] : []))

describe('conference membership', () => {
  it('stays init with one participant; starts when a second joins and one of them has startConferenceOnEnter', () => {
    const first = joins({ startConferenceOnEnter: false })
    expect(first.conference.status).toBe('init')
    expect(first.hearing).toEqual({ kind: 'wait', music: 'default' })
    joins({ startConferenceOnEnter: false })
    expect(first.conference.status).toBe('init')
    joins()
    expect(first.conference.status).toBe('in-progress')
    expect(first.hearing).toBeNull()
    expect(conferenceEvents()).toEqual(['participant-join', 'participant-join', 'participant-join', 'conference-start'])
  })

  it('ends when the last participant leaves', () => {
    const first = joins()
    const second = joins()
    leaveConference(sim, first, { reason: 'participant_hung_up' })
    expect(second.conference.status).toBe('in-progress')
    leaveConference(sim, second, { reason: 'participant_updated_via_api', kicked: true })
    expect(second.conference).toMatchObject({ status: 'completed', reasonConferenceEnded: 'last-participant-kicked', callSidEndingConference: second.callSid })
  })

  it('ends when a participant with endConferenceOnExit leaves, removing everyone else first', () => {
    const moderator = joins({ endConferenceOnExit: true })
    const other = joins()
    leaveConference(sim, moderator, { reason: 'participant_hung_up' })
    expect(other.left).toBe('moderator_ended_conference')
    expect(moderator.conference.reasonConferenceEnded).toBe('participant-with-end-conference-on-exit-left')
    expect(conferenceEvents().slice(-3)).toEqual([
      'participant-leave:participant_hung_up', 'participant-leave:moderator_ended_conference', 'conference-end:participant-with-end-conference-on-exit-left',
    ])
  })

  it('plays hold music to a held participant, whatever the conference state', () => {
    const held = joins()
    setHold(sim, held, true, { url: 'http://127.0.0.1:1/hold', method: 'GET' })
    expect(held.hearing).toEqual({ kind: 'hold', music: { url: 'http://127.0.0.1:1/hold', method: 'GET' } })
    setHold(sim, held, false, 'default')
    expect(held.hearing).toEqual({ kind: 'wait', music: 'default' })
    expect(conferenceEvents()).toEqual(['participant-join', 'participant-hold', 'participant-unhold'])
  })
})
