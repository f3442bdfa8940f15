import type { FastifyInstance } from 'fastify'
import { channels } from '../live/hub.ts'
import type { Change } from './transition.ts'

/** Named pushes to the agent's `#call_container`, each rendered from the one call partial. */

export async function broadcastOffer(app: FastifyInstance, change: Change): Promise<void> {
  await publish(app, change, 'calls/_push_prepend')
}

export async function broadcastReplace(app: FastifyInstance, change: Change): Promise<void> {
  await publish(app, change, 'calls/_push_replace')
}

export async function broadcastRemoval(app: FastifyInstance, change: Change): Promise<void> {
  await publish(app, change, 'calls/_push_remove')
}

export async function broadcastPresence(app: FastifyInstance, agentId: number): Promise<void> {
  const agent = await app.prisma.agent.findUnique({ where: { id: agentId }, select: { id: true, presence: true } })
  if (agent) app.hub.publish(channels.agent(agentId), await app.view('agents/_presence_push', { agent }))
}

async function publish(app: FastifyInstance, change: Change, view: string): Promise<void> {
  if (!change.agentId) return
  const html = await app.view(view, { call: change.call, notice: change.notice, viewerId: change.agentId })
  app.hub.publish(channels.agent(change.agentId), html)
}
