import type { FastifyInstance } from 'fastify'
import type { TransactionClient } from '../db/client.ts'
import { afterCommit } from './effects.ts'
import { applyTransition, type Change } from './transition.ts'
import { activeStatuses } from './container.ts'

/** Held by whoever gives an agent a call (routing an offer, an agent dialing out), so an agent never gets two. */
export const routingLock = 7_351_001

/** Offers waiting calls to free agents until one side runs out: oldest caller first, longest idle agent first. */
export async function routeCalls(app: FastifyInstance): Promise<number> {
  if (app.hub.connectedAgentIds().length === 0) return 0
  let offered = 0
  for (;;) {
    const change = await app.prisma.$transaction((tx) => offerNextCall(tx, app.hub.connectedAgentIds()))
    if (!change) return offered
    afterCommit(app, change)
    offered++
  }
}

/** Routing runs after the triggering response has gone out; runs that overlap collapse into one more pass. */
export function routeCallsLater(app: FastifyInstance): void {
  const state = routing.get(app) ?? { running: false, again: false }
  routing.set(app, state)
  if (state.running) {
    state.again = true
    return
  }
  state.running = true
  setImmediate(async () => {
    do {
      state.again = false
      await routeCalls(app).catch((error: unknown) => app.log.error({ err: error }, 'routing failed'))
    } while (state.again)
    state.running = false
  })
}

const routing = new WeakMap<FastifyInstance, { running: boolean; again: boolean }>()

async function offerNextCall(tx: TransactionClient, connected: number[]): Promise<Change | null> {
  if (connected.length === 0) return null
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${routingLock})`
  const waiting = await tx.call.findMany({ where: { status: 'queued' }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }], take: 20, select: { id: true } })
  for (const call of waiting) {
    const agent = await freeAgentFor(tx, call.id, connected)
    if (agent) return applyTransition(tx, call.id, 'offered', { from: ['queued'], data: { status: 'offered', agentId: agent.id } })
  }
  return null
}

/** Online, connected, holding nothing, and not someone who already declined this caller. */
function freeAgentFor(tx: TransactionClient, callId: number, connected: number[]) {
  return tx.agent.findFirst({
    where: {
      id: { in: connected },
      presence: 'online',
      calls: { none: { status: { in: [...activeStatuses] } } },
      events: { none: { callId, type: 'declined' } },
    },
    orderBy: [{ lastCallEndedAt: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    select: { id: true },
  })
}
