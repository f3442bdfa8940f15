import type { PrismaClient } from '../../../src/db/client.ts'

/**
 * Calls whose figures the reports test computes by hand: America/New_York, Saturday 7 and Sunday 8 March
 * 2026 (clocks spring forward at 02:00 on the 8th, so that local day has 23 hours and ends at 04:00 UTC).
 */
export const period = { from: '2026-03-07', to: '2026-03-08', tz: 'America/New_York' }

const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000)

export const notesWithEverything = 'Said "call me, later"\nthen: hung up, twice'

export async function seedReportFixture(prisma: PrismaClient, agents: { alice: number; bob: number }) {
  const queue = await prisma.queue.create({ data: { name: 'Fixture', greeting: 'Hi.', holdMusicUrl: 'http://example.test/m.mp3', maxWaitSeconds: 0 } })
  const call = async (data: { created: string; wait: number; talk?: number; endReason: 'completed' | 'abandoned' | 'voicemail'; agentId?: number; direction?: 'inbound' | 'outbound'; wrap?: number; notes?: string; disposition?: string; queueId?: number | null }) => {
    const created = at(data.created)
    const answered = data.talk !== undefined ? at(data.created, data.wait) : null
    const ended = at(data.created, data.wait + (data.talk ?? 0))
    return prisma.call.create({
      data: {
        direction: data.direction ?? 'inbound', status: 'ended', from: '+15550001111', to: '+15550002222', agentId: data.agentId ?? null,
        queueId: data.queueId === undefined ? queue.id : data.queueId, createdAt: created, queuedAt: created, answeredAt: answered, endedAt: ended, endReason: data.endReason,
        wrapUpEndsAt: data.wrap !== undefined ? at(ended.toISOString(), 60) : null, wrapUpDoneAt: data.wrap !== undefined ? at(ended.toISOString(), data.wrap) : null,
        notes: data.notes ?? null, disposition: data.disposition ?? null,
      },
    })
  }
  // 1. Saturday 09:00 EST: waited 15 s, talked 300 s, wrapped up 30 s.
  await call({ created: '2026-03-07T14:00:00Z', wait: 15, talk: 300, endReason: 'completed', agentId: agents.alice, wrap: 30, notes: notesWithEverything, disposition: 'Resolved' })
  // 2. Saturday 10:00 EST: waited 40 s, talked 120 s of which 30 s on hold.
  const held = await call({ created: '2026-03-07T15:00:00Z', wait: 40, talk: 120, endReason: 'completed', agentId: agents.bob })
  await prisma.callEvent.createMany({ data: [
    { callId: held.id, type: 'held', createdAt: at('2026-03-07T15:00:00Z', 50) },
    { callId: held.id, type: 'resumed', createdAt: at('2026-03-07T15:00:00Z', 80) },
  ] })
  // 3. Saturday 23:59:50 EST, answered after 10 s (past midnight), ended Sunday: counts on Saturday.
  await call({ created: '2026-03-08T04:59:50Z', wait: 10, talk: 300, endReason: 'completed', agentId: agents.alice })
  // 4. Sunday 03:30 EDT (just after the clocks jumped): hung up after 5 s, a short abandon.
  await call({ created: '2026-03-08T07:30:00Z', wait: 5, endReason: 'abandoned' })
  // 5. Sunday 12:00 EDT: hung up after 60 s; bob had declined it.
  const abandoned = await call({ created: '2026-03-08T16:00:00Z', wait: 60, endReason: 'abandoned' })
  await prisma.callEvent.create({ data: { callId: abandoned.id, type: 'declined', agentId: agents.bob, createdAt: at('2026-03-08T16:00:00Z', 20) } })
  // 6. Sunday 13:00 EDT: a voicemail after 90 s.
  await call({ created: '2026-03-08T17:00:00Z', wait: 90, endReason: 'voicemail' })
  // 7. Sunday 14:00 EDT: answered by alice after 5 s, transferred to bob (one call, counted once), 200 s in all.
  const transferred = await call({ created: '2026-03-08T18:00:00Z', wait: 5, talk: 200, endReason: 'completed', agentId: agents.bob })
  await prisma.callEvent.createMany({ data: [
    { callId: transferred.id, type: 'connected', agentId: agents.alice, createdAt: at('2026-03-08T18:00:00Z', 5) },
    { callId: transferred.id, type: 'transferred', agentId: agents.alice, createdAt: at('2026-03-08T18:00:00Z', 60) },
    { callId: transferred.id, type: 'connected', agentId: agents.bob, createdAt: at('2026-03-08T18:00:00Z', 65) },
  ] })
  // Outside the period: Friday 23:59 EST, and Monday 00:30 EDT (inside if the end were taken at -05:00).
  await call({ created: '2026-03-07T04:59:00Z', wait: 3, talk: 10, endReason: 'completed', agentId: agents.alice })
  await call({ created: '2026-03-09T04:30:00Z', wait: 3, talk: 10, endReason: 'completed', agentId: agents.alice })
  // An outbound call in the period: not in the team's inbound figures.
  await call({ created: '2026-03-07T16:00:00Z', wait: 3, talk: 60, endReason: 'completed', agentId: agents.alice, direction: 'outbound', queueId: null })
  // alice: offer timed out once; Available 13:00–17:00 UTC, Away (Break) until 18:00, then Offline.
  await prisma.callEvent.create({ data: { callId: abandoned.id, type: 'offer_timed_out', agentId: agents.alice, createdAt: at('2026-03-08T16:00:00Z', 50) } })
  await prisma.agentStateChange.createMany({ data: [
    { agentId: agents.alice, presence: 'online', createdAt: at('2026-03-07T13:00:00Z') },
    { agentId: agents.alice, presence: 'away', reason: 'Break', createdAt: at('2026-03-07T17:00:00Z') },
    { agentId: agents.alice, presence: 'offline', createdAt: at('2026-03-07T18:00:00Z') },
  ] })
  return { queueId: queue.id }
}
