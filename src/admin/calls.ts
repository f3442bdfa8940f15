import { CallDirection, EndReason, type Prisma, type PrismaClient } from '../db/client.ts'
import { formatDuration, talkMs, waitMs } from './durations.ts'
import { humanise } from './events.ts'
import { pageArgs } from './pages.ts'

export const callRowSelect = {
  id: true,
  direction: true,
  status: true,
  endReason: true,
  from: true,
  to: true,
  callerName: true,
  queuedAt: true,
  answeredAt: true,
  endedAt: true,
  createdAt: true,
  disposition: true,
  notes: true,
  agent: { select: { id: true, name: true } },
} as const

export type CallRow = Prisma.CallGetPayload<{ select: typeof callRowSelect }>

export const newestFirst: Prisma.CallOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }]

export async function findCalls(prisma: PrismaClient, where: Prisma.CallWhereInput, page: number) {
  const [total, calls] = await Promise.all([
    prisma.call.count({ where }),
    prisma.call.findMany({ where, orderBy: newestFirst, ...pageArgs(page), select: callRowSelect }),
  ])
  return { total, calls: calls.map(present) }
}

/** A call as the admin pages show it: with its outcome and durations in words. */
export function present<T extends Omit<CallRow, 'agent'>>(call: T) {
  const outcome = call.status === 'ended' ? humanise(call.endReason ?? 'ended') : humanise(call.status)
  return { ...call, outcome, wait: formatDuration(waitMs(call)), talk: formatDuration(talkMs(call)) }
}

export function filterChoices(prisma: PrismaClient) {
  return prisma.agent.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }).then((agents) => ({
    agents,
    directions: Object.values(CallDirection).map((value) => ({ value, label: humanise(value) })),
    reasons: Object.values(EndReason).map((value) => ({ value, label: humanise(value) })),
  }))
}
