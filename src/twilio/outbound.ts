import type { FastifyInstance } from 'fastify'
import { agentIdentity } from './identity.ts'

/**
 * Rings the agent's own browser. Its TwiML comes from a URL, not inline, because Twilio sends status
 * callbacks only for calls whose TwiML it fetched (TWILIO.md §5). Returns the agent leg's CallSid.
 */
export async function callAgentBrowser(app: FastifyInstance, callId: number, agentId: number): Promise<string> {
  const base = `${app.publicUrl()}/twilio/outbound/${callId}`
  const call = await app.telephony.rest.calls.create({
    to: `client:${agentIdentity(agentId)}`,
    from: app.telephony.number,
    url: base,
    method: 'POST',
    statusCallback: `${base}/status`,
    statusCallbackMethod: 'POST',
    statusCallbackEvent: ['completed'],
    timeout: app.config.agentRingSeconds,
  })
  return call.sid
}
