import { Prisma, type PrismaClient } from '../db/client.ts'
import { addDays } from './query.ts'

/**
 * The reports' figures, computed by PostgreSQL (aggregates with FILTER, percentile_cont, window functions),
 * never by looping over calls in JavaScript. A period is whole local days in a time zone: its bounds are
 * turned into UTC in SQL (`AT TIME ZONE`), so a day with a DST change has 23 or 25 hours, and a call
 * belongs to the local day and hour it arrived in (a call spanning midnight counts on the day it came in).
 *
 * Definitions (shown on the page):
 * - offered: inbound calls that arrived in the period (one Call row per caller, so a transfer counts once);
 * - answered: an agent was connected; abandoned: the caller hung up before anyone answered (in the menu,
 *   the queue, or at the voicemail prompt without a message); voicemails: a message was left;
 * - short abandons: abandoned within `shortAbandonSeconds` (10 s) of arriving: excluded from service level;
 * - service level: answered within `serviceLevelSeconds` ÷ (offered − short abandons − callers still waiting);
 * - answer rate: answered ÷ offered; abandon rate: abandoned ÷ offered;
 * - wait: arrival in the queue to answer (answered calls); talk: answer to end; hold: from `held` to the
 *   next `resumed` (or the end) on the call's timeline; wrap-up: the end to Done (or the wrap-up timeout).
 */
export interface ReportQuery {
  /** Local dates, inclusive, YYYY-MM-DD. */
  from: string
  to: string
  queueId: number | null
  timeZone: string
  serviceLevelSeconds: number
  shortAbandonSeconds?: number
  /** Time per state is counted up to this moment (now) at most. */
  now?: Date
}

export interface TeamFigures {
  offered: number
  answered: number
  abandoned: number
  shortAbandoned: number
  voicemails: number
  callbacks: number
  answeredWithinServiceLevel: number
  /** Ratios 0–1, null when there is nothing to divide by. */
  answerRate: number | null
  abandonRate: number | null
  serviceLevel: number | null
  /** Seconds, null with no call to average. */
  avgWait: number | null
  p90Wait: number | null
  avgTalk: number | null
  avgHold: number | null
  avgWrapUp: number | null
}

export interface AgentFigures {
  agentId: number
  name: string
  answered: number
  missed: number
  declined: number
  talkSeconds: number
  wrapUpSeconds: number
  /** Seconds in each presence during the period. */
  states: { online: number; away: number; offline: number }
  /** (talk + wrap-up) ÷ time available (online); null without time online. */
  occupancy: number | null
}

export interface HourRow {
  hour: number
  answered: number
  abandoned: number
  voicemail: number
  other: number
}

export interface WaitBucket {
  label: string
  answered: number
  abandoned: number
}

export interface DayRow {
  day: string
  offered: number
  serviceLevel: number | null
}

export interface Report {
  query: ReportQuery
  team: TeamFigures
  agents: AgentFigures[]
  hours: HourRow[]
  waits: WaitBucket[]
  days: DayRow[]
}

/** The wait-time distribution's buckets, in seconds (the last is open-ended). */
export const waitBuckets = [0, 10, 20, 30, 60, 120, 300] as const

/** The period's bounds in UTC (the columns are UTC timestamps without a zone), as a CTE named `b`. */
function bounds(q: ReportQuery): Prisma.Sql {
  return Prisma.sql`b AS (
    SELECT (${q.from}::date::timestamp AT TIME ZONE ${q.timeZone}) AT TIME ZONE 'UTC' AS lo,
           ((${q.to}::date + 1)::timestamp AT TIME ZONE ${q.timeZone}) AT TIME ZONE 'UTC' AS hi
  )`
}

/** Inbound calls that arrived in the period (and the queue), with their wait, talk and wrap-up in seconds. */
function base(q: ReportQuery): Prisma.Sql {
  const queue = q.queueId === null ? Prisma.empty : Prisma.sql`AND c."queueId" = ${q.queueId}`
  return Prisma.sql`${bounds(q)}, base AS (
    SELECT c."id", c."createdAt", c."agentId", c."endReason", c."answeredAt", c."endedAt",
      EXTRACT(EPOCH FROM (COALESCE(c."answeredAt", c."endedAt") - COALESCE(c."queuedAt", c."createdAt"))) AS wait,
      EXTRACT(EPOCH FROM (c."endedAt" - c."answeredAt")) AS talk,
      CASE WHEN c."wrapUpDoneAt" IS NOT NULL THEN EXTRACT(EPOCH FROM (LEAST(c."wrapUpDoneAt", c."wrapUpEndsAt") - c."endedAt")) END AS wrap,
      (c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${q.timeZone} AS local
    FROM "Call" c, b
    WHERE c."createdAt" >= b.lo AND c."createdAt" < b.hi AND c."direction" = 'inbound' ${queue}
  )`
}

