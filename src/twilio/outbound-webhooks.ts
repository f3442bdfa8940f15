import type { FastifyInstance, FastifyReply } from 'fastify'
import { agentAnswered } from '../calls/outbound.ts'
import { agentLegEnded, endingOf, farEndAnswered, farEndEnded, farEndRinging } from '../calls/outbound-transitions.ts'
import { dialResultParams, outboundPath, statusParams, voiceParams } from './params.ts'
import { dialOut, hangUp } from './twiml.ts'

const ended = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled'])

/**
 * An outbound call's webhooks, registered inside `twilioWebhooks` (signed, same error handling). The
 * call's id is in each URL, which Twilio signs, so nothing waits for the agent leg's sid to be stored.
 */
export function outboundWebhooks(app: FastifyInstance) {
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)

  app.post('/twilio/outbound/:callId', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const call = await agentAnswered(app, callId, voiceParams.parse(request.body ?? {}).CallSid)
    return twiml(reply, call ? dialOut(app.publicUrl(), call.id, call.from, call.to, app.config.dialRingSeconds) : hangUp())
  })

  app.post('/twilio/outbound/:callId/status', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const { CallStatus } = statusParams.parse(request.body ?? {})
    if (ended.has(CallStatus)) await agentLegEnded(app, callId, CallStatus)
    return reply.code(204).send()
  })

  app.post('/twilio/outbound/:callId/number', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const { CallStatus } = statusParams.parse(request.body ?? {})
    const ending = endingOf(CallStatus)
    if (CallStatus === 'ringing') await farEndRinging(app, callId)
    else if (CallStatus === 'in-progress') await farEndAnswered(app, callId)
    else if (ending) await farEndEnded(app, callId, ending, 'number-status')
    return reply.code(204).send()
  })

  app.post('/twilio/outbound/:callId/result', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const ending = endingOf(dialResultParams.parse(request.body ?? {}).DialCallStatus)
    if (ending) await farEndEnded(app, callId, ending, 'dial-result')
    return twiml(reply, hangUp())
  })
}
