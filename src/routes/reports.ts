import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Prisma } from '../db/client.ts'
import { requireAdmin } from '../agents/guards.ts'
import { formatDuration } from '../admin/durations.ts'
import { formatValue, stackedBars } from '../reports/charts.ts'
import { csvRecord, freeText, type CsvValue } from '../reports/csv.ts'
import { report, type Report, type ReportQuery } from '../reports/figures.ts'
import { parseReportFilters, reportQueryString, type ReportFilters } from '../reports/query.ts'

const percent = (value: number | null) => formatValue(value, 'percent')
const seconds = (value: number | null) => (value === null ? '—' : formatDuration(value * 1000))

/**
 * `/admin/reports`: the team's figures for a period and queue, three SVG charts (each with its data table),
 * per-agent figures, and two CSV exports (figures, call list). Admins only: agents get 403.
 */
export async function reportRoutes(app: FastifyInstance) {
  const filtersOf = async (request: FastifyRequest) => {
    const hours = await app.prisma.businessHours.findUnique({ where: { id: 1 }, select: { timeZone: true } })
    return parseReportFilters(request.query, hours?.timeZone ?? 'UTC')
  }
  const queryOf = (filters: ReportFilters): ReportQuery => ({ from: filters.from, to: filters.to, queueId: filters.queue, timeZone: filters.tz, serviceLevelSeconds: app.config.serviceLevelSeconds })

  app.get('/admin/reports', async (request, reply) => {
    const agent = requireAdmin(request)
    const queues = await app.prisma.queue.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } })
    const page = { agent, csrfToken: request.session?.csrfToken, queues, serviceLevelSeconds: app.config.serviceLevelSeconds, format: formatValue }
    const parsed = await filtersOf(request)
    if (!parsed.ok) return reply.code(400).view('admin/reports.eta', { ...page, values: parsed.raw, errors: parsed.errors })
    const { filters } = parsed
    const data = await report(app.prisma, queryOf(filters))
    return reply.view('admin/reports.eta', {
      ...page,
      values: filters,
      errors: {},
      report: data,
      query: reportQueryString(filters),
      queueName: queues.find((queue) => queue.id === filters.queue)?.name,
      figures: teamRows(data),
      charts: charts(data),
      agents: data.agents.map((row) => ({
        ...row,
        talk: seconds(row.talkSeconds),
        wrapUp: seconds(row.wrapUpSeconds),
        online: seconds(row.states.online),
        away: seconds(row.states.away),
        offline: seconds(row.states.offline),
        occupancy: percent(row.occupancy),
      })),
    })
  })

  app.get('/admin/reports/figures.csv', async (request, reply) => {
    requireAdmin(request)
    const filters = await csvFilters(request, reply, filtersOf)
    if (!filters) return reply
    const data = await report(app.prisma, queryOf(filters))
    return sendCsv(reply, `figures-${filters.from}-to-${filters.to}.csv`, figureRecords(data, filters))
  })

  app.get('/admin/reports/calls.csv', async (request, reply) => {
    requireAdmin(request)
    const filters = await csvFilters(request, reply, filtersOf)
    if (!filters) return reply
    return sendCsv(reply, `calls-${filters.from}-to-${filters.to}.csv`, callRecords(app, filters))
  })
}

async function csvFilters(request: FastifyRequest, reply: FastifyReply, filtersOf: (request: FastifyRequest) => ReturnType<typeof parseReportFilters> | Promise<ReturnType<typeof parseReportFilters>>) {
  const parsed = await filtersOf(request)
  if (parsed.ok) return parsed.filters
  await reply.code(400).type('text/plain; charset=utf-8').send(Object.values(parsed.errors).join('\n'))
  return null
}

function sendCsv(reply: FastifyReply, filename: string, records: AsyncIterable<CsvValue[]> | Iterable<CsvValue[]>) {
  async function* lines() {
    for await (const record of records) yield csvRecord(record)
  }
  return reply
    .type('text/csv; charset=utf-8; header=present')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(Readable.from(lines()))
}

