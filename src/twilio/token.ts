import twilio from 'twilio'
import type { FastifyInstance } from 'fastify'
import { requireAgent } from '../agents/guards.ts'
import { agentIdentity } from './identity.ts'

const { AccessToken } = twilio.jwt
const ttlSeconds = 60 * 60

/** `GET /voice/token`: an access token that lets this agent's browser receive calls and nothing else. */
export async function tokenRoutes(app: FastifyInstance) {
  app.get('/voice/token', async (request, reply) => {
    const agent = requireAgent(request)
    const { accountSid, apiKeySid, apiKeySecret, twimlAppSid } = app.telephony
    const identity = agentIdentity(agent.id)
    const token = new AccessToken(accountSid, apiKeySid, apiKeySecret, { identity, ttl: ttlSeconds })
    token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: twimlAppSid }))
    return reply.header('cache-control', 'no-store').send({ identity, token: token.toJwt(), ttl: ttlSeconds })
  })
}
