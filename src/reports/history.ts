import { Prisma, type PrismaClient } from '../db/client.ts'
import { CallStore } from '../calls/store.ts'

export interface HistoryOptions {
  /** How many inbound calls to make. */
  count: number
  /** Spread over this many days up to `now`. */
  days: number
  now?: Date
  /** Calls per statement (generate_series); big batches are fast, smaller ones keep memory low. */
  batch?: number
  /** Called after each batch with the number of calls written so far. */
  progress?: (written: number) => void
}

/**
 * Simulated call history for the reports (the demo's first start, `npm run seed:calls`, the benchmark):
 * inbound calls in the team's queues, mostly in business hours of the team's time zone, about 78 %
 * answered (wait exponential around 18 s, talk 1–10 min, a wrap-up with a disposition), 10 % abandoned,
 * 7 % voicemails, the rest call-back requests; some offers declined or missed on the timeline; and each
 * agent's day of states (Available, Away for lunch, Offline). Written by PostgreSQL with generate_series,
 * one statement per batch, so a million calls take seconds, not a million round trips.
 */
export async function seedCallHistory(db: PrismaClient, options: HistoryOptions): Promise<number> {
  const now = options.now ?? new Date()
  const batch = options.batch ?? 100_000
  const agents = (await db.agent.findMany({ where: { role: 'agent' }, select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id)
  if (agents.length === 0) return 0
  const queues = (await db.queue.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((q) => q.id)
  const settings = await db.teamSettings.findUnique({ where: { id: 1 }, select: { dispositions: true } })
  const dispositions = settings?.dispositions.length ? settings.dispositions : ['Resolved']
  const zone = (await db.businessHours.findUnique({ where: { id: 1 }, select: { timeZone: true } }))?.timeZone ?? 'UTC'
  const queueList = queues.length > 0 ? Prisma.sql`${queues}::int[]` : Prisma.sql`ARRAY[NULL]::int[]`
  const start = new Date(now.getTime() - options.days * 86_400_000)
  const store = new CallStore(db)
  let written = 0
  while (written < options.count) {
    const size = Math.min(batch, options.count - written)
    await store.insertHistory({ start, now, days: options.days, zone, size, agents, queues: queueList, queueCount: Math.max(1, queues.length), dispositions })
    written += size
    options.progress?.(written)
  }
  // Some offers came to nothing: about 3 % declined and 1 % missed, on calls that were answered later.
  await store.insertHistoryOffers(start, agents)
  // Each agent's working days: Available 08:00, Away (Lunch) 12:00, Available 12:45, Offline 17:00 (local).
  await db.$executeRaw`
    INSERT INTO "AgentStateChange" ("agentId", "presence", "reason", "createdAt")
    SELECT a.id, s.presence::"Presence", s.reason, ((d.day + s.at) AT TIME ZONE ${zone}) AT TIME ZONE 'UTC'
    FROM unnest(${agents}::int[]) AS a(id)
    CROSS JOIN generate_series(date_trunc('day', (${start}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone}), (${now}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, interval '1 day') AS d(day)
    CROSS JOIN (VALUES ('online', NULL, interval '8 hours'), ('away', 'Lunch', interval '12 hours'), ('online', NULL, interval '12 hours 45 minutes'), ('offline', NULL, interval '17 hours')) AS s(presence, reason, at)
    WHERE ((d.day + s.at) AT TIME ZONE ${zone}) AT TIME ZONE 'UTC' < ${now}::timestamp`
  return written
}
