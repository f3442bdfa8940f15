import { z } from 'zod'

/**
 * One schema per webhook. What makes a request meaningless (no valid CallSid, an unknown status) is a 400;
 * display fields are cleaned and cut to what we store, so a caller is never refused for their name or
 * number. A parameter sent twice counts once (its first value). Twilio sends many more parameters, which
 * pass through untouched.
 */

export const int4 = 2_147_483_647
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value)
export const one = <T extends z.ZodType>(schema: T) => z.preprocess(first, schema)

/** Control characters (NUL among them) cannot be stored and mean nothing on a card. */
export function cleanText(value: string, max: number): string {
  const text = value.replace(controlCharacters, '').trim()
  // A string of at most `max` UTF-16 units has at most `max` code points: only longer ones are cut, by code point.
  return text.length <= max ? text : Array.from(text).slice(0, max).join('')
}
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g

export const displayText = (max: number) => one(z.unknown()).transform((value) => (typeof value === 'string' ? cleanText(value, max) : '') || undefined)
const shownAs = (max: number, fallback: string) => displayText(max).transform((text) => text ?? fallback)

export const callSid = one(z.string({ message: 'CallSid is required' }).regex(/^CA[0-9a-f]{32}$/, 'CallSid must be CA followed by 32 hex digits'))
const callStatus = one(z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'], { message: 'CallStatus is not one of Twilio’s' }))
export const count = one(z.coerce.number().int().min(0).max(int4))

export const phoneNumberMax = 64
export const callerNameMax = 200

export const voiceParams = z.object({
  CallSid: callSid,
  From: shownAs(phoneNumberMax, 'unknown'),
  To: shownAs(phoneNumberMax, 'unknown'),
  CallerName: displayText(callerNameMax),
})

export const statusParams = z.object({
  CallSid: callSid,
  CallStatus: callStatus,
  ParentCallSid: callSid.optional(),
  SequenceNumber: count.optional(),
})

export const queueResultParams = z.object({
  CallSid: callSid,
  QueueResult: one(z.string({ message: 'QueueResult is required' }).min(1, 'QueueResult is required').max(64)),
})

export const dialResultParams = z.object({
  CallSid: callSid,
  CallStatus: callStatus.optional(),
  DialCallStatus: one(z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'], { message: 'DialCallStatus is not one of Twilio’s' })),
})

export const outboundPath = z.object({ callId: z.coerce.number().int().positive().max(int4) })

/** The hold loop only reads the caller's position; anything odd there just plays the music. */
export const holdParams = z.object({ QueuePosition: count.optional().catch(undefined) })

const conferenceSid = one(z.string({ message: 'ConferenceSid is required' }).regex(/^CF[0-9a-f]{32}$/, 'ConferenceSid must be CF followed by 32 hex digits'))

/** A conference status callback (https://www.twilio.com/docs/voice/api/conference-resource#statuscallback); events we do not keep pass. */
export const conferenceParams = z.object({
  ConferenceSid: conferenceSid,
  StatusCallbackEvent: one(z.string({ message: 'StatusCallbackEvent is required' }).min(1, 'StatusCallbackEvent is required').max(64)),
  CallSid: callSid.optional(),
  ParticipantLabel: displayText(128),
  ReasonParticipantLeft: displayText(64),
  SequenceNumber: count.optional(),
})

const recordingSid = one(z.string({ message: 'RecordingSid is required' }).regex(/^RE[0-9a-f]{32}$/, 'RecordingSid must be RE followed by 32 hex digits'))

/** A conference recording's status callback (https://www.twilio.com/docs/voice/twiml/conference#recordingstatuscallback). */
export const conferenceRecordingParams = z.object({
  RecordingSid: recordingSid,
  RecordingStatus: one(z.enum(['in-progress', 'paused', 'stopped', 'processing', 'completed', 'absent', 'failed', 'deleted'], { message: 'RecordingStatus is not one of Twilio’s' })),
  RecordingUrl: one(z.url().max(1000)).optional().catch(undefined),
  RecordingDuration: count.optional().catch(undefined),
})

export const agentLegPath = z.object({ callId: z.coerce.number().int().positive().max(int4), agentId: z.coerce.number().int().positive().max(int4) })

export const legStatusParams = z.object({ CallSid: callSid, CallStatus: callStatus })
