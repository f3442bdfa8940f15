import { z } from 'zod'

const callSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'CallSid must be CA followed by 32 hex digits')
const optionalInt = z.coerce.number().int().nonnegative().optional()

/** The webhook parameters we read; Twilio sends many more, which pass through untouched. */
export const voiceParams = z.object({
  CallSid: callSid,
  From: z.string().min(1, 'From is required'),
  To: z.string().min(1, 'To is required'),
  CallerName: z.string().max(200).optional(),
})

export const statusParams = z.object({
  CallSid: callSid,
  CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  ParentCallSid: callSid.optional(),
  SequenceNumber: optionalInt,
})

export const queueResultParams = z.object({
  CallSid: callSid,
  QueueResult: z.string().min(1, 'QueueResult is required'),
})

export const dialResultParams = z.object({
  CallSid: callSid,
  CallStatus: z.string().optional(),
  DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
})

export const outboundPath = z.object({ callId: z.coerce.number().int().positive() })

export const holdParams = z.object({ QueuePosition: optionalInt })
