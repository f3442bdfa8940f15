import fp from 'fastify-plugin'
import type { PrismaClient } from '../db/client.ts'
import { channels, type LiveHub } from '../live/hub.ts'
import { activeStatuses } from '../calls/lifecycle.ts'
import { callCardSelect } from '../calls/cards.ts'

/** Everything the supervisor board shows, read in one go. */
export async function boardState(db: PrismaClient, connected: Promise<Set<number>>) {
  const now = new Date()
  const [queued, active, agents, panels, wrapping] = await Promise.all([
    db.call.findMany({ where: { status: 'queued' }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }], select: callCardSelect }),
    db.call.findMany({ where: { status: { in: [...activeStatuses] } }, orderBy: { createdAt: 'asc' }, select: { ...callCardSelect, agent: { select: { name: true } } } }),
    db.agent.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, role: true, presence: true } }),
    connected,
    db.call.findMany({ where: { status: 'ended', wrapUpDoneAt: null, wrapUpEndsAt: { gt: now } }, select: { agentId: true, endedAt: true, wrapUpEndsAt: true } }),
  ])
  const callOf = new Map(active.map((call) => [call.agentId, call]))
  const wrapUpOf = new Map(wrapping.map((call) => [call.agentId, call]))
  return {
    queued,
    active,
    agents: agents.map((agent) => ({ ...agent, connected: panels.has(agent.id), call: callOf.get(agent.id) ?? null, wrapUp: wrapUpOf.get(agent.id) ?? null })),
  }
}

/**
 * Asks for the board to be pushed to every admin watching it. A burst of changes costs one message: a
 * push asked for while one is pending joins it; the render reads the database after the asks.
 */
export function boardPusher(hub: Pick<LiveHub, 'publish'>): () => void {
  let pending = false
  return () => {
    if (pending) return
    pending = true
    setImmediate(() => {
      pending = false
      hub.publish(channels.supervisor, { kind: 'board' })
    })
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    renderBoard(): Promise<string>
  }
}

/** The live board: re-rendered for admins whenever a call, a presence or a panel changes. */
export const boardPlugin = fp(
  async (app) => {
    const state = () => boardState(app.prisma, app.connections.connectedAgentIds())
    app.decorate('renderBoard', async () => app.view('admin/_board', await state()))
    app.hub.renderWith('board', async () => app.view('admin/_board_push', await state()))
    const push = boardPusher(app.hub)
    app.calls.onChange(push)
    app.presence.onChange(push)
    app.connections.onChange(push)
  },
  { name: 'board', dependencies: ['database', 'hub', 'calls', 'presence', 'connections'] },
)
