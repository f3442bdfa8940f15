import type { FastifyInstance } from 'fastify'
import { requireAgent } from '../agents/guards.ts'
import { agentIdentity } from '../twilio/identity.ts'
import { voiceToken, voiceTokenTtlSeconds } from '../twilio/token.ts'

/** `GET /voice/token`: the token this agent's browser Device registers with. */
export async function voiceTokenRoutes(app: FastifyInstance) {
  app.get('/voice/token', async (request, reply) => {
    const identity = agentIdentity(requireAgent(request).id)
    return reply.header('cache-control', 'no-store').send({ identity, token: voiceToken(app.telephony, identity), ttl: voiceTokenTtlSeconds })
  })
}
