import type { Conference, ConferenceRecording, ConferenceSettings } from './conference.ts'
import type { ParticipantSettings } from './participant.ts'

/** Everything a new participant brings: its own flags, and the conference's settings if it creates it. */
export interface JoinRequest {
  participant: ParticipantSettings
  conference: ConferenceSettings
  recording: ConferenceRecording | null
}

export type Refusal = 'invalid-label' | 'duplicate-label' | 'full' | 'no-coach-target'

const CALL_SID = /^CA[0-9a-f]{32}$/

/**
 * Why Twilio would not add this participant, if it would not: a label longer than 128 characters,
 * shaped like a CallSid or holding '/' (16023/16024), a label in use (16025/16026), a full conference
 * (16020), or a call to coach that is not connected to it (13240/16028).
 */
export function refusalFor(conference: Conference | undefined, request: JoinRequest): Refusal | null {
  const { label, callSidToCoach } = request.participant
  if (label !== null && (label.length > 128 || CALL_SID.test(label) || label.includes('/'))) return 'invalid-label'
  if (label !== null && conference?.participants.some((p) => p.label === label)) return 'duplicate-label'
  if (conference?.isFull) return 'full'
  if (callSidToCoach && !conference?.connected.some((p) => p.callSid === callSidToCoach)) return 'no-coach-target'
  return null
}

/** Recording is requested by the first participant that asks for it; kept for the recording engine. */
export function keepRecording(conference: Conference, request: JoinRequest): void {
  if (!conference.recording && request.recording) conference.recording = request.recording
}
