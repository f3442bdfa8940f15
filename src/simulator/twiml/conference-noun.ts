import type { ConferenceRecording } from '../conferences/conference.ts'
import type { JoinRequest } from '../conferences/admission.ts'
import { conferenceCallbackConfig } from '../conferences/callbacks.ts'
import { musicAt } from '../conferences/participant.ts'
import { httpMethod, resolveUrl } from './source.ts'

const MAX_PARTICIPANTS = 250

/**
 * The attributes of <Dial><Conference> (https://www.twilio.com/docs/voice/twiml/conference#attributes),
 * with Twilio's defaults. Values that are not `true`/`false` fall back to the default.
 */
export function conferenceNounRequest(attrs: Record<string, string>, baseUrl: string): JoinRequest {
  const url = (value: string | undefined): string | undefined => (value ? resolveUrl(value, baseUrl) : undefined)
  return {
    participant: {
      label: attrs.participantLabel ?? null,
      muted: flag(attrs.muted, false),
      beep: attrs.beep ?? 'true',
      startConferenceOnEnter: flag(attrs.startConferenceOnEnter, true),
      endConferenceOnExit: flag(attrs.endConferenceOnExit, false),
      coaching: Boolean(attrs.coach),
      callSidToCoach: attrs.coach || null,
      waitMusic: musicAt(attrs.waitUrl === undefined ? undefined : (url(attrs.waitUrl) ?? ''), httpMethod(attrs.waitMethod)),
    },
    conference: {
      callback: conferenceCallbackConfig(url(attrs.statusCallback), attrs.statusCallbackMethod, [attrs.statusCallbackEvent ?? '']),
      maxParticipants: maxParticipants(attrs.maxParticipants),
    },
    recording: recording(attrs, url(attrs.recordingStatusCallback)),
  }
}

function recording(attrs: Record<string, string>, statusCallback: string | undefined): ConferenceRecording | null {
  if (attrs.record !== 'record-from-start') return null
  return {
    record: attrs.record,
    trim: attrs.trim ?? null,
    statusCallback: statusCallback ?? null,
    statusCallbackMethod: httpMethod(attrs.recordingStatusCallbackMethod),
    statusCallbackEvent: (attrs.recordingStatusCallbackEvent ?? 'completed').split(/\s+/).filter(Boolean),
  }
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === 'true') return true
  return value === 'false' ? false : fallback
}

function maxParticipants(value: string | undefined): number {
  const n = Number(value ?? MAX_PARTICIPANTS)
  return Number.isInteger(n) && n >= 2 && n <= MAX_PARTICIPANTS ? n : MAX_PARTICIPANTS
}
