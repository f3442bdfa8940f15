import fp from 'fastify-plugin'
import type { PrismaClient } from '../db/client.ts'
import { channels } from '../live/hub.ts'

/** Agents whose Missed calls list shows the queues' missed calls: their members and admins (a call in no queue: everyone). */
function viewersOf(db: PrismaClient, queueIds: (number | null)[]) {
  const ids = queueIds.filter((id): id is number => id !== null)
  const where = ids.length < queueIds.length ? {} : { OR: [{ role: 'admin' as const }, { queues: { some: { queueId: { in: ids } } } }] }
  return db.agent.findMany({ where, select: { id: true } })
}

/**
 * Re-renders the Missed calls list on the panels of every agent who sees a missed call that changed. A
 * burst of changes costs one message per agent; each process renders the list for its own sockets.
 */
export const missedCallsPlugin = fp(
  async (app) => {
    app.hub.renderWith('missed_calls', async (message) => {
      const viewer = await app.prisma.agent.findUnique({ where: { id: Number(message.agentId) }, select: { id: true, role: true } })
      return viewer ? app.view('missed/_list_push', { missed: await app.calls.missed.listFor(viewer) }) : null
    })
    const pending = new Set<number | null>()
    const publish = async () => {
      const queueIds = [...pending]
      pending.clear()
      for (const { id } of await viewersOf(app.prisma, queueIds)) app.hub.publish(channels.agent(id), { kind: 'missed_calls', agentId: id })
    }
    app.calls.missed.onChange((queueIds) => {
      if (pending.size === 0) setImmediate(() => void publish().catch((error: unknown) => app.log.warn({ err: error }, 'pushing missed calls failed')))
      for (const id of queueIds) pending.add(id)
    })
  },
  { name: 'missed-calls', dependencies: ['database', 'hub', 'calls'] },
)
