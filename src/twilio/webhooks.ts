import type { FastifyInstance, FastifyReply } from 'fastify'
import { ZodError, type z } from 'zod'
import { verifyTwilioSignature } from './signature.ts'
import { dialResultParams, holdParams, queueResultParams, statusParams, voiceParams } from './params.ts'
import { backToQueue, empty, greetAndEnqueue, hangUp, holdMusic } from './twiml.ts'
import { findCallBySid, receiveCall } from '../calls/inbound.ts'
import { agentMissed, callerHungUp, connectCall, lineEnded } from '../calls/transitions.ts'
import { recordSequence } from '../calls/sequence.ts'
import { outboundWebhooks } from './outbound-webhooks.ts'

const ended = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled'])

/** Twilio's webhooks: signed, parsed, one call-module function each, TwiML back in milliseconds. */
export async function twilioWebhooks(app: FastifyInstance) {
  app.addHook('preHandler', verifyTwilioSignature(app))
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ZodError) return reply.code(400).type('text/plain').send(`Malformed Twilio request: ${error.issues[0]?.message}`)
    request.log.error({ err: error }, 'Twilio webhook failed')
    return reply.code(500).type('text/plain').send('Internal error')
  })
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)
  const parse = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> => schema.parse(body ?? {})

  app.post('/twilio/voice', async (request, reply) => {
    const params = parse(voiceParams, request.body)
    await receiveCall(app, { callSid: params.CallSid, from: params.From, to: params.To, callerName: params.CallerName })
    return twiml(reply, greetAndEnqueue(app.publicUrl()))
  })

  app.post('/twilio/hold', async (request, reply) => twiml(reply, holdMusic(parse(holdParams, request.body).QueuePosition)))

  app.post('/twilio/queue-result', async (request, reply) => {
    const params = parse(queueResultParams, request.body)
    const call = await findCallBySid(app, params.CallSid)
    if (call && params.QueueResult === 'hangup') await callerHungUp(app, call.id, 'queue-result')
    return twiml(reply, empty())
  })

  app.post('/twilio/dial-result', async (request, reply) => {
    const params = parse(dialResultParams, request.body)
    const call = await findCallBySid(app, params.CallSid)
    if (!call) return twiml(reply, hangUp())
    if (params.CallStatus && ended.has(params.CallStatus)) {
      await callerHungUp(app, call.id, 'dial-result')
      return twiml(reply, empty())
    }
    if (['completed', 'answered'].includes(params.DialCallStatus)) {
      await lineEnded(app, call.id, 'completed', 'dial-result')
      return twiml(reply, hangUp())
    }
    const missed = call.status === 'connecting' && call.agentId && (await agentMissed(app, call.id, call.agentId, params.DialCallStatus))
    return twiml(reply, missed ? backToQueue(app.publicUrl()) : hangUp())
  })

  app.post('/twilio/status', async (request, reply) => {
    const params = parse(statusParams, request.body)
    if (params.ParentCallSid) {
      if (params.CallStatus === 'in-progress') await connectCall(app, { twilioSid: params.ParentCallSid })
      return reply.code(204).send()
    }
    const call = await findCallBySid(app, params.CallSid)
    if (!call || !(await recordSequence(app, call.id, params.SequenceNumber))) return reply.code(204).send()
    if (ended.has(params.CallStatus)) await callerHungUp(app, call.id, 'status-callback')
    return reply.code(204).send()
  })

  outboundWebhooks(app)
}
