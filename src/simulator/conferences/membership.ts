import { endCall } from '../calls/lifecycle.ts'
import type { SimContext } from '../context.ts'
import { publishConferenceEvent } from './callbacks.ts'
import type { Conference, EndReason } from './conference.ts'
import type { LeaveReason, Participant } from './participant.ts'
import { recordingCallback } from '../recordings/recording.ts'

export interface Departure {
  reason: LeaveReason
  /** Removed through the Participants API (DELETE): the conference-end reason says "kicked". */
  kicked?: boolean
}

/** Adds a participant that is not yet on the line (a REST participant's call still ringing). */
export function addParticipant(conference: Conference, participant: Participant): void {
  conference.participants.push(participant)
  conference.touch()
}

/** The participant's call is connected to the conference: participant-join, and maybe conference-start. */
export function joinConference(sim: SimContext, participant: Participant): void {
  const conference = participant.conference
  if (!conference.participants.includes(participant)) addParticipant(conference, participant)
  participant.joined = true
  participant.wake()
  conference.touch()
  participant.call.addLog('connected', `Joined conference "${conference.friendlyName}"`)
  publishConferenceEvent(sim, conference, 'participant-join', participant)
  startIfReady(sim, conference)
}

/**
 * "At least two participants in the conference, and at least one of them has startConferenceOnEnter"
 * (https://www.twilio.com/docs/voice/twiml/conference, statusCallbackEvent `start`).
 */
function startIfReady(sim: SimContext, conference: Conference): void {
  const connected = conference.connected
  if (conference.status !== 'init' || connected.length < 2 || !connected.some((p) => p.startConferenceOnEnter)) return
  conference.status = 'in-progress'
  conference.touch()
  publishConferenceEvent(sim, conference, 'conference-start')
  startRecording(sim, conference)
  for (const p of connected) {
    p.wake()
    p.call.addLog('connected', `Conference "${conference.friendlyName}" started`)
  }
}

/** The participant is out (hung up, redirected, kicked, never answered, or the conference ended). */
export function leaveConference(sim: SimContext, participant: Participant, departure: Departure): void {
  if (participant.left) return
  const conference = participant.conference
  participant.left = departure.reason
  const at = conference.participants.indexOf(participant)
  if (at >= 0) conference.participants.splice(at, 1)
  conference.touch()
  participant.wake()
  if (!participant.joined && participant.origin === 'rest') endCall(sim, participant.call, 'removed from the conference')
  if (participant.joined) participant.call.addLog('status', `Left conference "${conference.friendlyName}"`)
  const extra = { ParticipantCallStatus: participantCallStatus(participant), ReasonParticipantLeft: departure.reason }
  publishConferenceEvent(sim, conference, 'participant-leave', participant, extra)
  if (conference.isActive) endIfOver(sim, conference, participant, departure)
}

function endIfOver(sim: SimContext, conference: Conference, leaver: Participant, departure: Departure): void {
  if (leaver.joined && leaver.endConferenceOnExit) {
    endConference(sim, conference, departure.kicked ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left', leaver)
  } else if (conference.participants.length === 0) {
    endConference(sim, conference, departure.kicked ? 'last-participant-kicked' : 'last-participant-left', leaver)
  }
}

const REASON_TEXT: Record<EndReason, string> = {
  'conference-ended-via-api': 'Conference ended via API',
  'participant-with-end-conference-on-exit-left': 'Participant with endConferenceOnExit left the conference',
  'participant-with-end-conference-on-exit-kicked': 'Participant with endConferenceOnExit was removed from the conference',
  'last-participant-kicked': 'Last participant was removed from the conference',
  'last-participant-left': 'Last participant left the conference',
}

/** Everyone still in it leaves (their <Dial> completes), then conference-end. */
export function endConference(sim: SimContext, conference: Conference, reason: EndReason, by?: Participant): void {
  if (!conference.isActive) return
  conference.status = 'completed'
  conference.reasonConferenceEnded = reason
  conference.callSidEndingConference = by?.callSid ?? null
  conference.touch()
  const others: LeaveReason = reason === 'conference-ended-via-api' ? 'conference_ended_via_api' : 'moderator_ended_conference'
  for (const participant of [...conference.participants]) leaveConference(sim, participant, { reason: others })
  const extra: Record<string, string> = { ReasonConferenceEnded: reason, Reason: REASON_TEXT[reason] }
  if (by) extra.CallSidEndingConference = by.callSid
  if (by?.label) extra.ParticipantLabelEndingConference = by.label
  publishConferenceEvent(sim, conference, 'conference-end', undefined, extra)
  if (conference.recorded) sim.recordings.stop(conference.recorded)
}

/**
 * `record="record-from-start"` (TwiML) or ConferenceRecord (REST): one recording of the whole conference,
 * from its start to its end, source `Conference`, with the recording status callback the request named
 * (https://www.twilio.com/docs/voice/twiml/conference#record).
 */
function startRecording(sim: SimContext, conference: Conference): void {
  const wanted = conference.recording
  if (!wanted || conference.recorded) return
  conference.recorded = sim.recordings.start({
    callSid: null,
    conferenceSid: conference.sid,
    source: 'Conference',
    callback: recordingCallback(wanted.statusCallback ?? undefined, wanted.statusCallbackMethod, wanted.statusCallbackEvent),
  })
}

/** ParticipantCallStatus is one of no-answer, busy, in-progress, failed, canceled, completed. */
function participantCallStatus(participant: Participant): string {
  const call = participant.call
  if (call.isLive) return call.answered ? 'in-progress' : 'canceled'
  return call.status
}
