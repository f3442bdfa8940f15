import { newSid } from '../sid.ts'
import type { Participant } from './participant.ts'
import type { Recording } from '../recordings/recording.ts'

export type ConferenceStatus = 'init' | 'in-progress' | 'completed'

/** The documented values of the Conference resource's reason_conference_ended. */
export type EndReason =
  | 'conference-ended-via-api'
  | 'participant-with-end-conference-on-exit-left'
  | 'participant-with-end-conference-on-exit-kicked'
  | 'last-participant-kicked'
  | 'last-participant-left'

export type ConferenceEventGroup = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement'

export interface ConferenceCallbackConfig {
  url: string
  method: 'GET' | 'POST'
  events: ReadonlySet<ConferenceEventGroup>
}

/** What `record`/ConferenceRecord asked for; the recording itself starts with the conference (membership.ts). */
export interface ConferenceRecording {
  record: string
  trim: string | null
  statusCallback: string | null
  statusCallbackMethod: 'GET' | 'POST'
  statusCallbackEvent: string[]
}

/** Set by the participant that creates the conference; later participants' values are ignored, as Twilio does. */
export interface ConferenceSettings {
  callback: ConferenceCallbackConfig | undefined
  maxParticipants: number
}

/** Twilio's Conference resource: created on first join, `init` until it starts, `completed` for good. */
export class Conference {
  readonly sid = newSid('CF')
  readonly dateCreated = new Date()
  dateUpdated = new Date()
  status: ConferenceStatus = 'init'
  readonly participants: Participant[] = []
  reasonConferenceEnded: EndReason | null = null
  callSidEndingConference: string | null = null
  recording: ConferenceRecording | null = null
  /** The Recording resource of a recorded conference, from its start to its end. */
  recorded: Recording | null = null
  callbackSequence = 0
  callbackChain: Promise<void> = Promise.resolve()

  constructor(readonly accountSid: string, readonly friendlyName: string, readonly settings: ConferenceSettings) {}

  get isActive(): boolean {
    return this.status !== 'completed'
  }

  get connected(): Participant[] {
    return this.participants.filter((p) => p.joined)
  }

  get isFull(): boolean {
    return this.participants.length >= this.settings.maxParticipants
  }

  participant(callSidOrLabel: string): Participant | undefined {
    return this.participants.find((p) => p.callSid === callSidOrLabel) ?? this.participants.find((p) => p.label === callSidOrLabel)
  }

  touch(): void {
    this.dateUpdated = new Date()
  }
}