function teamRows(data: Report) {
  const t = data.team
  return [
    { key: 'offered', label: 'Offered', value: String(t.offered) },
    { key: 'answered', label: 'Answered', value: String(t.answered) },
    { key: 'abandoned', label: 'Abandoned', value: String(t.abandoned) },
    { key: 'short_abandoned', label: 'Abandoned within 10 s', value: String(t.shortAbandoned) },
    { key: 'voicemails', label: 'Voicemails', value: String(t.voicemails) },
    { key: 'answer_rate', label: 'Answer rate', value: percent(t.answerRate) },
    { key: 'abandon_rate', label: 'Abandon rate', value: percent(t.abandonRate) },
    { key: 'service_level', label: `Service level (${data.query.serviceLevelSeconds} s)`, value: percent(t.serviceLevel) },
    { key: 'avg_wait', label: 'Average wait', value: seconds(t.avgWait) },
    { key: 'p90_wait', label: '90th percentile wait', value: seconds(t.p90Wait) },
    { key: 'avg_talk', label: 'Average talk', value: seconds(t.avgTalk) },
    { key: 'avg_hold', label: 'Average hold', value: seconds(t.avgHold) },
    { key: 'avg_wrap_up', label: 'Average wrap-up', value: seconds(t.avgWrapUp) },
  ]
}

function charts(data: Report) {
  return {
    hours: stackedBars('chart-hours', 'Calls per hour of the day, by outcome', data.hours.map((row) => String(row.hour).padStart(2, '0')), [
      { name: 'Answered', key: 'outcome-answered', values: data.hours.map((row) => row.answered) },
      { name: 'Abandoned', key: 'outcome-abandoned', values: data.hours.map((row) => row.abandoned) },
      { name: 'Voicemail', key: 'outcome-voicemail', values: data.hours.map((row) => row.voicemail) },
      { name: 'Other', key: 'outcome-other', values: data.hours.map((row) => row.other) },
    ]),
    waits: stackedBars('chart-waits', 'How long callers waited', data.waits.map((row) => row.label), [
      { name: 'Answered', key: 'outcome-answered', values: data.waits.map((row) => row.answered) },
      { name: 'Abandoned', key: 'outcome-abandoned', values: data.waits.map((row) => row.abandoned) },
    ]),
    days: stackedBars('chart-days', `Service level per day (${data.query.serviceLevelSeconds} s)`, data.days.map((row) => row.day.slice(5)), [
      { name: 'Service level', key: 'service-level', values: data.days.map((row) => row.serviceLevel ?? 0), format: 'percent' },
    ], 1),
  }
}

/** The figures as records: section, item, measure, value (seconds and ratios as plain numbers). */
function* figureRecords(data: Report, filters: ReportFilters): Iterable<CsvValue[]> {
  const t = data.team
  yield ['section', 'item', 'measure', 'value']
  yield ['period', '', 'time_zone', filters.tz]
  yield ['period', '', 'from', filters.from]
  yield ['period', '', 'to', filters.to]
  yield ['period', '', 'queue', filters.queue ?? 'all']
  yield ['period', '', 'service_level_seconds', data.query.serviceLevelSeconds]
  const team: [string, number | null][] = [
    ['offered', t.offered], ['answered', t.answered], ['abandoned', t.abandoned], ['abandoned_within_10s', t.shortAbandoned],
    ['voicemails', t.voicemails], ['callbacks', t.callbacks], ['answer_rate', t.answerRate], ['abandon_rate', t.abandonRate],
    ['service_level', t.serviceLevel], ['avg_wait_seconds', t.avgWait], ['p90_wait_seconds', t.p90Wait], ['avg_talk_seconds', t.avgTalk],
    ['avg_hold_seconds', t.avgHold], ['avg_wrap_up_seconds', t.avgWrapUp],
  ]
  for (const [measure, value] of team) yield ['team', '', measure, value]
  for (const a of data.agents) {
    const rows: [string, number | null][] = [
      ['answered', a.answered], ['missed', a.missed], ['declined', a.declined], ['talk_seconds', a.talkSeconds], ['wrap_up_seconds', a.wrapUpSeconds],
      ['available_seconds', a.states.online], ['away_seconds', a.states.away], ['offline_seconds', a.states.offline], ['occupancy', a.occupancy],
    ]
    for (const [measure, value] of rows) yield ['agent', freeText(a.name), measure, value]
  }
  for (const h of data.hours) for (const outcome of ['answered', 'abandoned', 'voicemail', 'other'] as const) yield ['hour', String(h.hour).padStart(2, '0'), outcome, h[outcome]]
  for (const w of data.waits) for (const outcome of ['answered', 'abandoned'] as const) yield ['wait', w.label, outcome, w[outcome]]
  for (const d of data.days) {
    yield ['day', d.day, 'offered', d.offered]
    yield ['day', d.day, 'service_level', d.serviceLevel]
  }
}

