import type { Prisma, PrismaClient } from '../db/client.ts'
import { callRowSelect, newestFirst, present } from './calls.ts'
import { eventDetails, eventLabel } from './events.ts'
import { pageArgs } from './pages.ts'
import { wrapUpMatching } from './filters.ts'

const oldestFirst: Prisma.CallEventOrderByWithRelationInput[] = [{ createdAt: 'asc' }, { id: 'asc' }]

const timelineSelect = {
  ...callRowSelect,
  events: {
    orderBy: oldestFirst,
    select: { id: true, type: true, data: true, createdAt: true, agent: { select: { id: true, name: true } } },
  },
  recordings: { where: { kind: 'call', status: 'completed' }, orderBy: { id: 'asc' }, select: { id: true, durationSeconds: true } },
} satisfies Prisma.CallSelect

/** Every call from or to one external number, newest first, each with its whole timeline. */
export async function numberTimeline(prisma: PrismaClient, number: string, page: number, notes?: string) {
  const where: Prisma.CallWhereInput = { OR: [{ from: number }, { to: number }], AND: notes ? [wrapUpMatching(notes)] : [] }
  const [total, calls] = await Promise.all([
    prisma.call.count({ where }),
    prisma.call.findMany({ where, orderBy: newestFirst, ...pageArgs(page), select: timelineSelect }),
  ])
  return { total, calls: calls.map((call) => ({ ...present(call), events: call.events.map(describe) })) }
}

function describe<T extends { type: string; data: unknown }>(event: T) {
  return { ...event, label: eventLabel(event.type), details: eventDetails(event.type, event.data) }
}
