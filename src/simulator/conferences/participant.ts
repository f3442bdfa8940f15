import type { Call } from '../calls/call.ts'
import type { Conference } from './conference.ts'

/** What a participant hears when nobody is talking to it: a TwiML document, Twilio's default music, or nothing. */
export type Music = { url: string; method: 'GET' | 'POST' } | 'default' | 'none'

export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed'

/** The documented ReasonParticipantLeft values (TwiML <Conference> status callback parameters). */
export type LeaveReason = 'participant_hung_up' | 'participant_updated_via_api' | 'conference_ended_via_api' | 'moderator_ended_conference' | 'participant_add_failed'

export interface ParticipantSettings {
  label: string | null
  muted: boolean
  beep: string
  startConferenceOnEnter: boolean
  endConferenceOnExit: boolean
  coaching: boolean
  callSidToCoach: string | null
  waitMusic: Music
}

/**
 * One call in a conference: its flags as the Participant resource shows them, and a change signal
 * that wakes whatever plays to it (wait music, hold music, silence) when what it should hear changes.
 */
export class Participant implements ParticipantSettings {
  readonly dateCreated = new Date()
  dateUpdated = new Date()
  label: string | null
  muted: boolean
  beep: string
  beepOnExit: boolean
  startConferenceOnEnter: boolean
  endConferenceOnExit: boolean
  coaching: boolean
  callSidToCoach: string | null
  waitMusic: Music
  hold = false
  holdMusic: Music = 'default'
  joined = false
  left: LeaveReason | null = null
  #change = new AbortController()

  /** `rest`: created through the Participants API (its call has no TwiML after the conference). */
  constructor(readonly conference: Conference, readonly call: Call, readonly origin: 'twiml' | 'rest', settings: ParticipantSettings) {
    this.label = settings.label
    this.muted = settings.muted
    this.beep = settings.beep
    this.beepOnExit = settings.beep === 'true' || settings.beep === 'onExit'
    this.startConferenceOnEnter = settings.startConferenceOnEnter
    this.endConferenceOnExit = settings.endConferenceOnExit
    this.coaching = settings.coaching
    this.callSidToCoach = settings.callSidToCoach
    this.waitMusic = settings.waitMusic
  }

  get callSid(): string {
    return this.call.sid
  }

  /** The Participant resource's status: the call's progress until it joins, then connected. */
  get status(): ParticipantStatus {
    if (this.left) return this.joined ? 'complete' : 'failed'
    if (this.joined) return 'connected'
    if (this.call.status === 'ringing') return 'ringing'
    return this.call.status === 'queued' ? 'queued' : 'connecting'
  }

  /** What this participant hears now; null while it talks in a started conference. */
  get hearing(): { kind: 'wait' | 'hold'; music: Music } | null {
    if (!this.joined || this.left) return null
    if (this.hold) return { kind: 'hold', music: this.holdMusic }
    return this.conference.status === 'init' ? { kind: 'wait', music: this.waitMusic } : null
  }

  /** Aborted at the next change of what the participant hears (hold, start, leave). */
  get changeSignal(): AbortSignal {
    return this.#change.signal
  }

  touch(): void {
    this.dateUpdated = new Date()
  }

  /** What the participant should hear may have changed: whoever plays to it starts over. */
  wake(): void {
    this.touch()
    this.#change.abort()
    this.#change = new AbortController()
  }
}

/** No URL: Twilio's default music; an empty URL: nothing (as waitUrl='' is documented). */
export function musicAt(url: string | undefined, method: 'GET' | 'POST'): Music {
  if (url === undefined) return 'default'
  return url ? { url, method } : 'none'
}