interface CallCsvRow {
  id: number
  createdAt: Date
  local: string
  direction: string
  from: string
  to: string
  callerName: string | null
  queue: string | null
  agent: string | null
  status: string
  endReason: string | null
  wait: number | null
  talk: number | null
  wrap: number | null
  disposition: string | null
  notes: string | null
}

/** The period's calls, oldest first, read in batches (keyset on createdAt, id) while the response streams. */
async function* callRecords(app: FastifyInstance, filters: ReportFilters): AsyncIterable<CsvValue[]> {
  yield ['id', `started (${filters.tz})`, 'started_utc', 'direction', 'from', 'to', 'caller_name', 'queue', 'agent', 'status', 'end_reason', 'wait_seconds', 'talk_seconds', 'wrap_up_seconds', 'disposition', 'notes']
  const queue = filters.queue === null ? Prisma.empty : Prisma.sql`AND c."queueId" = ${filters.queue}`
  let after: { at: Date; id: number } | null = null
  for (;;) {
    const cursor: Prisma.Sql = after ? Prisma.sql`AND (c."createdAt", c."id") > (${after.at}::timestamp, ${after.id})` : Prisma.empty
    const rows: CallCsvRow[] = await app.prisma.$queryRaw<CallCsvRow[]>`
      WITH b AS (
        SELECT (${filters.from}::date::timestamp AT TIME ZONE ${filters.tz}) AT TIME ZONE 'UTC' AS lo,
               ((${filters.to}::date + 1)::timestamp AT TIME ZONE ${filters.tz}) AT TIME ZONE 'UTC' AS hi
      )
      SELECT c."id", c."createdAt", to_char((c."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${filters.tz}, 'YYYY-MM-DD HH24:MI:SS') AS local,
        c."direction"::text AS direction, c."from", c."to", c."callerName", q."name" AS queue, a."name" AS agent, c."status"::text AS status, c."endReason"::text AS "endReason",
        ROUND(EXTRACT(EPOCH FROM (COALESCE(c."answeredAt", c."endedAt") - COALESCE(c."queuedAt", c."createdAt"))))::int AS wait,
        ROUND(EXTRACT(EPOCH FROM (c."endedAt" - c."answeredAt")))::int AS talk,
        CASE WHEN c."wrapUpDoneAt" IS NOT NULL THEN ROUND(EXTRACT(EPOCH FROM (LEAST(c."wrapUpDoneAt", c."wrapUpEndsAt") - c."endedAt")))::int END AS wrap,
        c."disposition", c."notes"
      FROM "Call" c CROSS JOIN b LEFT JOIN "Queue" q ON q."id" = c."queueId" LEFT JOIN "Agent" a ON a."id" = c."agentId"
      WHERE c."createdAt" >= b.lo AND c."createdAt" < b.hi ${queue} ${cursor}
      ORDER BY c."createdAt", c."id" LIMIT 2000`
    for (const r of rows) {
      yield [r.id, r.local, r.createdAt.toISOString(), r.direction, r.from, r.to, freeText(r.callerName), freeText(r.queue), freeText(r.agent), r.status, r.endReason, r.wait, r.talk, r.wrap, freeText(r.disposition), freeText(r.notes)]
    }
    const last = rows.at(-1)
    if (!last || rows.length < 2000) return
    after = { at: last.createdAt, id: last.id }
  }
}