/**
 * Time on hold of the period's calls: each `held` event until the next `resumed` (or the call's end). The
 * events come from the hold feature's timeline; without them the total is 0.
 */
export function holdSql(q: ReportQuery): Prisma.Sql {
  return Prisma.sql`
    WITH ${base(q)}
    SELECT COALESCE(SUM(EXTRACT(EPOCH FROM (COALESCE(e.next_at, c."endedAt") - e."createdAt"))), 0) AS hold_total
    FROM (
      SELECT "callId", "type", "createdAt", lead("createdAt") OVER (PARTITION BY "callId" ORDER BY "createdAt", "id") AS next_at
      FROM "CallEvent", b WHERE "type" IN ('held', 'resumed') AND "createdAt" >= b.lo
    ) e JOIN base c ON c."id" = e."callId"
    WHERE e."type" = 'held'`
}

/** The 90th percentile of the wait to answer (linear interpolation, as percentile_cont). */
export function waitPercentileSql(q: ReportQuery): Prisma.Sql {
  return Prisma.sql`
    WITH ${base(q)}
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) AS p90_wait FROM base WHERE "answeredAt" IS NOT NULL`
}

type Num = number | string | null | bigint | undefined
const num = (value: Num): number => (value === null || value === undefined ? 0 : Number(value))
const maybe = (value: Num): number | null => (value === null || value === undefined ? null : Number(value))
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

interface CallFigures {
  team: TeamFigures
  hours: HourRow[]
  waits: WaitBucket[]
  days: DayRow[]
}

/**
 * The team's figures, calls per hour, the wait distribution and service level per day in one scan of the
 * period's calls (GROUPING SETS: the whole period, each local hour, each local day, each wait bucket).
 */
export function callFiguresSql(q: ReportQuery): Prisma.Sql {
  const short = q.shortAbandonSeconds ?? 10
  return Prisma.sql`
    WITH ${base(q)}, shaped AS (
      SELECT "answeredAt", "endedAt", "endReason", wait, talk, wrap, EXTRACT(HOUR FROM local)::int AS hour, to_char(local, 'YYYY-MM-DD') AS day,
        width_bucket(wait, ${waitBuckets.map(Number)}::float8[]) AS bucket
      FROM base
    )
    SELECT GROUPING(hour) AS g_hour, GROUPING(day) AS g_day, GROUPING(bucket) AS g_bucket, hour, day, bucket,
      COUNT(*) AS offered,
      COUNT(*) FILTER (WHERE "answeredAt" IS NOT NULL) AS answered,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endReason" = 'abandoned') AS abandoned,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endReason" = 'abandoned' AND wait < ${short}) AS short_abandoned,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endReason" = 'voicemail') AS voicemails,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endReason" = 'callback') AS callbacks,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND ("endReason" IS NULL OR "endReason" NOT IN ('abandoned', 'voicemail'))) AS other,
      COUNT(*) FILTER (WHERE "answeredAt" IS NOT NULL AND wait <= ${q.serviceLevelSeconds}) AS within_sl,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endedAt" IS NULL) AS waiting,
      AVG(wait) FILTER (WHERE "answeredAt" IS NOT NULL) AS avg_wait,
      AVG(talk) FILTER (WHERE "answeredAt" IS NOT NULL AND "endedAt" IS NOT NULL) AS avg_talk,
      AVG(wrap) AS avg_wrap
    FROM shaped
    GROUP BY GROUPING SETS ((), (hour), (day), (bucket))`
}

