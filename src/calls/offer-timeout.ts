import type { FastifyInstance } from 'fastify'
import type { Change } from './transition.ts'
import { offerTimedOut } from './transitions.ts'

/**
 * An offer nobody answers must not hold the caller forever. The check is conditional on the offer's
 * version, so an Accept, a Decline or a hang-up in the meantime makes it a no-op. A process that
 * restarts loses these timers; the offer then waits until the agent acts or goes offline.
 */
export function expireOfferLater(app: FastifyInstance, change: Change): void {
  const { id, version } = change.call
  const agentId = change.agentId
  if (!agentId) return
  const timer = setTimeout(() => {
    if (!app.server.listening) return
    offerTimedOut(app, id, agentId, version).catch((error: unknown) => app.log.warn({ err: error, callId: id }, 'offer timeout check failed'))
  }, app.config.offerTimeoutSeconds * 1000)
  timer.unref()
}

/** After a restart no timer is left: the routing sweep expires offers older than the timeout. */
export async function expireStaleOffers(app: FastifyInstance): Promise<void> {
  const cutoff = new Date(Date.now() - app.config.offerTimeoutSeconds * 1000)
  const stale = await app.prisma.call.findMany({
    where: { status: 'offered', updatedAt: { lt: cutoff }, agentId: { not: null } },
    select: { id: true, agentId: true, version: true },
  })
  for (const call of stale) await offerTimedOut(app, call.id, call.agentId!, call.version)
}
