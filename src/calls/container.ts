import type { FastifyInstance } from 'fastify'

export const activeStatuses = ['offered', 'connecting', 'dialing', 'ringing', 'in_progress'] as const

export const callCardSelect = {
  id: true,
  status: true,
  direction: true,
  from: true,
  to: true,
  callerName: true,
  agentId: true,
  version: true,
  endReason: true,
  queuedAt: true,
  answeredAt: true,
  endedAt: true,
  createdAt: true,
} as const

/** The agent's `#call_container` as it stands in the database: what a (re)connecting panel shows. */
export async function renderContainer(app: FastifyInstance, agentId: number): Promise<string> {
  const calls = await app.prisma.call.findMany({
    where: { agentId, status: { in: [...activeStatuses] } },
    orderBy: { createdAt: 'desc' },
    select: callCardSelect,
  })
  return app.view('calls/_container', { calls, viewerId: agentId })
}

export function recentCalls(app: FastifyInstance, agentId: number) {
  return app.prisma.call.findMany({
    where: { agentId, status: 'ended' },
    orderBy: { endedAt: 'desc' },
    take: 10,
    select: callCardSelect,
  })
}