export async function callFigures(db: PrismaClient, q: ReportQuery): Promise<CallFigures> {
  const [rows, [percentile], [hold]] = await Promise.all([
    db.$queryRaw<Record<string, Num>[]>(callFiguresSql(q)),
    db.$queryRaw<Record<string, Num>[]>(waitPercentileSql(q)),
    db.$queryRaw<Record<string, Num>[]>(holdSql(q)),
  ])
  const whole = rows.find((r) => num(r.g_hour) === 1 && num(r.g_day) === 1 && num(r.g_bucket) === 1) ?? {}
  const offered = num(whole.offered)
  const answered = num(whole.answered)
  const abandoned = num(whole.abandoned)
  const shortAbandoned = num(whole.short_abandoned)
  const within = num(whole.within_sl)
  const team: TeamFigures = {
    offered,
    answered,
    abandoned,
    shortAbandoned,
    voicemails: num(whole.voicemails),
    callbacks: num(whole.callbacks),
    answeredWithinServiceLevel: within,
    answerRate: ratio(answered, offered),
    abandonRate: ratio(abandoned, offered),
    serviceLevel: ratio(within, offered - shortAbandoned - num(whole.waiting)),
    avgWait: maybe(whole.avg_wait),
    p90Wait: maybe(percentile?.p90_wait),
    avgTalk: maybe(whole.avg_talk),
    avgHold: answered > 0 ? num(hold?.hold_total) / answered : null,
    avgWrapUp: maybe(whole.avg_wrap),
  }
  const by = (set: 'g_hour' | 'g_day' | 'g_bucket') => rows.filter((r) => num(r[set]) === 0)
  const hourRows = by('g_hour')
  const hours = Array.from({ length: 24 }, (_, hour) => {
    const r = hourRows.find((row) => num(row.hour) === hour)
    return { hour, answered: num(r?.answered), abandoned: num(r?.abandoned), voicemail: num(r?.voicemails), other: num(r?.other) }
  })
  const bucketRows = by('g_bucket')
  const waits = waitBuckets.map((lower, index) => {
    const r = bucketRows.find((row) => num(row.bucket) === index + 1)
    const upper = waitBuckets[index + 1]
    return { label: upper === undefined ? `${lower} s or more` : `${lower}–${upper} s`, answered: num(r?.answered), abandoned: num(r?.abandoned) }
  })
  const dayRows = by('g_day')
  const days: DayRow[] = []
  for (let day = q.from; day <= q.to; day = addDays(day, 1)) {
    const r = dayRows.find((row) => row.day === day)
    days.push({ day, offered: num(r?.offered), serviceLevel: ratio(num(r?.within_sl), num(r?.offered) - num(r?.short_abandoned) - num(r?.waiting)) })
  }
  return { team, hours, waits, days }
}

export async function teamFigures(db: PrismaClient, q: ReportQuery): Promise<TeamFigures> {
  return (await callFigures(db, q)).team
}

/**
 * Per agent: answered, talk and wrap-up from the calls they held that arrived (or were placed) in the period;
 * missed (offers that timed out or that their browser did not answer) and declined from the timeline;
 * time per state from the recorded state changes, clipped to the period and to now.
 */
