import type { FastifyInstance, FastifyReply } from 'fastify'
import type { z } from 'zod'
import { answerInText } from '../../errors.ts'
import { verifyTwilioSignature } from '../../twilio/signature.ts'
import { agentLegPath, conferenceParams, conferenceRecordingParams, dialResultParams, holdParams, legStatusParams, outboundPath, queueResultParams, statusParams, voiceParams } from '../../twilio/params.ts'
import { backToQueue, empty, hangUp, holdMusic } from '../../twilio/twiml.ts'
import { outboundWebhooks } from './outbound.ts'
import { ivrWebhooks, queueLeftTwiml, stepTwiml } from './ivr.ts'

/**
 * Twilio's webhooks: form-encoded, signed, parsed, one call command each, TwiML back in milliseconds.
 * Bad input is a 4xx for that request alone; only our own failures are a 500.
 */
export async function twilioWebhooks(app: FastifyInstance) {
  // Browser security headers mean nothing to Twilio, and @fastify/helmet builds its middleware on every
  // request: the webhooks (the hot path) skip it.
  app.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, { helmet: { skipRoute: true } })
  })
  app.addHook('preHandler', verifyTwilioSignature(app))
  app.setErrorHandler((error, request, reply) => answerInText(error, request, reply, 'Malformed Twilio request: '))
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)
  const parse = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> => schema.parse(body ?? {})

  app.post('/twilio/voice', async (request, reply) => {
    const params = parse(voiceParams, request.body)
    const step = await app.ivr.entry.welcome({ callSid: params.CallSid, from: params.From, to: params.To, callerName: params.CallerName })
    return twiml(reply, stepTwiml(app.publicUrl(), step))
  })

  app.post('/twilio/hold', async (request, reply) => twiml(reply, holdMusic(parse(holdParams, request.body).QueuePosition)))

  app.post('/twilio/queue-result', async (request, reply) => {
    const params = parse(queueResultParams, request.body)
    const next = await app.ivr.entry.queueLeft(params.CallSid, params.QueueResult)
    return twiml(reply, queueLeftTwiml(app.publicUrl(), next))
  })

  app.post('/twilio/dial-result', async (request, reply) => {
    const params = parse(dialResultParams, request.body)
    const decision = await app.calls.twilio.dialResult(params.CallSid, params.CallStatus, params.DialCallStatus)
    return twiml(reply, decision === 'back-to-queue' ? backToQueue(app.publicUrl()) : decision === 'nothing' ? empty() : hangUp())
  })

  app.post('/twilio/status', async (request, reply) => {
    const params = parse(statusParams, request.body)
    await app.calls.twilio.callStatus(params.CallSid, params.CallStatus, params.ParentCallSid, params.SequenceNumber)
    return reply.code(204).send()
  })

  app.post<{ Params: { callId: string } }>('/twilio/conference/:callId', async (request, reply) => {
    const { callId } = parse(outboundPath, request.params)
    const params = parse(conferenceParams, request.body)
    await app.calls.twilio.conferenceEvent(callId, {
      conferenceSid: params.ConferenceSid,
      event: params.StatusCallbackEvent,
      callSid: params.CallSid,
      label: params.ParticipantLabel,
      reason: params.ReasonParticipantLeft,
      sequence: params.SequenceNumber,
    })
    return reply.code(204).send()
  })

  app.post<{ Params: { callId: string; agentId: string } }>('/twilio/calls/:callId/agents/:agentId/leg', async (request, reply) => {
    const { callId, agentId } = parse(agentLegPath, request.params)
    const params = parse(legStatusParams, request.body)
    await app.calls.twilio.bridgeLegStatus(callId, agentId, params.CallStatus)
    return reply.code(204).send()
  })

  app.post<{ Params: { callId: string } }>('/twilio/calls/:callId/recording', async (request, reply) => {
    const { callId } = parse(outboundPath, request.params)
    const params = parse(conferenceRecordingParams, request.body)
    const report = { callId, recordingSid: params.RecordingSid, status: params.RecordingStatus, durationSeconds: params.RecordingDuration, mediaUrl: params.RecordingUrl }
    if (await app.recordings.callRecorded(report)) await app.calls.note(callId, 'call_recorded', { recordingSid: params.RecordingSid, ...(params.RecordingDuration === undefined ? {} : { seconds: params.RecordingDuration }) })
    return reply.code(204).send()
  })

  outboundWebhooks(app)
  ivrWebhooks(app)
}
