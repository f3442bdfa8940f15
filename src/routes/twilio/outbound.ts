import type { FastifyInstance, FastifyReply } from 'fastify'
import { recordsCalls } from '../../config.ts'
import { agentIdentity } from '../../twilio/identity.ts'
import { dialResultParams, outboundPath, statusParams, voiceParams } from '../../twilio/params.ts'
import { agentJoinsConference, hangUp } from '../../twilio/twiml.ts'

/**
 * An outbound call's webhooks, registered inside `twilioWebhooks` (signed, same error handling). The
 * call's id is in each URL, which Twilio signs, so nothing waits for the agent leg's sid to be stored.
 */
export function outboundWebhooks(app: FastifyInstance) {
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)

  app.post('/twilio/outbound/:callId', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const agentId = await app.calls.twilio.agentAnswered(callId, voiceParams.parse(request.body ?? {}).CallSid)
    return twiml(reply, agentId ? agentJoinsConference(app.publicUrl(), callId, agentIdentity(agentId), recordsCalls(app.config)) : hangUp())
  })

  app.post('/twilio/outbound/:callId/status', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    const { CallStatus, CallSid } = statusParams.parse(request.body ?? {})
    await app.calls.twilio.agentLegStatus(callId, CallStatus, CallSid)
    return reply.code(204).send()
  })

  app.post('/twilio/outbound/:callId/number', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    await app.calls.twilio.farEndStatus(callId, statusParams.parse(request.body ?? {}).CallStatus)
    return reply.code(204).send()
  })

  /** Dial's action of the `<Dial><Number>` calls placed before outbound calls used the conference. */
  app.post('/twilio/outbound/:callId/result', async (request, reply) => {
    const { callId } = outboundPath.parse(request.params)
    await app.calls.twilio.farEndEnded(callId, dialResultParams.parse(request.body ?? {}).DialCallStatus, 'dial-result')
    return twiml(reply, hangUp())
  })
}
