import Fastify from 'fastify'
import { createPrisma, embeddedPool, type PrismaClient } from '../../src/db/client.ts'
import { seedDemoAgents } from '../../src/agents/seed.ts'
import { Calls } from '../../src/calls/calls.ts'
import { Cards, callCardSelect, type CallCard } from '../../src/calls/cards.ts'
import { Pushes } from '../../src/calls/pushes.ts'
import { CallStore, type ClaimedJob } from '../../src/calls/store.ts'
import type { LiveMessage } from '../../src/live/hub.ts'
import type { CallDirection, CallStatus } from '../../src/db/client.ts'
import { freshDatabase, type TestDatabase } from './database.ts'

export interface Published {
  channel: string
  message: LiveMessage
}

/** The Call model alone: real database, no HTTP, no simulator; what it publishes and kicks is recorded. */
export interface TestModel {
  calls: Calls
  store: CallStore
  prisma: PrismaClient
  published: Published[]
  /** How often the outbox was woken, and the jobs edges handed it claimed (with `claimJobs`). */
  kicks: { count: number; claimed: ClaimedJob[] }
  agents: { alice: number; bob: number }
  /** The demo's skills: alice in Sales and Support, bob in Support only. */
  queues: { sales: number; support: number }
  /** A call as a test wants it, written straight to the table (inbound calls wait in Support unless told). */
  callIn(status: CallStatus, direction: CallDirection, agentId: number | null, queueId?: number | null): Promise<CallCard>
  /** A panel connection, as the live route would open, for routing to see. */
  connect(agentId: number, seenAt?: Date): Promise<void>
  close(): Promise<void>
}

let sids = 0

export async function startModel(options: { offerTimeoutMs?: number; claimJobs?: boolean } = {}): Promise<TestModel> {
  const database: TestDatabase = await freshDatabase()
  const prisma = createPrisma(database.url, database.kind === 'embedded' ? embeddedPool : {})
  await seedDemoAgents(prisma)
  const rows = await prisma.agent.findMany({ select: { id: true, email: true } })
  const id = (name: string) => rows.find((row) => row.email === `${name}@example.com`)!.id
  const queue = (name: string, agents: number[]) =>
    prisma.queue.create({ data: { name, greeting: `${name}.`, holdMusicUrl: 'http://example.test/music.mp3', maxWaitSeconds: 0, members: { create: agents.map((agentId) => ({ agentId })) } } })
  const sales = await queue('Sales', [id('alice')])
  const support = await queue('Support', [id('alice'), id('bob')])
  const published: Published[] = []
  const kicks = { count: 0, claimed: [] as ClaimedJob[] }
  const store = new CallStore(prisma, undefined, () => options.claimJobs ?? false)
  const calls = new Calls({
    db: prisma,
    store,
    cards: new Cards(prisma),
    pushes: new Pushes({ publish: (channel, message) => void published.push({ channel, message }) }),
    outbox: {
      kick(claimed = []) {
        kicks.count++
        kicks.claimed.push(...claimed)
      },
    },
    clock: () => new Date(),
    log: Fastify({ logger: false }).log,
    offerTimeoutMs: options.offerTimeoutMs ?? 60_000,
    connectedSince: () => new Date(Date.now() - 30_000),
  })
  return {
    calls,
    store,
    prisma,
    published,
    kicks,
    agents: { alice: id('alice'), bob: id('bob') },
    queues: { sales: sales.id, support: support.id },
    callIn: (status, direction, agentId, queueId = direction === 'inbound' ? support.id : null) =>
      prisma.call.create({
        data: {
          direction,
          status,
          agentId,
          queueId,
          from: '+15557770001',
          to: '+15550100000',
          twilioSid: `CA${String(++sids).padStart(32, '0')}`,
          queuedAt: direction === 'inbound' ? new Date() : null,
          endReason: status === 'ended' ? 'completed' : null,
          endedAt: status === 'ended' ? new Date() : null,
        },
        select: callCardSelect,
      }),
    async connect(agentId, seenAt = new Date()) {
      await prisma.agent.update({ where: { id: agentId }, data: { presence: 'online' } })
      await prisma.connection.create({ data: { id: `test-${agentId}-${++sids}`, agentId, instanceId: 'test', openedAt: seenAt, seenAt } })
    },
    async close() {
      calls.stop()
      await prisma.$disconnect()
      await database.close()
    },
  }
}
