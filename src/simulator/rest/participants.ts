import { z } from 'zod'
import { statusCallbackConfig } from '../calls/status-callbacks.ts'
import type { JoinRequest, Refusal } from '../conferences/admission.ts'
import { refusalFor } from '../conferences/admission.ts'
import { conferenceCallbackConfig } from '../conferences/callbacks.ts'
import type { Conference, ConferenceRecording } from '../conferences/conference.ts'
import { dialParticipant } from './dial-participant.ts'
import { participantJson } from '../conferences/json.ts'
import { musicAt } from '../conferences/participant.ts'
import type { Simulator } from '../simulator.ts'
import { httpMethod } from '../twiml/source.ts'
import { RestError } from './errors.ts'
import { formBool, formList, formString } from './form.ts'
import { absoluteUrl, coachChoice, findActiveConference, isConferenceSid } from './participant-rules.ts'

const createSchema = z.object({
  To: formString, From: formString, Label: formString, Muted: formBool, Beep: formString, EarlyMedia: formBool,
  StartConferenceOnEnter: formBool, EndConferenceOnExit: formBool, WaitUrl: formString, WaitMethod: formString,
  MaxParticipants: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.coerce.number().int().min(2).max(250)).optional(),
  Coaching: formBool, CallSidToCoach: formString, Timeout: formString,
  StatusCallback: formString, StatusCallbackMethod: formString, StatusCallbackEvent: formList,
  ConferenceStatusCallback: formString, ConferenceStatusCallbackMethod: formString, ConferenceStatusCallbackEvent: formList,
  ConferenceRecord: formString, ConferenceTrim: formString, ConferenceRecordingStatusCallback: formString,
  ConferenceRecordingStatusCallbackMethod: formString, ConferenceRecordingStatusCallbackEvent: formList,
})

type CreateParams = z.infer<typeof createSchema>

/** The Participants API's codes for a participant it will not add (16024, 16026, 16020, 16028). */
const REFUSALS: Record<Refusal, [number, string]> = {
  'invalid-label': [16024, 'Invalid participant label, must not exceed 128 characters, must not be a CallSid, must not contain \'/\''],
  'duplicate-label': [16026, 'Participant label is in use by another participant'],
  full: [16020, 'Conference is full'],
  'no-coach-target': [16028, 'Participant to be whispered is not present in the conference'],
}

/**
 * POST …/Conferences/{CF|FriendlyName}/Participants.json: "If an active conference does not exist with
 * your FriendlyName, we create a new conference … If a conference specified by ConferenceSid is not
 * active, the request fails" (https://www.twilio.com/docs/voice/api/conference-participant-resource).
 */
export function createParticipant(sim: Simulator, ref: string, body: unknown, path: string): Record<string, unknown> {
  const p = createSchema.parse(body ?? {})
  if (!p.To) throw new RestError(400, 21201, "No 'To' number is specified")
  if (!p.From) throw new RestError(400, 21603, "A 'From' phone number is required.")
  const join = joinRequest(p)
  const existing = isConferenceSid(ref) ? findActiveConference(sim, ref, path) : sim.conferences.active(ref)
  const refusal = refusalFor(existing, join)
  if (refusal) throw new RestError(400, ...REFUSALS[refusal])
  const conference: Conference = existing ?? sim.conferences.activeOrNew(ref, () => join.conference).conference
  const statusCallback = statusCallbackConfig(p.StatusCallback, p.StatusCallbackMethod, p.StatusCallbackEvent)
  const timeoutSec = Number(p.Timeout ?? 60) || 60
  const participant = dialParticipant(sim, conference, { to: p.To, from: p.From, timeoutSec, statusCallback, join })
  return participantJson(participant, '0')
}

function joinRequest(p: CreateParams): JoinRequest {
  const coach = coachChoice(p.Coaching, p.CallSidToCoach, null)
  return {
    participant: {
      label: p.Label ?? null,
      muted: p.Muted ?? false,
      beep: p.Beep ?? 'true',
      startConferenceOnEnter: p.StartConferenceOnEnter ?? true,
      endConferenceOnExit: p.EndConferenceOnExit ?? false,
      coaching: coach?.coaching ?? false,
      callSidToCoach: coach?.callSidToCoach ?? null,
      waitMusic: musicAt(absoluteUrl('WaitUrl', p.WaitUrl), httpMethod(p.WaitMethod)),
    },
    conference: {
      callback: conferenceCallbackConfig(absoluteUrl('ConferenceStatusCallback', p.ConferenceStatusCallback), p.ConferenceStatusCallbackMethod, p.ConferenceStatusCallbackEvent),
      maxParticipants: p.MaxParticipants ?? 250,
    },
    recording: recording(p),
  }
}

function recording(p: CreateParams): ConferenceRecording | null {
  if (p.ConferenceRecord !== 'true' && p.ConferenceRecord !== 'record-from-start') return null
  return {
    record: p.ConferenceRecord,
    trim: p.ConferenceTrim ?? null,
    statusCallback: absoluteUrl('ConferenceRecordingStatusCallback', p.ConferenceRecordingStatusCallback) ?? null,
    statusCallbackMethod: httpMethod(p.ConferenceRecordingStatusCallbackMethod),
    statusCallbackEvent: p.ConferenceRecordingStatusCallbackEvent.flatMap((e) => e.split(/\s+/)).filter(Boolean),
  }
}