export function agentFiguresSql(q: ReportQuery): Prisma.Sql {
  const queue = q.queueId === null ? Prisma.empty : Prisma.sql`AND c."queueId" = ${q.queueId}`
  const eventQueue = q.queueId === null ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM "Call" c WHERE c."id" = e."callId" AND c."queueId" = ${q.queueId})`
  const now = q.now ?? new Date()
  return Prisma.sql`
    WITH ${bounds(q)}, calls AS (
      SELECT c."agentId",
        COUNT(*) FILTER (WHERE c."answeredAt" IS NOT NULL AND c."direction" = 'inbound') AS answered,
        COALESCE(SUM(EXTRACT(EPOCH FROM (c."endedAt" - c."answeredAt"))) FILTER (WHERE c."answeredAt" IS NOT NULL), 0) AS talk,
        COALESCE(SUM(EXTRACT(EPOCH FROM (LEAST(c."wrapUpDoneAt", c."wrapUpEndsAt") - c."endedAt"))) FILTER (WHERE c."wrapUpDoneAt" IS NOT NULL), 0) AS wrap
      FROM "Call" c, b
      WHERE c."createdAt" >= b.lo AND c."createdAt" < b.hi AND c."agentId" IS NOT NULL ${queue}
      GROUP BY c."agentId"
    ), misses AS (
      SELECT e."agentId",
        COUNT(*) FILTER (WHERE e."type" IN ('offer_timed_out', 'agent_missed')) AS missed,
        COUNT(*) FILTER (WHERE e."type" = 'declined') AS declined
      FROM "CallEvent" e, b
      WHERE e."type" IN ('offer_timed_out', 'agent_missed', 'declined') AND e."createdAt" >= b.lo AND e."createdAt" < b.hi AND e."agentId" IS NOT NULL ${eventQueue}
      GROUP BY e."agentId"
    ), spans AS (
      SELECT s."agentId", s."presence", s."createdAt" AS since,
        COALESCE(lead(s."createdAt") OVER (PARTITION BY s."agentId" ORDER BY s."createdAt", s."id"), ${now}::timestamp) AS until
      FROM "AgentStateChange" s, b WHERE s."createdAt" < b.hi
    ), states AS (
      SELECT spans."agentId",
        SUM(GREATEST(0, EXTRACT(EPOCH FROM (LEAST(until, b.hi, ${now}::timestamp) - GREATEST(since, b.lo))))) FILTER (WHERE "presence" = 'online') AS online,
        SUM(GREATEST(0, EXTRACT(EPOCH FROM (LEAST(until, b.hi, ${now}::timestamp) - GREATEST(since, b.lo))))) FILTER (WHERE "presence" = 'away') AS away,
        SUM(GREATEST(0, EXTRACT(EPOCH FROM (LEAST(until, b.hi, ${now}::timestamp) - GREATEST(since, b.lo))))) FILTER (WHERE "presence" = 'offline') AS offline
      FROM spans, b WHERE until > b.lo
      GROUP BY spans."agentId"
    )
    SELECT a."id" AS "agentId", a."name",
      COALESCE(calls.answered, 0) AS answered, COALESCE(misses.missed, 0) AS missed, COALESCE(misses.declined, 0) AS declined,
      COALESCE(calls.talk, 0) AS talk, COALESCE(calls.wrap, 0) AS wrap,
      COALESCE(states.online, 0) AS online, COALESCE(states.away, 0) AS away, COALESCE(states.offline, 0) AS offline
    FROM "Agent" a
    LEFT JOIN calls ON calls."agentId" = a."id"
    LEFT JOIN misses ON misses."agentId" = a."id"
    LEFT JOIN states ON states."agentId" = a."id"
    WHERE a."role" = 'agent' OR calls."agentId" IS NOT NULL OR misses."agentId" IS NOT NULL
    ORDER BY a."name", a."id"`
}

export async function agentFigures(db: PrismaClient, q: ReportQuery): Promise<AgentFigures[]> {
  const rows = await db.$queryRaw<Record<string, Num>[]>(agentFiguresSql(q))
  return rows.map((r) => {
    const talkSeconds = num(r.talk)
    const wrapUpSeconds = num(r.wrap)
    const online = num(r.online)
    return {
      agentId: num(r.agentId),
      name: String(r.name),
      answered: num(r.answered),
      missed: num(r.missed),
      declined: num(r.declined),
      talkSeconds,
      wrapUpSeconds,
      states: { online, away: num(r.away), offline: num(r.offline) },
      occupancy: online > 0 ? Math.min(1, (talkSeconds + wrapUpSeconds) / online) : null,
    }
  })
}

/** The live board's small chart: how long inbound callers of the last hour waited (or have waited so far). */
export async function waitsSince(db: PrismaClient, since: Date, now = new Date()): Promise<(WaitBucket & { waiting: number })[]> {
  const rows = await db.$queryRaw<Record<string, Num>[]>`
    SELECT width_bucket(EXTRACT(EPOCH FROM (COALESCE("answeredAt", "endedAt", ${now}::timestamp) - COALESCE("queuedAt", "createdAt"))), ${waitBuckets.map(Number)}::float8[]) AS bucket,
      COUNT(*) FILTER (WHERE "answeredAt" IS NOT NULL) AS answered,
      COUNT(*) FILTER (WHERE "answeredAt" IS NULL AND "endReason" = 'abandoned') AS abandoned,
      COUNT(*) FILTER (WHERE "status" IN ('queued', 'offered', 'connecting')) AS waiting
    FROM "Call" WHERE "createdAt" >= ${since}::timestamp AND "direction" = 'inbound'
    GROUP BY 1`
  return waitBuckets.map((lower, index) => {
    const r = rows.find((row) => num(row.bucket) === index + 1)
    const upper = waitBuckets[index + 1]
    return { label: upper === undefined ? `${lower} s or more` : `${lower}–${upper} s`, answered: num(r?.answered), abandoned: num(r?.abandoned), waiting: num(r?.waiting) }
  })
}

export async function report(db: PrismaClient, q: ReportQuery): Promise<Report> {
  const [calls, agents] = await Promise.all([callFigures(db, q), agentFigures(db, q)])
  return { query: q, ...calls, agents }
}
