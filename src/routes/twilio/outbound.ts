import type { FastifyInstance, FastifyReply } from 'fastify'
import { dialResultParams, outboundPath, statusParams, voiceParams } from '../../twilio/params.ts'
import { dialOut, hangUp } from '../../twilio/twiml.ts'

/**
 * An outbound call's webhooks, registered inside `twilioWebhooks` (signed, same error handling). The
 * call's id is in each URL, which Twilio signs, so nothing waits for the agent leg's sid to be stored.
 */
export function outboundWebhooks(app: FastifyInstance) {
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)

  app.post('/twilio/outbound/:callId', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const dial = await app.calls.twilio.agentAnswered(callId, voiceParams.parse(request.body ?? {}).CallSid)
    return twiml(reply, dial ? dialOut(app.publicUrl(), callId, dial.from, dial.to, app.config.dialRingSeconds) : hangUp())
  })

  app.post('/twilio/outbound/:callId/status', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    await app.calls.twilio.agentLegStatus(callId, statusParams.parse(request.body ?? {}).CallStatus)
    return reply.code(204).send()
  })

  app.post('/twilio/outbound/:callId/number', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    await app.calls.twilio.farEndStatus(callId, statusParams.parse(request.body ?? {}).CallStatus)
    return reply.code(204).send()
  })

  app.post('/twilio/outbound/:callId/result', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    await app.calls.twilio.farEndEnded(callId, dialResultParams.parse(request.body ?? {}).DialCallStatus, 'dial-result')
    return twiml(reply, hangUp())
  })
}
