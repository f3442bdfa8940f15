import { Prisma, type PrismaClient } from '../db/client.ts'

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
  let written = 0
  while (written < options.count) {
    const size = Math.min(batch, options.count - written)
    await db.$executeRaw`
      WITH raw AS (
        SELECT g,
          -- a local time: 85 % between 08:00 and 18:00, the rest at any hour
          ((date_trunc('day', (${start}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE ${zone}) + (floor(random() * ${options.days}) || ' days')::interval
            + CASE WHEN random() < 0.85 THEN interval '8 hours' + random() * interval '10 hours' ELSE random() * interval '24 hours' END)
            AT TIME ZONE ${zone}) AT TIME ZONE 'UTC' AS arrived,
          random() AS outcome, random() AS r1, random() AS r2, random() AS r3
        FROM generate_series(1, ${size}) AS g
      ), past AS (
        -- a time later today than now moves back a day
        SELECT g, CASE WHEN arrived >= ${now}::timestamp THEN arrived - interval '1 day' ELSE arrived END AS arrived, outcome, r1, r2, r3 FROM raw
      ), shaped AS (
        SELECT *,
          CASE WHEN outcome < 0.78 THEN 'answered' WHEN outcome < 0.88 THEN 'abandoned' WHEN outcome < 0.95 THEN 'voicemail' ELSE 'callback' END AS kind,
          LEAST(900, -ln(1 - r1) * CASE WHEN outcome < 0.78 THEN 18 ELSE 45 END) AS wait,
          60 + -ln(1 - r2) * 180 AS talk
        FROM past
      )
      INSERT INTO "Call" ("direction", "status", "from", "to", "callerName", "agentId", "queueId", "queuedAt", "answeredAt", "endedAt", "endReason",
        "wrapUpEndsAt", "wrapUpDoneAt", "disposition", "createdAt", "updatedAt")
      SELECT 'inbound', 'ended', '+1555' || lpad(floor(r3 * 10000000)::text, 7, '0'), '+15550100000', NULL,
        CASE WHEN kind = 'answered' THEN (${agents}::int[])[1 + floor(r3 * ${agents.length})::int] END,
        (${queueList})[1 + floor(r1 * 1000)::int % ${Math.max(1, queues.length)}],
        arrived,
        CASE WHEN kind = 'answered' THEN arrived + wait * interval '1 second' END,
        arrived + (wait + CASE WHEN kind = 'answered' THEN talk WHEN kind = 'voicemail' THEN 40 ELSE 0 END) * interval '1 second',
        (CASE kind WHEN 'answered' THEN 'completed' WHEN 'abandoned' THEN 'abandoned' WHEN 'voicemail' THEN 'voicemail' ELSE 'callback' END)::"EndReason",
        CASE WHEN kind = 'answered' THEN arrived + (wait + talk + 60) * interval '1 second' END,
        CASE WHEN kind = 'answered' THEN arrived + (wait + talk + 5 + r2 * 50) * interval '1 second' END,
        CASE WHEN kind = 'answered' THEN (${dispositions}::text[])[1 + floor(r1 * ${dispositions.length})::int] END,
        arrived, arrived
      FROM shaped`
    written += size
    options.progress?.(written)
  }
  // Some offers came to nothing: about 3 % declined and 1 % missed, on calls that were answered later.
  await db.$executeRaw`
    INSERT INTO "CallEvent" ("callId", "type", "agentId", "data", "createdAt")
    SELECT c."id", CASE WHEN random() < 0.75 THEN 'declined' ELSE 'offer_timed_out' END,
      (${agents}::int[])[1 + floor(random() * ${agents.length})::int], '{}'::jsonb, c."queuedAt" + interval '3 seconds'
    FROM "Call" c
    WHERE c."createdAt" >= ${start}::timestamp AND c."answeredAt" IS NOT NULL AND c."direction" = 'inbound' AND c."twilioSid" IS NULL AND random() < 0.04`
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
