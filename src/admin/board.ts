import fp from 'fastify-plugin'
import { Prisma, type PrismaClient } from '../db/client.ts'
import { channels, type LiveHub } from '../live/hub.ts'
import { activeStatuses, supervisable, supervisions } from '../calls/lifecycle.ts'
import { callCardSelect } from '../calls/cards.ts'
import { teamFigures, waitsSince } from '../reports/figures.ts'
import { formatValue, stackedBars } from '../reports/charts.ts'
import { localDate } from '../reports/query.ts'

/** Per queue: callers waiting (queued or being offered) and since when the longest has waited. */
async function queueLines(db: PrismaClient) {
  const rows = await db.$queryRaw<{ id: number | null; name: string | null; waiting: bigint; since: Date | null }[]>`
    SELECT q."id", q."name", COUNT(c."id") AS waiting, MIN(COALESCE(c."queuedAt", c."createdAt")) AS since
    FROM "Queue" q LEFT JOIN "Call" c ON c."queueId" = q."id" AND c."status" IN ('queued', 'offered')
    GROUP BY q."id", q."name"
    UNION ALL
    SELECT NULL, NULL, COUNT(*), MIN(COALESCE(c."queuedAt", c."createdAt")) FROM "Call" c WHERE c."queueId" IS NULL AND c."status" IN ('queued', 'offered')
    ORDER BY 2 NULLS LAST`
  return rows.filter((row) => row.id !== null || Number(row.waiting) > 0).map((row) => ({ id: row.id, name: row.name ?? 'No queue', waiting: Number(row.waiting), since: row.since }))
}

/** Today (in the team's time zone) so far: service level and abandon rate, computed as the reports do. */
async function today(db: PrismaClient, serviceLevelSeconds: number) {
  const zone = (await db.businessHours.findUnique({ where: { id: 1 }, select: { timeZone: true } }))?.timeZone ?? 'UTC'
  const day = localDate(new Date(), zone)
  const figures = await teamFigures(db, { from: day, to: day, queueId: null, timeZone: zone, serviceLevelSeconds })
  return { day, zone, serviceLevelSeconds, offered: figures.offered, serviceLevel: formatValue(figures.serviceLevel, 'percent'), abandonRate: formatValue(figures.abandonRate, 'percent') }
}

/**
 * Per active call, why Twilio refused its last supervision change (a `supervision_failed` note newer than any
 * Listen, Whisper, Barge or Leave): the board shows it under the call until a supervisor tries again.
 */
async function supervisionNotices(db: PrismaClient, callIds: number[]): Promise<Map<number, string>> {
  if (callIds.length === 0) return new Map()
  const types = ['supervision_failed', ...Object.values(supervisions).map((mode) => mode.note)]
  const rows = await db.$queryRaw<{ callId: number; type: string; notice: string | null }[]>`
    SELECT DISTINCT ON ("callId") "callId", "type", "data"->>'notice' AS notice FROM "CallEvent"
    WHERE "callId" IN (${Prisma.join(callIds)}) AND "type" IN (${Prisma.join(types)})
    ORDER BY "callId", "id" DESC`
  return new Map(rows.filter((row) => row.type === 'supervision_failed' && row.notice).map((row) => [row.callId, row.notice!]))
}

/** Everything the supervisor board shows, read in one go. */
export async function boardState(db: PrismaClient, connected: Promise<Set<number>>, serviceLevelSeconds = 20) {
  const now = new Date()
  // The calls and agents are read in one snapshot, so a push never shows a call both waiting and active.
  const snapshot = db.$transaction(
    [
      db.call.findMany({ where: { status: 'queued' }, orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }], select: callCardSelect }),
      db.call.findMany({ where: { status: { in: [...activeStatuses] } }, orderBy: { createdAt: 'asc' }, select: { ...callCardSelect, agent: { select: { name: true } } } }),
      db.agent.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, role: true, presence: true, awayReason: true, presenceSince: true } }),
      db.call.findMany({ where: { status: 'ended', wrapUpDoneAt: null, wrapUpEndsAt: { gt: now } }, select: { agentId: true, endedAt: true, wrapUpEndsAt: true } }),
    ],
    { isolationLevel: 'RepeatableRead' },
  )
  const [[queued, active, agents, wrapping], panels, lines, todays, waits] = await Promise.all([
    snapshot,
    connected,
    queueLines(db),
    today(db, serviceLevelSeconds),
    waitsSince(db, new Date(now.getTime() - 3_600_000), now),
  ])
  const waitChart = stackedBars('board-waits', 'Waits in the last hour', waits.map((row) => row.label), [
    { name: 'Answered', key: 'outcome-answered', values: waits.map((row) => row.answered) },
    { name: 'Abandoned', key: 'outcome-abandoned', values: waits.map((row) => row.abandoned) },
    { name: 'Still waiting', key: 'outcome-other', values: waits.map((row) => row.waiting) },
  ])
  const refused = await supervisionNotices(db, active.map((call) => call.id))
  const activeCalls = active.map((call) => ({ ...call, supervisable: supervisable(call.status), supervisionNotice: refused.get(call.id) ?? null }))
  const callOf = new Map(active.map((call) => [call.agentId, call]))
  const wrapUpOf = new Map(wrapping.map((call) => [call.agentId, call]))
  const people = agents.map((agent) => ({ ...agent, connected: panels.has(agent.id), call: callOf.get(agent.id) ?? null, wrapUp: wrapUpOf.get(agent.id) ?? null }))
  const states = (['online', 'away', 'offline'] as const).map((presence) => ({ presence, count: people.filter((agent) => agent.presence === presence).length }))
  return { queued, active: activeCalls, agents: people, queues: lines, today: todays, states, waitChart, format: formatValue }
}

/**
 * Asks for the board to be pushed to every admin watching it. A burst of changes costs one message: a
 * push asked for while one is pending joins it; the render reads the database after the asks.
 */
export function boardPusher(hub: Pick<LiveHub, 'publish'>): () => void {
  let pending = false
  return () => {
    if (pending) return
    pending = true
    setImmediate(() => {
      pending = false
      hub.publish(channels.supervisor, { kind: 'board' })
    })
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    renderBoard(): Promise<string>
  }
}

/** The live board: re-rendered for admins whenever a call, a presence or a panel changes. */
export const boardPlugin = fp(
  async (app) => {
    const state = () => boardState(app.prisma, app.connections.connectedAgentIds(), app.config.serviceLevelSeconds)
    app.decorate('renderBoard', async () => app.view('admin/_board', await state()))
    app.hub.renderWith('board', async () => app.view('admin/_board_push', await state()))
    const push = boardPusher(app.hub)
    app.calls.onChange(push)
    app.presence.onChange(push)
    app.connections.onChange(push)
  },
  { name: 'board', dependencies: ['database', 'hub', 'calls', 'presence', 'connections'] },
)
