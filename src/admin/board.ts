import type { FastifyInstance } from 'fastify'
import { channels } from '../live/hub.ts'
import { activeStatuses, callCardSelect } from '../calls/container.ts'

/** Everything the supervisor board shows, read in one go. */
export async function boardState(app: FastifyInstance) {
  const [queued, active, agents] = await Promise.all([
    app.prisma.call.findMany({ where: { status: 'queued' }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }], select: callCardSelect }),
    app.prisma.call.findMany({ where: { status: { in: [...activeStatuses] } }, orderBy: { createdAt: 'asc' }, select: { ...callCardSelect, agent: { select: { name: true } } } }),
    app.prisma.agent.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, role: true, presence: true } }),
  ])
  const connected = new Set(app.hub.connectedAgentIds())
  const callOf = new Map(active.map((call) => [call.agentId, call]))
  return {
    queued,
    active,
    agents: agents.map((agent) => ({ ...agent, connected: connected.has(agent.id), call: callOf.get(agent.id) ?? null })),
  }
}

export async function renderBoard(app: FastifyInstance): Promise<string> {
  return app.view('admin/_board', await boardState(app))
}

const pending = new WeakMap<FastifyInstance, Promise<void>>()

/**
 * Pushes the board to every admin watching it. A burst of changes costs one render: a push asked for
 * while one is being prepared joins it, and the render reads the database after the asks.
 */
export function broadcastBoard(app: FastifyInstance): Promise<void> {
  if (!app.hub.hasListeners(channels.supervisor)) return Promise.resolve()
  const queued = pending.get(app)
  if (queued) return queued
  const push = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      pending.delete(app)
      app.hub.publish(channels.supervisor, await app.view('admin/_board_push', await boardState(app)))
    })
    .catch((error: unknown) => app.log.error({ err: error }, 'board push failed'))
  pending.set(app, push)
  return push
}
