import type { Prisma, PrismaClient } from '../db/client.ts'
import { HttpError } from '../errors.ts'
import { formatDuration, talkMs } from './durations.ts'

/** Offers that came to nothing because of the agent: declined ones and ones their browser did not answer. */
export const missTypes = ['declined', 'agent_missed'] as const

export async function findAgent(prisma: PrismaClient, id: number) {
  const agent = await prisma.agent.findUnique({ where: { id }, select: { id: true, name: true, email: true, role: true, presence: true } })
  if (!agent) throw new HttpError(404, 'No such agent.')
  return agent
}

/** Answered: the agent's calls that reached in-progress. Talk: their answered-to-ended time. Missed: see `missTypes`. */
export async function agentTotals(prisma: PrismaClient, agentId: number, createdAt: Prisma.DateTimeFilter | undefined) {
  const [answered, misses] = await Promise.all([
    prisma.call.findMany({ where: { agentId, answeredAt: { not: null }, createdAt }, select: { answeredAt: true, endedAt: true } }),
    prisma.callEvent.groupBy({ by: ['type'], where: { agentId, type: { in: [...missTypes] }, createdAt }, _count: { _all: true } }),
  ])
  const missed = (type: string) => misses.find((row) => row.type === type)?._count._all ?? 0
  const talk = answered.reduce((sum, call) => sum + (talkMs(call) ?? 0), 0)
  return { answered: answered.length, declined: missed('declined'), noAnswer: missed('agent_missed'), missed: missed('declined') + missed('agent_missed'), talk: formatDuration(talk) }
}
