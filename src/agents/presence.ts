import type { FastifyInstance } from 'fastify'
import { agentSelect, type SessionAgent } from './sessions.ts'
import { routeCallsLater } from '../calls/routing.ts'
import { withdrawOffer } from '../calls/transitions.ts'
import { broadcastBoard } from '../admin/board.ts'

/** Going online makes the agent routable now; going offline hands back any offer they were holding. */
export async function changePresence(app: FastifyInstance, agentId: number, presence: 'online' | 'offline'): Promise<SessionAgent> {
  const agent = await app.prisma.agent.update({ where: { id: agentId }, data: { presence }, select: agentSelect })
  if (presence === 'online') routeCallsLater(app)
  else await withdrawOffers(app, agentId)
  void broadcastBoard(app)
  return agent
}

async function withdrawOffers(app: FastifyInstance, agentId: number): Promise<void> {
  const offers = await app.prisma.call.findMany({ where: { agentId, status: 'offered' }, select: { id: true } })
  for (const offer of offers) await withdrawOffer(app, offer.id, agentId)
}
