import { newSid } from '../sid.ts'
import type { Transcription } from './transcription.ts'

/** As twilio-node 6 types them (RecordingStatus, RecordingSource): https://www.twilio.com/docs/voice/api/recording */
export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent'
export type RecordingSource =
  | 'RecordVerb' | 'DialVerb' | 'Conference' | 'OutboundAPI' | 'Trunking' | 'StartCallRecordingAPI' | 'StartConferenceRecordingAPI'

export type RecordingEvent = 'in-progress' | 'completed' | 'absent'

export interface RecordingCallback {
  url: string
  method: 'GET' | 'POST'
  events: ReadonlySet<RecordingEvent>
}

export interface RecordingInit {
  accountSid: string
  callSid: string | null
  conferenceSid?: string | null
  source: RecordingSource
  channels?: 1 | 2
  /** Which audio a call recording holds: `inbound`, `outbound` or `both` (the default). */
  track?: string
  callback?: RecordingCallback
}

/** Twilio error 16102: "Voice Recording: Unavailable because recording is silent" (sent with `absent`). */
export const SILENT_RECORDING_ERROR = 16102

/** One Recording resource; its status changes only through the RecordingRegistry. */
export class Recording {
  readonly sid = newSid('RE')
  readonly dateCreated = new Date()
  readonly startTime = new Date()
  readonly accountSid: string
  readonly callSid: string | null
  readonly conferenceSid: string | null
  readonly source: RecordingSource
  readonly channels: 1 | 2
  readonly track: string
  readonly callback: RecordingCallback | undefined
  status: RecordingStatus = 'in-progress'
  dateUpdated = new Date()
  /** Whole seconds, known once the recording is completed or absent. */
  duration: number | null = null
  errorCode: number | null = null
  /** Real milliseconds spent in-progress before the current stretch (pauses excluded). */
  recordedMs = 0
  /** When the current in-progress stretch began (null while paused or finished). */
  resumedAt: number | null = Date.now()
  callbackChain: Promise<void> = Promise.resolve()
  readonly transcriptions: Transcription[] = []

  constructor(init: RecordingInit) {
    this.accountSid = init.accountSid
    this.callSid = init.callSid
    this.conferenceSid = init.conferenceSid ?? null
    this.source = init.source
    this.channels = init.channels ?? 1
    this.track = init.track ?? 'both'
    this.callback = init.callback
  }

  get isActive(): boolean {
    return this.status === 'in-progress' || this.status === 'paused'
  }

  /** Real milliseconds recorded so far, pauses excluded. */
  elapsedMs(now = Date.now()): number {
    return this.recordedMs + (this.resumedAt === null ? 0 : now - this.resumedAt)
  }
}

const EVENTS: ReadonlySet<string> = new Set(['in-progress', 'completed', 'absent'])

/** recordingStatusCallbackEvent is space- (TwiML) or comma-separated / repeated (REST); default `completed`. */
export function recordingCallback(url: string | undefined, method: string | undefined, events: readonly string[]): RecordingCallback | undefined {
  if (!url) return undefined
  const chosen = events.flatMap((e) => e.split(/[\s,]+/)).filter((e): e is RecordingEvent => EVENTS.has(e))
  return { url, method: method?.toUpperCase() === 'GET' ? 'GET' : 'POST', events: new Set(chosen.length ? chosen : ['completed']) }
}
