import type { Conference } from '../conferences/conference.ts'
import type { Participant } from '../conferences/participant.ts'
import type { Simulator } from '../simulator.ts'
import { notFound, RestError } from './errors.ts'

const CONFERENCE_SID = /^CF[0-9a-f]{32}$/

export function isConferenceSid(value: string): boolean {
  return CONFERENCE_SID.test(value)
}

export function findConference(sim: Simulator, sid: string, path: string): Conference {
  const conference = isConferenceSid(sid) ? sim.conferences.bySid(sid) : undefined
  if (!conference) throw notFound(path)
  return conference
}

/** Participants exist only in a conference that has not ended; anything else is 20404. */
export function findActiveConference(sim: Simulator, sid: string, path: string): Conference {
  const conference = findConference(sim, sid, path)
  if (!conference.isActive) throw notFound(path)
  return conference
}

/** By CallSid or by label, as the Participant resource's path allows. */
export function findParticipant(conference: Conference, callSidOrLabel: string, path: string): Participant {
  const participant = conference.participant(callSidOrLabel)
  if (!participant) throw notFound(path)
  return participant
}

/** REST URLs are absolute (Twilio error 21205 otherwise); an empty one is kept (waitUrl='' means silence). */
export function absoluteUrl(name: string, value: string | undefined): string | undefined {
  if (!value) return value
  if (!/^https?:\/\/[^/]/i.test(value)) throw new RestError(400, 21205, `${name} is not a valid URL: ${value}`)
  return value
}

/**
 * Coaching "defaults to false unless call_sid_to_coach is defined. If true, call_sid_to_coach must be
 * defined" (Participant resource). Returns null when neither is given; Coaching=false clears the call to coach.
 */
export function coachChoice(coaching: boolean | undefined, callSidToCoach: string | undefined, current: string | null): { coaching: boolean; callSidToCoach: string | null } | null {
  if (coaching === undefined && callSidToCoach === undefined) return null
  if (coaching === false) return { coaching: false, callSidToCoach: null }
  const target = callSidToCoach ?? current
  if (!target) throw new RestError(400, 20001, 'CallSidToCoach is required when Coaching is true')
  return { coaching: true, callSidToCoach: target }
}

/** The call to coach must be connected to the same conference (16028). */
export function checkCoachTarget(participant: Participant, callSidToCoach: string | null): void {
  if (!callSidToCoach) return
  const present = participant.conference.connected.some((p) => p.callSid === callSidToCoach && p !== participant)
  if (!present) throw new RestError(400, 16028, 'Participant to be whispered is not present in the conference')
}
