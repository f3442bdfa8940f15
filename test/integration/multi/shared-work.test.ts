import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { freshPostgres, type TestDatabase } from '../../support/database.ts'
import { pgConfig } from '../../../src/db/pg-config.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? ''

/**
 * Work every instance does on the shared database (routing, offer timers and their sweep, the outbox),
 * with two app instances in this process racing each other. The database decides who wins.
 */
describe.skipIf(!serverUrl)('two instances sharing the work (needs TEST_DATABASE_URL)', () => {
  let database: TestDatabase
  let one: TestApp, two: TestApp
  beforeAll(async () => {
    database = await freshPostgres(serverUrl)
    one = await startTestApp({ database })
    two = await startTestApp({ database })
  }, 120_000)
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()])
    await database?.close()
  })

  /** Agents online with a live panel somewhere, and callers waiting, written as the app would leave them. */
  async function agentsAndCallers(agents: number, callers: number, tag: string) {
    await one.prisma.agent.createMany({ data: Array.from({ length: agents }, (_, i) => ({ name: `${tag} ${i}`, email: `${tag}-${i}@example.com`, passwordHash: 'unused', presence: 'online' as const })) })
    const ids = (await one.prisma.agent.findMany({ where: { email: { startsWith: `${tag}-` } }, select: { id: true } })).map((row) => row.id)
    const now = new Date()
    await one.prisma.connection.createMany({ data: ids.map((agentId) => ({ id: randomUUID(), agentId, instanceId: 'elsewhere', openedAt: now, seenAt: now })) })
    await one.prisma.call.createMany({ data: Array.from({ length: callers }, (_, i) => ({ direction: 'inbound' as const, status: 'queued' as const, from: `+1555000${String(i).padStart(4, '0')}`, to: '+15550100000', queuedAt: new Date(now.getTime() + i) })) })
    return ids
  }

  it('routes concurrently from both instances without giving any agent two calls', async () => {
    const ids = await agentsAndCallers(12, 20, 'router')
    await Promise.all([one, two, one, two].map((t) => t.app.calls.route()))
    const offered = await one.prisma.call.findMany({ where: { status: 'offered' }, select: { agentId: true } })
    expect(offered.map((call) => call.agentId).sort()).toEqual([...ids].sort())
    expect(await one.prisma.call.count({ where: { status: 'queued' } })).toBe(8)
    await one.prisma.call.updateMany({ data: { status: 'ended', endReason: 'failed', agentId: null } })
    await one.prisma.agent.updateMany({ where: { id: { in: ids } }, data: { presence: 'offline' } })
  })

  it('picks again when the unique index says another instance gave the chosen agent a call first', async () => {
    const [first, second] = await agentsAndCallers(2, 1, 'race')
    const elsewhere = new pg.Client(pgConfig(database.url))
    await elsewhere.connect()
    try {
      await elsewhere.query('BEGIN')
      await elsewhere.query(`INSERT INTO "Call" ("direction", "status", "from", "to", "agentId", "createdAt", "updatedAt") VALUES ('outbound', 'dialing', '+15550100000', '+15557654321', $1, now(), now())`, [first])
      const routing = two.app.calls.route()
      const waitingOnLock = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
      await expect.poll(async () => (await elsewhere.query<{ n: number }>(waitingOnLock)).rows[0]?.n).toBe(1)
      await elsewhere.query('COMMIT')
      await routing
    } finally {
      await elsewhere.end()
    }
    expect(await one.prisma.call.findFirstOrThrow({ where: { direction: 'inbound', status: 'offered' } })).toMatchObject({ agentId: second })
    await one.prisma.call.updateMany({ where: { status: { not: 'ended' } }, data: { status: 'ended', endReason: 'failed' } })
    await one.prisma.agent.updateMany({ where: { id: { in: [first!, second!] } }, data: { presence: 'offline' } })
  })

  it('lets a stale offer timer change nothing on either instance, and expires an overdue offer exactly once', async () => {
    const [agentId] = await agentsAndCallers(1, 2, 'timer')
    await one.app.calls.route()
    const first = await one.prisma.call.findFirstOrThrow({ where: { status: 'offered', agentId } })
    expect((await two.app.calls.click(first.id, agentId!, 'accept', first.version))?.ok).toBe(true)
    expect(await Promise.all([one, two].map((t) => t.app.calls.expireOffer(first.id, agentId!, first.version)))).toEqual([null, null])
    expect(await one.prisma.call.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: 'connecting', agentId })

    await one.prisma.call.update({ where: { id: first.id }, data: { status: 'ended', endReason: 'completed' } })
    await one.app.calls.route()
    const second = await one.prisma.call.findFirstOrThrow({ where: { status: 'offered', agentId } })
    await one.prisma.call.update({ where: { id: second.id }, data: { updatedAt: new Date(Date.now() - 60 * 60_000) } })
    await Promise.all([one, two, one, two].map((t) => t.app.calls.expireStaleOffers()))
    expect(await one.prisma.callEvent.count({ where: { callId: second.id, type: 'offer_timed_out' } })).toBe(1)
    expect(await one.prisma.agent.findUniqueOrThrow({ where: { id: agentId! } })).toMatchObject({ presence: 'away' })
  })

  it('runs each outbox job once although both instances claim at the same time', async () => {
    await one.prisma.outboxJob.createMany({ data: Array.from({ length: 60 }, () => ({ kind: 'hang_up' })) })
    for (let i = 0; i < 3; i++) for (const t of [one, two]) t.app.outbox.kick()
    await expect.poll(() => one.prisma.outboxJob.count({ where: { doneAt: null } }), { timeout: 15_000 }).toBe(0)
    const jobs = await one.prisma.outboxJob.findMany({ where: { kind: 'hang_up', callId: null } })
    expect(jobs).toHaveLength(60)
    expect(jobs.every((job) => job.attempts === 1 && job.lastError === null)).toBe(true)
  })
})
