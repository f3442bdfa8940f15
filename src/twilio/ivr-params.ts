import { z } from 'zod'
import { callSid, count, displayText, int4, one } from './params.ts'

/** The IVR's webhooks, in the style of params.ts: a missing CallSid is a 400; odd input is heard as nothing. */

const recordingSid = one(z.string({ message: 'RecordingSid is required' }).regex(/^RE[0-9a-f]{32}$/, 'RecordingSid must be RE followed by 32 hex digits'))
const keys = one(z.string().regex(/^[0-9*#]{1,32}$/)).optional().catch(undefined)
const url = one(z.url().max(1000)).optional().catch(undefined)

export const queuePath = z.object({ queueId: z.coerce.number({ message: 'Unknown queue' }).int('Unknown queue').positive('Unknown queue').max(int4, 'Unknown queue') })

export const menuQuery = z.object({ attempt: z.enum(['1', '2'], { message: 'attempt is 1 or 2' }).transform(Number) })

export const menuParams = z.object({ CallSid: callSid, Digits: keys, SpeechResult: displayText(500) })

export const holdParams = z.object({ CallSid: callSid, QueueTime: count.optional().catch(undefined) })

export const holdQuery = z.object({ announceAt: count.optional().catch(undefined) })

export const holdChoiceParams = z.object({ CallSid: callSid, Digits: keys })

export const recordParams = z.object({ CallSid: callSid, RecordingSid: recordingSid, RecordingUrl: url, RecordingDuration: count.optional().catch(undefined) })

export const recordingStatusParams = z.object({
  CallSid: callSid,
  RecordingSid: recordingSid,
  RecordingStatus: one(z.enum(['in-progress', 'paused', 'stopped', 'processing', 'completed', 'absent', 'failed', 'deleted'], { message: 'RecordingStatus is not one of Twilio’s' })),
  RecordingUrl: url,
  RecordingDuration: count.optional().catch(undefined),
})

export const transcriptionParams = z.object({
  CallSid: callSid,
  RecordingSid: recordingSid,
  TranscriptionStatus: one(z.enum(['completed', 'failed'], { message: 'TranscriptionStatus is not one of Twilio’s' })),
  TranscriptionText: displayText(4000),
})
