import type { SimContext } from '../context.ts'
import { publishConferenceEvent } from './callbacks.ts'
import type { Music, Participant } from './participant.ts'

/** participant-mute / participant-unmute when the flag changes. Muting is a flag only: there is no audio. */
export function setMuted(sim: SimContext, participant: Participant, muted: boolean): void {
  if (participant.muted === muted) return
  participant.muted = muted
  participant.touch()
  participant.call.addLog('status', muted ? 'Muted in the conference' : 'Unmuted in the conference')
  if (participant.joined) publishConferenceEvent(sim, participant.conference, muted ? 'participant-mute' : 'participant-unmute', participant)
}

/** Hold takes the participant out of the conversation to its hold music; unhold brings it back. */
export function setHold(sim: SimContext, participant: Participant, hold: boolean, music: Music): void {
  if (hold) participant.holdMusic = music
  if (participant.hold === hold) return
  participant.hold = hold
  participant.wake()
  participant.call.addLog('status', hold ? 'On hold' : 'Back from hold')
  if (participant.joined) publishConferenceEvent(sim, participant.conference, hold ? 'participant-hold' : 'participant-unhold', participant)
}

export interface Modification {
  coaching?: boolean
  callSidToCoach?: string | null
  endConferenceOnExit?: boolean
  beepOnExit?: boolean
  waitMusic?: Music
}

const MODIFIABLE = ['coaching', 'callSidToCoach', 'endConferenceOnExit', 'beepOnExit', 'waitMusic'] as const

/**
 * participant-modify: "at least one of a participant's attributes has been modified: BeepOnExit,
 * EndConferenceOnExit, Coaching, WaitUrl" (https://www.twilio.com/docs/voice/twiml/conference).
 * Coaching is a flag only: nobody's audio changes.
 */
export function modifyParticipant(sim: SimContext, participant: Participant, changes: Modification): void {
  const changed = MODIFIABLE.filter((key) => changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(participant[key]))
  if (changed.length === 0) return
  for (const key of changed) Object.assign(participant, { [key]: changes[key] })
  if (changed.includes('waitMusic') && participant.hearing?.kind === 'wait') participant.wake()
  else participant.touch()
  if (participant.joined) publishConferenceEvent(sim, participant.conference, 'participant-modify', participant)
}
